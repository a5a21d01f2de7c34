import type { ServerResponse } from 'node:http';
import type { Config } from '../../config/config-schema.js';
import { DoraflowError } from '../../domain/doraflow-error.js';
import type { Report } from '../../domain/metrics/compute-report.js';
import { DEFAULT_TENANT, type TenantId } from '../../domain/tenant.js';
import { constantTimeIncludes } from '../../ingest/constant-time-equal.js';
import type { RequestContext, Route } from '../../ingest/http/http-types.js';
import { bearerToken } from '../../ingest/webhook-source.js';
import { CHART_METRICS, type ChartMetric, chartData } from '../../render/charts/chart-data.js';
import { renderChartSvg } from '../../render/charts/render-chart.js';
import { evidencePage } from '../../render/dashboard/evidence-page.js';
import { healthPage } from '../../render/dashboard/health-page.js';
import { page } from '../../render/dashboard/html.js';
import { indexPage } from '../../render/dashboard/index-page.js';
import {
  DASHBOARD_PERIODS,
  type EvidenceList,
  isDashboardPeriod,
  teamPage,
} from '../../render/dashboard/team-page.js';
import type { Reports } from '../../reports/create-reports.js';
import type { Storage } from '../../storage/storage.js';
import { sessionKey, signsEveryTenant, verifySession } from './dashboard-session.js';

export interface DashboardRoutesOptions {
  readonly config: Partial<
    Pick<Config, 'sessionSecret' | 'readToken' | 'ingestToken' | 'adminToken' | 'publicUrl'>
  >;
  readonly storage: Storage;
  readonly reports: Reports;
  readonly now: () => number;
}

const COOKIE = 'doraflow_session';
const LISTS: readonly EvidenceList[] = ['deployments', 'lead-time', 'failures', 'incidents', 'rework'];
/** Rows a list shows at most (the newest); it says how many it leaves out. */
const LIST_ROWS = 500;
/** A report asked for again within this long (the page, then its charts) is built once. */
const REPORT_REUSE_MS = 30_000;

function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    // Everything is doraflow's own: no other host may be asked for anything.
    'content-security-policy':
      "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(html);
}

const cookieOf = (header: string | undefined) =>
  (header ?? '')
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === COOKIE)?.[1];

/**
 * `GET /dashboard…`: the read-only web view. Signed in by a link (`doraflow dashboard-link`, the
 * "Open in doraflow" button), which sets a session cookie for its tenant, or by a bearer token that
 * may read (the `default` tenant). Without either: 401. Off (404) without a key to sign with.
 */
export function createDashboardRoutes(options: DashboardRoutesOptions): Route[] {
  const key = sessionKey(options.config);
  const readers = [options.config.readToken, options.config.ingestToken, options.config.adminToken].filter(
    (t): t is string => Boolean(t),
  );
  const secure = (options.config.publicUrl ?? '').startsWith('https:');
  const recent = new Map<string, { at: number; report: Promise<Report> }>();

  function tenantOf(context: RequestContext): TenantId {
    if (!key)
      throw new DoraflowError(
        'DORAFLOW_ERR_NOT_FOUND',
        'the dashboard is off: set DORAFLOW_READ_TOKEN (or DORAFLOW_SESSION_SECRET, or the ingest or admin token)',
      );
    const token = bearerToken(context.req);
    if (token !== undefined && constantTimeIncludes(readers, token)) return DEFAULT_TENANT;
    const cookie = cookieOf(context.req.headers.cookie);
    const session = cookie ? verifySession(key, cookie, options.now()) : undefined;
    if (session && (session.tenant === DEFAULT_TENANT || signsEveryTenant(options.config)))
      return session.tenant;
    throw new DoraflowError('DORAFLOW_ERR_UNAUTHORIZED', 'sign in with a dashboard link');
  }

  /** Builds (or reuses, for the page's charts) the report of a team or service for a period. */
  function reportOf(tenant: TenantId, request: { team?: string; services?: string[] }, period: string) {
    const now = options.now();
    const cacheKey = JSON.stringify([tenant, request, period]);
    const hit = recent.get(cacheKey);
    if (hit && now - hit.at < REPORT_REUSE_MS) return hit.report;
    const report = options.reports.build(tenant, { ...request, period }, now);
    recent.set(cacheKey, { at: now, report });
    report.catch(() => recent.delete(cacheKey));
    for (const [k, v] of recent) if (now - v.at >= REPORT_REUSE_MS) recent.delete(k);
    return report;
  }

  /** `/dashboard/teams/<name>` or `/dashboard/services/<name>`, then what follows. */
  function scopeOf(pathname: string) {
    const [, , kind, encoded, ...rest] = pathname.split('/');
    let name: string;
    try {
      name = decodeURIComponent(encoded ?? '');
    } catch {
      throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', 'the name is not valid percent-encoding');
    }
    if (!name || (kind !== 'teams' && kind !== 'services') || rest.length > 1)
      throw new DoraflowError('DORAFLOW_ERR_NOT_FOUND', `no dashboard page at ${pathname}`);
    return {
      request: kind === 'teams' ? { team: name } : { services: [name] },
      label: name,
      base: `/dashboard/${kind}/${encodeURIComponent(name)}`,
      sub: rest[0] ?? '',
    };
  }

  const periodOf = (url: URL) => {
    // As /dora, the CLI and the report API: the last 30 days.
    const period = url.searchParams.get('period') ?? '30d';
    if (!isDashboardPeriod(period))
      throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', `period is one of ${DASHBOARD_PERIODS.join(', ')}`);
    return period;
  };

  async function scopePage(context: RequestContext, tenant: TenantId) {
    const { url, res } = context;
    const scope = scopeOf(url.pathname);
    const period = periodOf(url);
    if (scope.sub === '') {
      const report = await reportOf(tenant, scope.request, period);
      sendHtml(res, 200, teamPage(report, scope.label, period, scope.base));
      return;
    }
    if (scope.sub === 'chart.svg') {
      const metric = url.searchParams.get('metric') as ChartMetric;
      if (!CHART_METRICS.includes(metric))
        throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', `metric is one of ${CHART_METRICS.join(', ')}`);
      const report = await reportOf(tenant, scope.request, period);
      const svg = await renderChartSvg([chartData(report, metric)], { columns: 1, width: 620, height: 220 });
      res.writeHead(200, {
        'content-type': 'image/svg+xml; charset=utf-8',
        'content-length': Buffer.byteLength(svg),
        'cache-control': 'private, max-age=60',
      });
      res.end(svg);
      return;
    }
    if (scope.sub === 'evidence') {
      const list = url.searchParams.get('list') as EvidenceList;
      if (!LISTS.includes(list))
        throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', `list is one of ${LISTS.join(', ')}`);
      const evidence = await options.reports.evidence(tenant, { ...scope.request, period }, options.now());
      // The incidents listed, as stored (titles, who decided): read one by one, only for that list.
      const listed = list === 'incidents' ? evidence.incidents.slice(0, LIST_ROWS) : [];
      const stored = (
        await Promise.all(listed.map((incident) => options.storage.events.getIncident(tenant, incident.id)))
      ).filter((incident) => incident !== undefined);
      const byId = new Map(stored.map((incident) => [incident.id, incident]));
      const people = stored.flatMap((i) => [
        ...(i.acknowledgedBy ? [i.acknowledgedBy] : []),
        ...i.transitions.flatMap((t) => (t.by ? [t.by] : [])),
      ]);
      const names = await options.storage.people.names(tenant, people);
      sendHtml(
        res,
        200,
        evidencePage({
          list,
          scopeLabel: scope.label,
          periodLabel: `last ${period.replace('d', ' days')}`,
          timezone: evidence.window.timezone,
          back: `${scope.base}?period=${period}`,
          deploymentsHref: `${scope.base}/evidence?list=deployments&period=${period}`,
          deployments: evidence.deployments,
          incidents: evidence.incidents,
          rows: LIST_ROWS,
          stored: byId,
          person: (id) => names.get(id) ?? id,
        }),
      );
      return;
    }
    throw new DoraflowError('DORAFLOW_ERR_NOT_FOUND', `no dashboard page at ${url.pathname}`);
  }

  async function health(context: RequestContext, tenant: TenantId) {
    const now = options.now();
    const since = now - 90 * 86_400_000;
    const [sources, teams, deployments, incidents] = await Promise.all([
      options.storage.sourceActivity.list(tenant),
      options.storage.teams.list(tenant),
      options.storage.events.findDeployments(tenant, { from: since, to: now }),
      options.storage.events.findIncidents(tenant, { from: since, to: now }),
    ]);
    const teamsOf = new Map<string, string[]>();
    for (const team of teams)
      for (const service of team.services) teamsOf.set(service, [...(teamsOf.get(service) ?? []), team.name]);
    const services = new Set([...teamsOf.keys(), ...deployments.map((d) => d.service)]);
    const last = (times: number[]) => (times.length ? Math.max(...times) : undefined);
    const month = now - 30 * 86_400_000;
    sendHtml(
      context.res,
      200,
      healthPage({
        now,
        sources: [...sources].sort((a, b) => a.source.localeCompare(b.source)),
        services: [...services].sort().map((service) => {
          const lastDeployment = last(
            deployments.filter((d) => d.service === service).map((d) => d.finishedAt),
          );
          const lastIncident = last(incidents.filter((i) => i.service === service).map((i) => i.triggeredAt));
          return {
            service,
            teams: teamsOf.get(service) ?? [],
            ...(lastDeployment !== undefined ? { lastDeployment } : {}),
            ...(lastIncident !== undefined ? { lastIncident } : {}),
          };
        }),
        withoutCommits: deployments.filter((d) => d.finishedAt >= month && !d.commits?.length && !d.headSha),
        unmapped: incidents
          .filter((i) => i.triggeredAt >= month && !(i.service && teamsOf.has(i.service)))
          .map((i) => ({
            id: i.id,
            at: i.triggeredAt,
            ...(i.service ? { service: i.service } : {}),
            ...(i.title ? { title: i.title } : {}),
          })),
      }),
    );
  }

  /** Coded errors as a page a person can read (401 says how to sign in). */
  const guarded =
    (handler: (context: RequestContext, tenant: TenantId) => Promise<void>) =>
    async (context: RequestContext) => {
      let tenant: TenantId;
      try {
        tenant = tenantOf(context);
      } catch (error) {
        if (error instanceof DoraflowError && error.status === 401) {
          sendHtml(
            context.res,
            401,
            page(
              'Sign in',
              `<h1>Sign in to doraflow</h1><p>Open a dashboard link: <code>doraflow dashboard-link</code> prints one, and every <code>/dora</code> answer has an <strong>Open in doraflow</strong> button. A link lets you in for its hours, then asks again.</p>`,
            ),
          );
          return;
        }
        throw error;
      }
      await handler(context, tenant);
    };

  return [
    {
      method: 'GET',
      path: '/dashboard/login',
      handler: async ({ res, url }) => {
        if (!key) throw new DoraflowError('DORAFLOW_ERR_NOT_FOUND', 'the dashboard is off');
        const token = url.searchParams.get('t') ?? '';
        const verified = verifySession(key, token, options.now());
        const session =
          verified && (verified.tenant === DEFAULT_TENANT || signsEveryTenant(options.config))
            ? verified
            : undefined;
        if (!session) {
          sendHtml(
            res,
            401,
            page('Link expired', '<h1>This link has expired or is not valid</h1><p>Ask for a new one.</p>'),
          );
          return;
        }
        const seconds = Math.max(1, Math.floor((session.expiresAt - options.now()) / 1000));
        // The period the link was made for (a chat answer's), when the dashboard has it.
        const period = url.searchParams.get('period') ?? '';
        const at = isDashboardPeriod(period) ? `?period=${period}` : '';
        const target = session.team
          ? `/dashboard/teams/${encodeURIComponent(session.team)}${at}`
          : '/dashboard';
        res.writeHead(303, {
          location: target,
          'set-cookie': `${COOKIE}=${token}; Path=/dashboard; Max-Age=${seconds}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
        });
        res.end();
      },
    },
    {
      method: 'GET',
      path: '/dashboard',
      handler: guarded(async (context, tenant) =>
        sendHtml(context.res, 200, indexPage(await options.storage.teams.list(tenant))),
      ),
    },
    { method: 'GET', path: '/dashboard/health', handler: guarded(health) },
    { method: 'GET', path: '/dashboard/teams/*', handler: guarded(scopePage) },
    { method: 'GET', path: '/dashboard/services/*', handler: guarded(scopePage) },
  ];
}
