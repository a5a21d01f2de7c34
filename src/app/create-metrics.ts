import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Scheduler } from '../jobs/scheduler.js';
import type { Reports } from '../reports/create-reports.js';

/** What doraflow counts for `GET /metrics` (Prometheus text format). One registry per app. */
export interface AppMetrics {
  readonly registry: Registry;
  /** One HTTP request answered: its route pattern (never the raw path), method, status and time. */
  request(route: string, method: string, status: number, seconds: number): void;
  /** One webhook delivery: `accepted` with its events' outcomes, or the error code it was refused with. */
  webhook(
    source: string,
    result: string,
    events?: { readonly stored: number; readonly duplicates: number; readonly ignored: number },
  ): void;
  /** One report built: its scope and how long it took. */
  report(scope: 'service' | 'team' | 'tenant', seconds: number): void;
}

export function createMetrics(scheduler: Pick<Scheduler, 'depth'>): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'doraflow_' });
  const requests = new Counter({
    name: 'doraflow_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status.',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'doraflow_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern.',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'doraflow_webhook_deliveries_total',
    help: 'Webhook deliveries, by source and result (accepted, or the error they were refused with).',
    labelNames: ['source', 'result'],
    registers: [registry],
  });
  const events = new Counter({
    name: 'doraflow_webhook_events_total',
    help: 'Events of accepted webhook deliveries, by source and outcome (stored, duplicate, ignored).',
    labelNames: ['source', 'outcome'],
    registers: [registry],
  });
  const reportSeconds = new Histogram({
    name: 'doraflow_report_duration_seconds',
    help: 'Time to build a report, by scope.',
    labelNames: ['scope'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'doraflow_jobs',
    help: 'Scheduled-work jobs by state: waiting, active, delayed (waiting for their time or a retry).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const depth = await scheduler.depth().catch(() => undefined);
      if (!depth) return;
      for (const [state, count] of Object.entries(depth)) this.set({ state }, count);
    },
  });
  return {
    registry,
    request(route, method, status, seconds) {
      requests.inc({ route, method, status: String(status) });
      requestSeconds.observe({ route }, seconds);
    },
    webhook(source, result, counts) {
      deliveries.inc({ source, result });
      if (!counts) return;
      events.inc({ source, outcome: 'stored' }, counts.stored);
      events.inc({ source, outcome: 'duplicate' }, counts.duplicates);
      events.inc({ source, outcome: 'ignored' }, counts.ignored);
    },
    report(scope, seconds) {
      reportSeconds.observe({ scope }, seconds);
    },
  };
}

/** Reports that tell `metrics` how long each took, by scope. */
export function timedReports(reports: Reports, metrics: AppMetrics): Reports {
  return {
    get description() {
      return reports.description;
    },
    close: () => reports.close(),
    evidence: (tenant, request, now) => reports.evidence(tenant, request, now),
    refreshRollups: (tenant, services, now) => reports.refreshRollups(tenant, services, now),
    async build(tenant, request, now, options) {
      const started = performance.now();
      const report = await reports.build(tenant, request, now, options);
      const scope = request.team ? 'team' : request.services?.length ? 'service' : 'tenant';
      metrics.report(scope, (performance.now() - started) / 1000);
      return report;
    },
  };
}
