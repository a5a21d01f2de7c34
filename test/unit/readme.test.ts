import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigTable } from '../../src/config/render-config-table.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const ciRun = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');

describe('README', () => {
  it('has a configuration table identical to the schema (regenerate with npm run docs:config)', () => {
    const between = readme
      .split('<!-- config-table:start -->')[1]
      ?.split('<!-- config-table:end -->')[0]
      ?.trim();
    expect(between).toBe(renderConfigTable());
  });

  it('gives exactly two quick-start commands, and CI runs the test one', () => {
    const quickStart = readme.split('## Quick start')[1]?.split('\n## ')[0] ?? '';
    const commands = [...quickStart.matchAll(/```sh\n([^`]+)```/g)].map((m) => m[1]?.trim());
    expect(commands).toEqual(['npm install && npm start', 'npm test']);
    expect(ciRun).toMatch(/^CI=true npm test$/m);
  });
});
