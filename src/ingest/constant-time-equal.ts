import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in constant time, whatever their lengths: both are first reduced to HMACs of
 * equal length, so neither the content nor the length of the expected value leaks through timing.
 */
export function constantTimeEqual(expected: string, given: string): boolean {
  const key = 'doraflow-constant-time-compare';
  const a = createHmac('sha256', key).update(expected).digest();
  const b = createHmac('sha256', key).update(given).digest();
  return timingSafeEqual(a, b) && expected.length === given.length;
}

/** Hex HMAC-SHA256 of a raw body. */
export function hmacSha256Hex(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}
