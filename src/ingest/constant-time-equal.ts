import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares a secret or signature in constant time (for strings of equal length; a length mismatch
 * returns at once, which reveals only the length — the documented practice for HMAC and token checks).
 */
export function constantTimeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether `value` equals any of `candidates`, comparing against every one (no early exit), so timing
 * does not tell which one matched.
 */
export function constantTimeIncludes(candidates: readonly string[], value: string): boolean {
  let found = false;
  for (const candidate of candidates) found = constantTimeEqual(candidate, value) || found;
  return found;
}

/** Hex HMAC-SHA256 of a raw body. */
export function hmacSha256Hex(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}
