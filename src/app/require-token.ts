import type { IncomingMessage } from 'node:http';
import { DoraflowError } from '../domain/doraflow-error.js';
import { constantTimeIncludes } from '../ingest/constant-time-equal.js';
import { bearerToken } from '../ingest/webhook-source.js';

/**
 * Checks the request's bearer token against the tokens configured for an endpoint, in constant time.
 * None configured: the endpoint is off (404, saying which variable turns it on).
 */
export function requireToken(
  req: IncomingMessage,
  tokens: ReadonlyArray<string | undefined>,
  off: string,
): void {
  const configured = tokens.filter((t): t is string => Boolean(t));
  if (configured.length === 0) throw new DoraflowError('DORAFLOW_ERR_NOT_FOUND', off);
  if (!constantTimeIncludes(configured, bearerToken(req) ?? ''))
    throw new DoraflowError('DORAFLOW_ERR_UNAUTHORIZED', 'authentication failed');
}
