import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { DoraflowError } from '../../src/domain/doraflow-error.js';

describe('loadConfig', () => {
  it('uses the defaults for an empty environment: embedded storage, in-process scheduler', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: './data',
      logLevel: 'info',
      shutdownTimeoutMs: 10_000,
      slackApiUrl: 'https://slack.com/api/',
    });
    expect(config.mongodbUri).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.ingestToken).toBeUndefined();
  });

  it('reads the given values', () => {
    const config = loadConfig({
      PORT: '8080',
      MONGODB_URI: 'mongodb://db:27017/dora',
      REDIS_URL: 'redis://cache:6379',
      DORAFLOW_INGEST_TOKEN: 'a'.repeat(32),
      LOG_LEVEL: 'debug',
      SLACK_API_URL: 'https://slack-gov.com/api/',
    });
    expect(config).toMatchObject({
      slackApiUrl: 'https://slack-gov.com/api/',
      port: 8080,
      mongodbUri: 'mongodb://db:27017/dora',
      redisUrl: 'redis://cache:6379',
      logLevel: 'debug',
    });
  });

  it('reports every bad variable at once, without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '70000',
        REDIS_URL: 'http://cache',
        LOG_LEVEL: 'loud',
        DORAFLOW_INGEST_TOKEN: 'short-secret',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DoraflowError);
    const message = (error as DoraflowError).message;
    expect((error as DoraflowError).code).toBe('DORAFLOW_ERR_CONFIG');
    for (const name of ['PORT', 'REDIS_URL', 'LOG_LEVEL', 'DORAFLOW_INGEST_TOKEN'])
      expect(message).toContain(name);
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain('http://cache');
  });

  it('asks for the missing half of the Slack OAuth settings', () => {
    expect(() => loadConfig({ SLACK_CLIENT_ID: '1.2', SLACK_SIGNING_SECRET: 'signing-secret' })).toThrow(
      'SLACK_CLIENT_SECRET and SLACK_STATE_SECRET must be set too (with SLACK_CLIENT_ID)',
    );
    expect(() =>
      loadConfig({
        SLACK_CLIENT_ID: '1.2',
        SLACK_CLIENT_SECRET: 'client-secret',
        SLACK_STATE_SECRET: 'state-secret-0123456789',
      }),
    ).toThrow('SLACK_CLIENT_ID needs SLACK_SIGNING_SECRET too');
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xoxb-wrong' })).toThrow(
      'SLACK_APP_TOKEN must be an app-level token',
    );
  });

  it('.env.example names only variables doraflow or docker-compose.yml reads', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const compose = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
    const named = [...example.matchAll(/^#? ?([A-Za-z_]+)=/gm)].map((m) => m[1]);
    const known = new Set([
      ...Object.values(CONFIG_SCHEMA).map((v) => v.env),
      ...[...compose.matchAll(/\$\{(\w+)/g)].map((m) => m[1]),
    ]);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((name) => !known.has(name ?? ''))).toEqual([]);
  });
});
