import type { ServerResponse } from 'node:http';
import type { Response } from 'botbuilder';
import type { Logger } from 'pino';
import { DoraflowError } from '../../domain/doraflow-error.js';
import { sendError } from '../../ingest/http/send-json.js';

const UNSIGNED = 'the request does not carry a valid Bot Framework token';

/**
 * botbuilder's express-style response over node's ServerResponse. botbuilder answers its failures
 * with the error's own text: doraflow's coded error goes out instead (what failed is in the log).
 */
export function teamsResponse(res: ServerResponse, log: Logger): Response {
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
      return this;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return this;
    },
    send(body?: unknown) {
      const reason = String((body as Error | undefined)?.message ?? body);
      if (res.statusCode === 401) {
        // A wrong app id or tenant shows up here: say why in the log, not to the caller.
        log.warn({ err: reason }, 'teams request not authenticated');
        return sendError(res, new DoraflowError('DORAFLOW_ERR_UNAUTHORIZED', UNSIGNED));
      }
      if (res.statusCode >= 500) {
        log.error({ err: reason }, 'teams request failed');
        return sendError(res, new DoraflowError('DORAFLOW_ERR_INTERNAL', 'teams request failed'));
      }
      if (body === undefined) return res.end();
      if (typeof body === 'object' && !Buffer.isBuffer(body)) {
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify(body));
      }
      return res.end(body as string | Buffer);
    },
    end: (...args: unknown[]) => (res.writableEnded ? res : res.end(...(args as []))),
  };
}
