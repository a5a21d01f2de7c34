import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { DoraflowError } from '../domain/doraflow-error.js';
import type { Route } from '../ingest/http/http-types.js';
import { sendError } from '../ingest/http/send-json.js';

export interface HttpServer {
  readonly server: Server;
  /** Requests being handled right now. */
  inFlight(): number;
  /** Resolves when no request is in flight (or the timeout passes; then `false`). */
  drain(timeoutMs: number): Promise<boolean>;
  /** Listens on the port and address; resolves with the port bound. */
  listen(port: number, host: string): Promise<number>;
  /**
   * Stops accepting, closes idle keep-alive connections, waits up to `timeoutMs` for requests in
   * flight, then closes every connection.
   */
  close(timeoutMs: number): Promise<void>;
}

function findRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route | undefined; allowed: string[] } {
  const matching = routes.filter((r) =>
    r.path.endsWith('/*') ? path.startsWith(r.path.slice(0, -1)) : r.path === path,
  );
  // HEAD is GET without the body (Node leaves the body out of a HEAD response).
  const wanted = method === 'HEAD' ? 'GET' : method;
  const allowed = matching.map((r) => r.method);
  return {
    route: matching.find((r) => r.method === wanted),
    allowed: [...new Set(allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed)],
  };
}

/** How long a client may take to send a whole request (headers and body) before it gets `408`. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** The one HTTP server: routes by method and path, a child logger per request, coded errors. */
export function createHttpServer(
  routes: readonly Route[],
  log: Logger,
  options: {
    readonly requestTimeoutMs?: number;
    /** Told of each answer: the route pattern (`unmatched` for none), method, status and seconds taken. */
    readonly observe?: (route: string, method: string, status: number, seconds: number) => void;
  } = {},
): HttpServer {
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  let inFlight = 0;
  let idle: Array<() => void> = [];
  /** Shutting down: answers tell keep-alive clients to reconnect elsewhere instead of being reset. */
  let closing = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The request's child logger is made only when something logs (most requests log one line or none).
    let requestLog: Logger | undefined;
    const context = {
      req,
      res,
      url,
      get log(): Logger {
        if (log.level === 'silent') return log;
        requestLog ??= log.child({ requestId: randomUUID(), method: req.method, path: url.pathname });
        return requestLog;
      },
    };
    const started = performance.now();
    let pattern = 'unmatched';
    if (options.observe) {
      const observe = options.observe;
      res.once('finish', () =>
        observe(pattern, req.method ?? 'GET', res.statusCode, (performance.now() - started) / 1000),
      );
    }
    try {
      const { route, allowed } = findRoute(routes, req.method ?? 'GET', url.pathname);
      if (route) pattern = route.path;
      if (!route) {
        if (allowed.length > 0) {
          res.setHeader('allow', allowed.join(', '));
          throw new DoraflowError('DORAFLOW_ERR_METHOD', `${req.method} is not allowed on ${url.pathname}`);
        }
        throw new DoraflowError('DORAFLOW_ERR_NOT_FOUND', `no route for ${url.pathname}`);
      }
      await route.handler(context);
    } catch (error) {
      // The client hung up before its request had arrived: nobody to answer, and nothing went wrong
      // here. (A failure after the whole request arrived is logged, whoever is still listening.)
      if (!req.complete && (req.destroyed || req.socket.destroyed)) {
        context.log.debug({ err: (error as Error).message }, 'client went away before the answer');
        return;
      }
      const coded = DoraflowError.wrap(error);
      if (coded.status >= 500) context.log.error({ err: error, code: coded.code }, 'request failed');
      // A body over the limit is not read to its end: answer, then close the connection.
      if (coded.status === 413 && !res.headersSent) res.setHeader('connection', 'close');
      sendError(res, coded);
    }
  }

  // A client that sends its body slowly (or never) gets 408 and its connection closed, instead of
  // holding a socket for Node's default 5 minutes.
  const server = createServer(
    {
      keepAliveTimeout: 65_000,
      requestTimeout,
      headersTimeout: Math.min(requestTimeout, 20_000),
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, requestTimeout / 4)),
    },
    (req, res) => {
      inFlight += 1;
      // Answers written once shutdown began tell keep-alive clients to reconnect elsewhere.
      const writeHead = res.writeHead.bind(res);
      res.writeHead = ((...args: Parameters<typeof writeHead>) => {
        if (closing && !res.headersSent) res.setHeader('connection', 'close');
        return writeHead(...args);
      }) as typeof res.writeHead;
      res.once('close', () => {
        inFlight -= 1;
        if (inFlight === 0) {
          for (const resolve of idle) resolve();
          idle = [];
        }
      });
      void handle(req, res);
    },
  );

  const drain = (timeoutMs: number) =>
    inFlight === 0
      ? Promise.resolve(true)
      : new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), timeoutMs);
          idle.push(() => {
            clearTimeout(timer);
            resolve(true);
          });
        });

  return {
    server,
    inFlight: () => inFlight,
    drain,
    listen: (port, host) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    async close(timeoutMs) {
      closing = true;
      const closed = new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
      });
      server.closeIdleConnections();
      if (!(await drain(timeoutMs)))
        log.warn({ inFlight }, 'shutdown timeout: closing connections with requests in flight');
      server.closeAllConnections();
      await closed;
    },
  };
}
