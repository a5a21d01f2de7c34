import { DoraflowError } from '../domain/doraflow-error.js';
import { DEFAULT_TENANT } from '../domain/tenant.js';
import type { Route } from '../ingest/http/http-types.js';
import { sendJson } from '../ingest/http/send-json.js';
import type { Reports } from '../reports/create-reports.js';
import type { ReportRequest } from '../reports/resolve-report-request.js';
import { requireToken } from './require-token.js';

const PARAMETERS = new Set(['team', 'service', 'period', 'from', 'to', 'tz', 'benchmark']);

export interface ReportRoutesOptions {
  readonly reports: Reports;
  /** Tokens allowed to read reports; none configured means the API is off (404). */
  readonly tokens: ReadonlyArray<string | undefined>;
  readonly now: () => number;
}

/** `GET /api/v1/report`: the report JSON of the `default` tenant, for a bearer token. */
export function createReportRoutes(options: ReportRoutesOptions): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/report',
      handler: async ({ req, res, url }) => {
        requireToken(
          req,
          options.tokens,
          'the report API is off: set DORAFLOW_READ_TOKEN or DORAFLOW_INGEST_TOKEN',
        );
        const unknown = [...url.searchParams.keys()].filter((key) => !PARAMETERS.has(key));
        if (unknown.length) {
          throw new DoraflowError(
            'DORAFLOW_ERR_BAD_REQUEST',
            `unknown parameter "${unknown[0]}"; use ${[...PARAMETERS].join(', ')}`,
            { path: unknown[0] ?? '' },
          );
        }
        const q = url.searchParams;
        const request: ReportRequest = Object.fromEntries(
          [
            ['team', q.get('team')],
            ['services', q.getAll('service').length ? q.getAll('service') : null],
            ['period', q.get('period')],
            ['from', q.get('from')],
            ['to', q.get('to')],
            ['tz', q.get('tz')],
            ['benchmark', q.get('benchmark')],
          ].filter(([, v]) => v !== null && v !== ''),
        );
        sendJson(res, 200, await options.reports.build(DEFAULT_TENANT, request, options.now()));
      },
    },
  ];
}
