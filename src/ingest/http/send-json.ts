import type { ServerResponse } from 'node:http';
import { DoraflowError } from '../../domain/doraflow-error.js';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

/** Answers with a coded error: `{ error: { code, message, hint, path?, line? } }`. */
export function sendError(res: ServerResponse, error: unknown): void {
  const coded = DoraflowError.wrap(error);
  const internal = coded.code === 'DORAFLOW_ERR_INTERNAL';
  const headers: Record<string, string> = coded.status === 503 ? { 'retry-after': '30' } : {};
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(
    res,
    coded.status,
    {
      error: {
        code: coded.code,
        // Internal errors are described in the log only, never to the caller.
        message: internal ? 'internal error' : coded.message,
        hint: coded.hint,
        ...coded.details,
      },
    },
    headers,
  );
}
