import type { IncomingMessage } from 'node:http';
import { DoraflowError } from '../../domain/doraflow-error.js';

/** The largest request body doraflow accepts. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the raw body (for signature checks), refusing more than `limit` bytes with `413`. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new DoraflowError(
      'DORAFLOW_ERR_TOO_LARGE',
      `body of ${declared} bytes exceeds the limit of ${limit} bytes`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new DoraflowError('DORAFLOW_ERR_TOO_LARGE', `body exceeds the limit of ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size);
}
