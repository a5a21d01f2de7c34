import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../support/capture-io.js';

describe('doraflow config', () => {
  it('masks a password inside a URL and prints maps as JSON', async () => {
    const io = captureIo({
      MONGODB_URI: 'mongodb://doraflow:s3cret-pass@db.internal:27017/doraflow',
      REDIS_URL: 'redis://:redis-pass@cache:6379',
      DORAFLOW_SERVICE_MAP: '{"payments-api":"checkout"}',
    });
    expect(await runCli(['config'], io)).toBe(0);
    const out = io.stdoutText();
    expect(out).not.toContain('s3cret-pass');
    expect(out).not.toContain('redis-pass');
    expect(out).toContain('MONGODB_URI=mongodb://doraflow:****@db.internal:27017/doraflow');
    expect(out).toContain('REDIS_URL=redis://:****@cache:6379');
    expect(out).toContain('DORAFLOW_SERVICE_MAP={"payments-api":"checkout"}');
  });
});
