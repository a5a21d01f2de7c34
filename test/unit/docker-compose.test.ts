import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  command?: string[];
}

const text = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');

/** Compose's variable interpolation (`${NAME:-default}`, `${NAME:?error}`) over the given .env values. */
function interpolate(source: string, env: Record<string, string>): string {
  return source.replace(
    /\$\{(\w+)(?::([-?])([^}]*))?\}/g,
    (_match, name: string, kind?: string, rest?: string) => {
      const value = env[name];
      if (value) return value;
      if (kind === '-') return rest ?? '';
      throw new Error(`${name}: ${rest}`);
    },
  );
}

const DOT_ENV = { MONGODB_PASSWORD: 'f00dfeed' };
const compose = parse(interpolate(text, DOT_ENV)) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

describe('docker-compose.yml (no Docker engine here, so the file itself is checked)', () => {
  it('runs MongoDB, Redis and doraflow, each with a healthcheck', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['doraflow', 'mongodb', 'redis', 'worker']);
    for (const service of Object.values(compose.services))
      expect(service.healthcheck?.test.length).toBeGreaterThan(1);
    expect(compose.services.mongodb?.image).toMatch(/^mongo:/);
    expect(compose.services.redis?.image).toMatch(/^redis:/);
  });

  it('builds doraflow from the Dockerfile and points it at both services with valid configuration', () => {
    const app = compose.services.doraflow;
    expect(app?.build).toBe('.');
    const env = app?.environment ?? {};
    expect(env.MONGODB_URI).toBe('mongodb://doraflow:f00dfeed@mongodb:27017/doraflow?authSource=admin');
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    const config = loadConfig({ ...env, LOG_LEVEL: 'info' });
    expect(config.mongodbUri).toBe(env.MONGODB_URI);
    expect(app?.depends_on).toEqual({
      mongodb: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(app?.healthcheck?.test.join(' ')).toContain('/readyz');
  });

  it('turns MongoDB authentication on and refuses to start without a password', () => {
    expect(compose.services.mongodb?.environment).toEqual({
      MONGO_INITDB_ROOT_USERNAME: 'doraflow',
      MONGO_INITDB_ROOT_PASSWORD: 'f00dfeed',
    });
    expect(() => interpolate(text, {})).toThrow(/MONGODB_PASSWORD: set MONGODB_PASSWORD in \.env/);
    expect(text).toMatch(/Compose 2\.24 or later/);
  });

  it('keeps MongoDB data in a named volume and runs Redis the way BullMQ needs', () => {
    expect(compose.services.mongodb?.volumes).toContain('mongodb-data:/data/db');
    expect(Object.keys(compose.volumes)).toContain('mongodb-data');
    expect(compose.services.redis?.command).toEqual(expect.arrayContaining(['noeviction', '--appendonly']));
  });

  it('runs the HTTP role and the worker role from the same image, on the same MongoDB and Redis', () => {
    const { doraflow, worker } = compose.services;
    expect(doraflow?.command).toEqual(['serve']);
    expect(worker?.command).toEqual(['worker']);
    expect(worker?.build).toBe('.');
    expect(worker?.environment?.MONGODB_URI).toBe(doraflow?.environment?.MONGODB_URI);
    expect(worker?.environment?.REDIS_URL).toBe(doraflow?.environment?.REDIS_URL);
    expect(readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8')).toContain('CMD ["start"]');
  });
});
