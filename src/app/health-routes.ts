import { packageVersion } from '../config/package-version.js';
import type { Route } from '../ingest/http/http-types.js';
import { sendJson } from '../ingest/http/send-json.js';

/** A dependency whose reachability decides readiness. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
  /**
   * Failing makes doraflow degraded, not unready (a chat platform: webhooks and reports still work,
   * so load balancers must keep sending them): `/readyz` answers 200 with `status: degraded`.
   */
  readonly optional?: boolean;
}

const CHECK_TIMEOUT_MS = 2_000;

/**
 * What `/readyz` says of a failed check: the error's code (`ECONNREFUSED`, Slack's `invalid_auth`,
 * `timeout`), never its text, which may carry a dependency's own words (the log has them).
 */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(code) ? code : undefined;
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'timeout' })),
      ms,
    );
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Readiness of what every process depends on: storage (required), Redis when configured (optional:
 * without it webhooks, reports and chat still work and scheduled work waits, so degraded, not dead).
 */
export function dependencyChecks(
  storage: { ping(): Promise<void> },
  redis: { ping(): Promise<void> } | undefined,
): ReadinessCheck[] {
  return [
    { name: 'storage', check: () => storage.ping() },
    ...(redis ? [{ name: 'redis', optional: true, check: () => redis.ping() }] : []),
  ];
}

/**
 * `GET /` (what this is and where to start), `GET /healthz` (the process is alive) and `GET /readyz`
 * (every dependency answers).
 */
export function createHealthRoutes(checks: readonly ReadinessCheck[], isStopping: () => boolean): Route[] {
  const about = {
    name: 'doraflow',
    version: packageVersion(),
    about: 'DORA keys and flow in Slack and Microsoft Teams; setup: the README, or /dora setup in chat',
    endpoints: {
      health: '/healthz',
      readiness: '/readyz',
      webhooks: '/webhooks/<source>',
      report: '/api/v1/report',
      teams: '/api/v1/teams',
      metrics: '/metrics',
      dashboard: '/dashboard',
      pipelineSend: '/send.mjs',
      privacy: '/privacy',
      terms: '/terms',
    },
  };
  return [
    {
      method: 'GET',
      path: '/',
      handler: async ({ res }) => sendJson(res, 200, about),
    },
    {
      method: 'GET',
      path: '/healthz',
      handler: async ({ res }) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      method: 'GET',
      path: '/readyz',
      handler: async ({ res, log }) => {
        const results = await Promise.all(
          checks.map(async ({ name, check, optional }) => {
            try {
              await withTimeout(check(), CHECK_TIMEOUT_MS);
              return { name, state: 'ok', failed: false, optional };
            } catch (error) {
              log.warn({ check: name, err: (error as Error).message }, 'readiness check failed');
              const code = codeOf(error);
              return { name, state: code ? `unavailable: ${code}` : 'unavailable', failed: true, optional };
            }
          }),
        );
        const failing = results.filter((r) => r.failed && !r.optional).map((r) => r.name);
        const degraded = results.filter((r) => r.failed && r.optional).map((r) => r.name);
        if (isStopping()) failing.push('shutting down');
        sendJson(res, failing.length ? 503 : 200, {
          status: failing.length ? 'unavailable' : degraded.length ? 'degraded' : 'ready',
          ...(failing.length ? { failing } : {}),
          ...(degraded.length ? { degraded } : {}),
          checks: Object.fromEntries(results.map((r) => [r.name, r.state])),
        });
      },
    },
  ];
}
