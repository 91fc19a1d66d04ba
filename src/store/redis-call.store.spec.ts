import { removeRedisKeys } from './redis.testing';
import { randomUUID } from 'node:crypto';
import { sampleCall } from './call-record.testing';
import { describeCallListContract } from './call-list.contract';
import { describeCallStoreContract } from './call-store.contract';
import { RedisCallStore } from './redis-call.store';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// One prefix per run, so that parallel runs and a developer's own data never meet.
const RUN_PREFIX = `switchboard-test:${randomUUID()}:`;

afterAll(() => removeRedisKeys(RUN_PREFIX, REDIS_URL));

describeCallStoreContract('redis', () => {
  const store = new RedisCallStore({ url: REDIS_URL, keyPrefix: `${RUN_PREFIX}${randomUUID()}:` });
  return { store, dispose: () => store.close() };
});

describeCallListContract('redis', () => {
  const store = new RedisCallStore({ url: REDIS_URL, keyPrefix: `${RUN_PREFIX}${randomUUID()}:` });
  return { store, dispose: () => store.close() };
});

describe('RedisCallStore', () => {
  it('shares calls, updates and seats between two instances on the same Redis', async () => {
    const keyPrefix = `${RUN_PREFIX}shared:`;
    const a = new RedisCallStore({ url: REDIS_URL, keyPrefix });
    const b = new RedisCallStore({ url: REDIS_URL, keyPrefix });
    try {
      const id = `Call-${randomUUID()}`;
      expect(await a.create(sampleCall({ id, participantsHandled: 0 }))).toBe(true);
      expect(await b.create(sampleCall({ id }))).toBe(false);

      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 ? a : b).update(id, (c) => ({
            ...c,
            participantsHandled: (c.participantsHandled ?? 0) + 1,
          })),
        ),
      );
      const seats = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claimSeat(id, `p${i}`, 1)),
      );

      expect((await b.get(id))?.participantsHandled).toBe(30);
      expect(seats.filter((s) => s === 'claimed')).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
