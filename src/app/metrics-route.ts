import type { Route } from '../ingest/http/http-types.js';
import type { AppMetrics } from './create-metrics.js';
import { requireToken } from './require-token.js';

/** `GET /metrics`: Prometheus metrics, for a bearer token that may read. */
export function createMetricsRoute(metrics: AppMetrics, tokens: ReadonlyArray<string | undefined>): Route {
  return {
    method: 'GET',
    path: '/metrics',
    handler: async ({ req, res }) => {
      requireToken(
        req,
        tokens,
        'metrics are off: set DORAFLOW_READ_TOKEN (or the ingest or admin token); Prometheus sends it as a bearer token',
      );
      const body = await metrics.registry.metrics();
      res.writeHead(200, {
        'content-type': metrics.registry.contentType,
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
      });
      res.end(body);
    },
  };
}
