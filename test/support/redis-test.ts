import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix no other test uses, and a way to delete every key under it afterwards. */
export function uniquePrefix(): { prefix: string; remove(): Promise<void> } {
  const prefix = `doraflow-test-${randomBytes(4).toString('hex')}`;
  return {
    prefix,
    remove: async () => {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
}
