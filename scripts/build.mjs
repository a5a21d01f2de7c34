// npm run build: compiles src/ and bench/ to dist/ (tsc), then bundles the standalone dist/send.mjs
// that the server serves at /send.mjs (esbuild: one file, no dependencies, for pipelines).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function build() {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  const { build: bundle } = await import('esbuild');
  await bundle({
    absWorkingDir: root,
    entryPoints: ['src/cli/send-standalone.ts'],
    outfile: 'dist/send.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    minify: true,
    legalComments: 'eof',
    banner: {
      js: '// doraflow send: node send.mjs --help (https://github.com/doraflow/doraflow, Apache-2.0)',
    },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
