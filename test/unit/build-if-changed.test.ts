import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain script of the package, without types.
import { needsBuild } from '../../scripts/build-if-changed.mjs';

describe('npm start builds only when sources changed', () => {
  const root = mkdtempSync(join(tmpdir(), 'doraflow-build-'));
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const at = (path: string, seconds: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), seconds, seconds);
  };

  it('builds without dist, or when any source is newer than the build; not otherwise', () => {
    at('src/domain/team.ts', 1_000);
    at('package.json', 1_000);
    expect(needsBuild(root)).toBe(true);
    at('dist/send.mjs', 2_000);
    expect(needsBuild(root)).toBe(false);
    at('src/domain/deep/new-file.ts', 3_000);
    expect(needsBuild(root)).toBe(true);
    at('dist/send.mjs', 4_000);
    at('tsconfig.json', 5_000);
    expect(needsBuild(root)).toBe(true);
  });
});
