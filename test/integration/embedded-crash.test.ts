import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { openEmbeddedStorage } from '../../src/storage/embedded/open-embedded-storage.js';
import { tempDir } from '../support/temp-dir.js';

const writer = fileURLToPath(new URL('../support/crash-writer.mjs', import.meta.url));

describe('embedded storage durability', () => {
  let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
  afterEach(async () => {
    await dir?.remove();
  });

  it('keeps every write that returned when the process is killed with SIGKILL', async () => {
    dir = await tempDir();
    const child = spawn(process.execPath, [writer, dir.path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged: string[] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    for await (const line of createInterface({ input: child.stdout })) {
      acknowledged.push(line);
      if (acknowledged.length === 200) child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);

    const storage = openEmbeddedStorage({ dataDir: dir.path });
    const stored = await storage.events.findDeployments(DEFAULT_TENANT, {
      from: 0,
      to: Number.MAX_SAFE_INTEGER,
    });
    await storage.close();
    const ids = new Set(stored.map((d) => d.id));
    const lost = acknowledged.filter((id) => !ids.has(id));
    expect(lost).toEqual([]);
  });
});
