// Child process for the crash test: appends events forever and prints each id once its append has
// resolved. The parent kills it with SIGKILL at a random moment.
import { openEmbeddedStorage } from '../../dist/src/storage/embedded/open-embedded-storage.js';

const storage = openEmbeddedStorage({ dataDir: process.argv[2] });
for (let i = 0; ; i += 1) {
  const id = `d-${i}`;
  await storage.events.append('default', [
    {
      type: 'deployment',
      id,
      service: 'checkout',
      environment: 'production',
      status: 'success',
      finishedAt: 1_700_000_000_000 + i,
      trigger: 'pipeline',
      kind: 'planned',
    },
  ]);
  process.stdout.write(`${id}\n`);
}
