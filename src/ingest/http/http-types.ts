import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** What a route handler gets for one request. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** A child logger for this request (`{ requestId, method, path }`). */
  readonly log: Logger;
}

export type RouteHandler = (context: RequestContext) => Promise<void>;

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** An exact path, or a prefix ending in `/*`. */
  readonly path: string;
  readonly handler: RouteHandler;
}
