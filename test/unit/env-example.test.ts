import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { withEnvFile } from '../../src/config/read-env-file.js';
import { renderEnvExample } from '../../src/config/render-env-example.js';

const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');

describe('.env.example and .env', () => {
  it('.env.example is generated from the schema (regenerate with npm run docs:config)', () => {
    expect(example).toBe(renderEnvExample());
  });

  it('lists every variable, commented out, so copying it to .env changes nothing', () => {
    for (const variable of Object.values(CONFIG_SCHEMA))
      expect(example).toContain(`\n# ${variable.env}=${variable.default ?? ''}\n`);
    expect(parseEnv(example)).toEqual({});
    expect(loadConfig(parseEnv(example))).toEqual(loadConfig({}));
  });

  it('.env is read under the environment: variables already set win; no file, no change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doraflow-env-'));
    try {
      expect(withEnvFile({ PORT: '1' }, dir)).toEqual({ PORT: '1' });
      writeFileSync(join(dir, '.env'), '# a comment\nPORT=4123\nHOST="127.0.0.1"\n');
      expect(withEnvFile({}, dir)).toEqual({ PORT: '4123', HOST: '127.0.0.1' });
      expect(withEnvFile({ PORT: '5000' }, dir)).toEqual({ PORT: '5000', HOST: '127.0.0.1' });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
