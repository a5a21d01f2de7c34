// Builds dist/ (scripts/build.mjs) only when a source is newer than the last build (npm start runs it: a start without
// changes costs a directory walk, not a 12-second compile).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = ['src', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
/** The last file a build writes. */
const BUILT = 'dist/send.mjs';

function newestMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Whether dist/ of `root` is missing or older than any of its sources. */
export function needsBuild(root) {
  const built = statSync(join(root, BUILT), { throwIfNoEntry: false });
  return !built || Math.max(...SOURCES.map((source) => newestMtime(join(root, source)))) > built.mtimeMs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (needsBuild(root)) {
    console.error(
      existsSync(join(root, BUILT))
        ? 'doraflow: sources changed since the last build; building…'
        : 'doraflow: building (once; later starts build only when a source changed)…',
    );
    const { build } = await import('./build.mjs');
    await build();
  }
}
