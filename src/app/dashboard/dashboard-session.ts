import { createHmac } from 'node:crypto';
import type { Config } from '../../config/config-schema.js';
import { type TenantId, toTenantId } from '../../domain/tenant.js';
import { constantTimeEqual } from '../../ingest/constant-time-equal.js';

/** Who a dashboard link or session lets in: one tenant (a team to open first), until `expiresAt`. */
export interface DashboardSession {
  readonly tenant: TenantId;
  readonly team?: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/**
 * The key that signs links and sessions: DORAFLOW_SESSION_SECRET, else one derived from the first
 * token that may read (so a plain install needs no new secret); `undefined` turns the dashboard off.
 */
export function sessionKey(
  config: Partial<Pick<Config, 'sessionSecret' | 'readToken' | 'ingestToken' | 'adminToken'>>,
) {
  const base = config.sessionSecret ?? config.readToken ?? config.ingestToken ?? config.adminToken;
  return base === undefined
    ? undefined
    : createHmac('sha256', base).update('doraflow dashboard session').digest();
}

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

/**
 * Whether links may open another tenant than `default`: only with DORAFLOW_SESSION_SECRET. A key derived
 * from a token (which a pipeline holds) must not reach the workspaces installed through OAuth.
 */
export const signsEveryTenant = (config: Partial<Pick<Config, 'sessionSecret'>>): boolean =>
  config.sessionSecret !== undefined;

/** `<payload>.<signature>`, both base64url: what a link carries and the session cookie holds. */
export function signSession(key: Buffer, session: DashboardSession): string {
  const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
  return `${payload}.${sign(key, payload)}`;
}

/** The session a token stands for, if its signature holds (compared in constant time) and it has not expired. */
export function verifySession(key: Buffer, token: string, now: number): DashboardSession | undefined {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length || !constantTimeEqual(sign(key, payload), signature))
    return undefined;
  try {
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof session.expiresAt !== 'number' || session.expiresAt <= now) return undefined;
    return {
      tenant: toTenantId(String(session.tenant)),
      ...(typeof session.team === 'string' ? { team: session.team } : {}),
      expiresAt: session.expiresAt,
    };
  } catch {
    return undefined;
  }
}

/**
 * A link that signs its holder in to the dashboard (and opens a team's page, at `period` when given:
 * a chat answer's, so the page shows the numbers the answer did).
 */
export function dashboardLink(
  publicUrl: string,
  key: Buffer,
  session: DashboardSession,
  period?: string,
): string {
  const opens = period ? `&period=${encodeURIComponent(period)}` : '';
  return `${publicUrl.replace(/\/+$/, '')}/dashboard/login?t=${signSession(key, session)}${opens}`;
}
