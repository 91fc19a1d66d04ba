import Redis from 'ioredis';

/** Deletes every Redis key under `prefix` (a test run's own), so test runs leave nothing behind. */
export async function removeRedisKeys(
  prefix: string,
  url = 'redis://127.0.0.1:6379',
): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
