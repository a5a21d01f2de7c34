import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
/** Each folder may import only from itself and the folders listed before it (docs: ARCHITECTURE). */
const LAYERS = [
  'domain',
  'config',
  'storage',
  'ingest',
  'reports',
  'render',
  'notify',
  'chat',
  'jobs',
  'app',
  'cli',
];
/**
 * Packages the pure domain may use: validation, calendars and timezones, cron patterns (BullMQ's
 * parser), reading a regular expression's structure, selecting a quantile's ranks; nothing with I/O.
 */
const DOMAIN_PACKAGES = new Set(['zod', 'date-fns', '@date-fns/tz', 'cron-parser', 'ret', 'quickselect']);
/** SDKs that only their edge may import. */
const SDK_HOMES: Record<string, string> = {
  '@slack/bolt': 'chat/slack',
  '@slack/web-api': 'chat/slack',
  botbuilder: 'chat/teams',
  'botframework-connector': 'chat/teams',
  mongodb: 'storage/mongo',
  lmdb: 'storage/embedded',
  bullmq: 'jobs/bullmq',
};

/** The programs: the doraflow command and the standalone send.mjs. */
const ENTRY_POINTS = ['cli/main.ts', 'cli/send-standalone.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'([^']+)'/gm),
    ...text.matchAll(/import\('([^']+)'\)/g),
  ].map((m) => m[1] ?? '');
}

const files = sourceFiles(SRC).map((path) => ({ path, rel: relative(SRC, path), imports: importsOf(path) }));

describe('architecture', () => {
  it('keeps every source file inside a known layer', () => {
    const outside = files.filter((f) => !LAYERS.includes(f.rel.split('/')[0] ?? ''));
    expect(outside.map((f) => f.rel)).toEqual([]);
  });

  it('imports only from the same or an earlier layer', () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = LAYERS.indexOf(file.rel.split('/')[0] ?? '');
      for (const spec of file.imports.filter((s) => s.startsWith('.'))) {
        const target = relative(SRC, resolve(join(SRC, file.rel, '..'), spec));
        const targetLayer = LAYERS.indexOf(target.split('/')[0] ?? '');
        if (targetLayer > layer) violations.push(`${file.rel} → ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycle, counting type-only imports', () => {
    const graph = new Map(
      files.map((file) => [
        file.rel,
        file.imports
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => relative(SRC, resolve(join(SRC, file.rel, '..'), spec)).replace(/\.js$/, '.ts')),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the domain pure: no node built-ins, SDKs, clock or environment', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => f.rel.startsWith('domain/'))) {
      for (const spec of file.imports.filter((s) => !s.startsWith('.'))) {
        // A package, or one of its own entry points (`date-fns/addDays` loads one function, not all).
        const pkg = spec.startsWith('@')
          ? spec.split('/').slice(0, 2).join('/')
          : (spec.split('/')[0] ?? spec);
        if (!DOMAIN_PACKAGES.has(pkg)) violations.push(`${file.rel} imports ${spec}`);
      }
      const text = readFileSync(file.path, 'utf8');
      if (/process\.env|Date\.now\(|new Date\(\)|Math\.random\(/.test(text))
        violations.push(`${file.rel} reads clock, randomness or env`);
    }
    expect(violations).toEqual([]);
  });

  it('lets only its edge import each SDK, and only the entry points read process.env (they pass it in)', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const spec of file.imports) {
        const home = SDK_HOMES[spec];
        if (home && !file.rel.startsWith(`${home}/`)) violations.push(`${file.rel} imports ${spec}`);
      }
      if (/process\.env/.test(readFileSync(file.path, 'utf8')) && !ENTRY_POINTS.includes(file.rel)) {
        violations.push(`${file.rel} reads process.env`);
      }
    }
    expect(violations).toEqual([]);
  });
});
