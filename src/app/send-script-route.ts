import { readFile } from 'node:fs/promises';
import { DoraflowError } from '../domain/doraflow-error.js';
import type { Route } from '../ingest/http/http-types.js';

/** dist/send.mjs, from dist/src/app (a build) or src/app (the sources, in tests). */
const CANDIDATES = [
  new URL('../../send.mjs', import.meta.url),
  new URL('../../dist/send.mjs', import.meta.url),
];

async function readScript(): Promise<Buffer | undefined> {
  for (const candidate of CANDIDATES) {
    try {
      return await readFile(candidate);
    } catch {}
  }
  return undefined;
}

/**
 * `GET /send.mjs`: `doraflow send` as one file with no dependencies, for a pipeline with Node.js 18+:
 * `curl -fsSO $DORAFLOW_URL/send.mjs && node send.mjs deployment --service checkout …`. No secrets in it.
 */
export function createSendScriptRoute(): Route {
  let script: Promise<Buffer | undefined> | undefined;
  return {
    method: 'GET',
    path: '/send.mjs',
    handler: async ({ res }) => {
      script ??= readScript();
      const body = await script;
      if (!body) {
        script = undefined;
        throw new DoraflowError('DORAFLOW_ERR_NOT_FOUND', 'send.mjs is not built: run npm run build');
      }
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'content-length': body.length,
        'cache-control': 'public, max-age=300',
      });
      res.end(body);
    },
  };
}
