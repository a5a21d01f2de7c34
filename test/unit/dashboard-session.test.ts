import { describe, expect, it } from 'vitest';
import {
  dashboardLink,
  sessionKey,
  signSession,
  verifySession,
} from '../../src/app/dashboard/dashboard-session.js';
import { toTenantId } from '../../src/domain/tenant.js';

const key = sessionKey({ readToken: 'read-token-0123456789abcdef' }) as Buffer;
const session = { tenant: toTenantId('acme'), team: 'payments', expiresAt: 2_000 };

describe('dashboard links and sessions', () => {
  it('verifies what it signed until it expires', () => {
    const token = signSession(key, session);
    expect(verifySession(key, token, 1_999)).toEqual(session);
    expect(verifySession(key, token, 2_000)).toBeUndefined();
  });

  it('refuses a changed payload, a changed signature, another key and junk', () => {
    const [payload, signature] = signSession(key, session).split('.') as [string, string];
    const other = Buffer.from(JSON.stringify({ ...session, tenant: 'globex' })).toString('base64url');
    expect(verifySession(key, `${other}.${signature}`, 0)).toBeUndefined();
    expect(verifySession(key, `${payload}.${signature.slice(0, -2)}AA`, 0)).toBeUndefined();
    const another = sessionKey({ readToken: 'another-token-0123456789abcdef' }) as Buffer;
    expect(verifySession(another, `${payload}.${signature}`, 0)).toBeUndefined();
    for (const junk of ['', '.', 'a.b.c', `${payload}.`, 'not base64.at all'])
      expect(verifySession(key, junk, 0)).toBeUndefined();
  });

  it('signs with DORAFLOW_SESSION_SECRET first, else a token that may read; none: off', () => {
    const fromSecret = sessionKey({
      sessionSecret: 'session-secret-0123456789',
      readToken: 'read-token-0123456789abcdef',
    });
    expect(fromSecret?.equals(key)).toBe(false);
    expect(sessionKey({ ingestToken: 'read-token-0123456789abcdef' })?.equals(key)).toBe(true);
    expect(sessionKey({})).toBeUndefined();
  });

  it('links to the login path of the public URL', () => {
    expect(dashboardLink('https://dora.example.com/', key, session)).toMatch(
      /^https:\/\/dora\.example\.com\/dashboard\/login\?t=[\w-]+\.[\w-]+$/,
    );
  });
});
