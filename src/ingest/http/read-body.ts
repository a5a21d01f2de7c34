import type { IncomingMessage } from 'node:http';
import { DoraflowError } from '../../domain/doraflow-error.js';

/** The largest request body doraflow accepts. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the raw body (for signature checks), refusing more than `limit` bytes with `413`. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  // Over the limit: stop reading (the server answers 413 and closes the connection).
  if (Number.isFinite(declared) && declared > limit) {
    req.pause();
    throw new DoraflowError(
      'DORAFLOW_ERR_TOO_LARGE',
      `body of ${declared} bytes exceeds the limit of ${limit} bytes`,
    );
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(new DoraflowError('DORAFLOW_ERR_TOO_LARGE', `body exceeds the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () =>
      resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size)),
    );
    req.once('error', reject);
  });
}
