import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { PrivateRedis } from '../../test/support/private-redis';
import { sampleCall } from './call-record.testing';
import { describeCallListContract } from './call-list.contract';
import { describeCallStoreContract } from './call-store.contract';
import { LISTING_HORIZON_MS } from './redis-call-listing';
import { RedisCallStore } from './redis-call.store';
import { RedisKeys, shardOf } from './redis-keys';
import { removeRedisKeys } from './redis.testing';
import { StoreUnavailableError } from './store.errors';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// One prefix per run, so that parallel runs and a developer's own data never meet.
const RUN_PREFIX = `switchboard-test:${randomUUID()}:`;

afterAll(() => removeRedisKeys(RUN_PREFIX, REDIS_URL));

describeCallStoreContract('redis', ({ liveTtlMs }) => {
  const store = new RedisCallStore({
    url: REDIS_URL,
    keyPrefix: `${RUN_PREFIX}${randomUUID()}:`,
    liveTtlMs,
  });
  return { store, dispose: () => store.close() };
});

/** The hash tag Redis Cluster places a key by. */
function hashTag(key: string): string {
  return /\{([^}]+)\}/.exec(key)?.[1] ?? key;
}
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

  it('gives every key it writes a time to live, and keeps a call’s keys in one cluster slot', async () => {
    const keyPrefix = `${RUN_PREFIX}ttl-${randomUUID()}:`;
    const sut = new RedisCallStore({ url: REDIS_URL, keyPrefix });
    const redis = new Redis(REDIS_URL);
    try {
      const call = sampleCall({ isPolicyRecording: true });
      await sut.create(call);
      await sut.update(call.id, (c) => ({ ...c, state: 'establishing' }));
      await sut.claimSeat(call.id, 'p1', 3);
      await sut.schedule(call.id, Date.now() + 1000);
      await sut.markSeen({ key: `notification:${randomUUID()}` }, 60_000);
      await sut.update(call.id, (c) => ({ ...c, state: 'established' }), {
        seen: { marker: { callId: call.id, key: `notification:${randomUUID()}` }, ttlMs: 60_000 },
      });
      await sut.setGroupCall(`group-${randomUUID()}`, call.id, 60_000);
      await sut.probe();
      await sut.list();
      await sut.listCalls({ limit: 10 });

      const keys = await redis.keys(`${keyPrefix}*`);
      expect(keys.length).toBeGreaterThanOrEqual(6);
      const withoutTtl: string[] = [];
      for (const key of keys) if ((await redis.pttl(key)) <= 0) withoutTtl.push(key);
      expect(withoutTtl).toEqual([]);
      const own = keys.filter((k) => k.includes(call.id.toLowerCase()));
      // The record, its seats and the repeat marker written with its update.
      expect(own.length).toBe(3);
      expect(new Set(own.map(hashTag)).size).toBe(1);
    } finally {
      redis.disconnect();
      await sut.close();
    }
  });

  it('updates a call it wrote or read in one round trip, and retries with what another instance wrote', async () => {
    const keyPrefix = `${RUN_PREFIX}trips-${randomUUID()}:`;
    let trips = 0;
    const a = new RedisCallStore({ url: REDIS_URL, keyPrefix, onRoundTrip: () => trips++ });
    const b = new RedisCallStore({ url: REDIS_URL, keyPrefix });
    try {
      const call = sampleCall({ participantsHandled: 0 });
      await a.create(call);
      const bump = (c: typeof call): typeof call => ({
        ...c,
        participantsHandled: (c.participantsHandled ?? 0) + 1,
      });

      trips = 0;
      await a.update(call.id, bump);
      expect(trips).toBe(1);

      // b changes the call behind a's back: a's next try loses, and the script hands it b's version.
      await b.update(call.id, bump);
      trips = 0;
      expect((await a.update(call.id, bump))?.participantsHandled).toBe(3);
      expect(trips).toBe(2);
      expect((await b.get(call.id))?.participantsHandled).toBe(3);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('creates a call with its schedule and marker in one round trip, and writes a transition with its own in one', async () => {
    const keyPrefix = `${RUN_PREFIX}marked-${randomUUID()}:`;
    let trips = 0;
    const sut = new RedisCallStore({ url: REDIS_URL, keyPrefix, onRoundTrip: () => trips++ });
    try {
      const call = sampleCall();
      const marker = (key: string) => ({ marker: { callId: call.id, key }, ttlMs: 60_000 });
      const now = Date.now();

      expect(await sut.create(call, { dueAtMs: now - 10, seen: marker('incoming') })).toBe(true);
      expect(trips).toBe(1);
      trips = 0;
      await sut.update(call.id, (c) => ({ ...c, state: 'established' }), {
        seen: marker('established'),
        scheduleAt: () => now + 60_000,
      });
      expect(trips).toBe(1);

      const lookup = await sut.lookUpDelivery(
        [],
        [marker('incoming').marker, marker('established').marker],
      );
      expect(lookup.seen).toEqual([true, true]);
      expect(await sut.due(now, 100)).not.toContain(call.id.toLowerCase());
      expect(await sut.due(now + 60_000, 100)).toContain(call.id.toLowerCase());
    } finally {
      await sut.close();
    }
  });

  it('leaves no marker when a create fails half-way, so that the redelivery repairs the call', async () => {
    const keyPrefix = `${RUN_PREFIX}half-${randomUUID()}:`;
    const sut = new RedisCallStore({ url: REDIS_URL, keyPrefix });
    const redis = new Redis(REDIS_URL);
    try {
      const call = sampleCall();
      const seen = { marker: { callId: call.id, key: 'incoming' }, ttlMs: 60_000 };
      // The due index refuses the call (another type under its key): the record is written all
      // the same, in a slot of its own (as when the due index's Cluster node is down).
      const due = new RedisKeys(keyPrefix).due(shardOf(call.id.toLowerCase()));
      await redis.set(due, 'not a sorted set', 'PX', 60_000);

      await expect(sut.create(call, { dueAtMs: Date.now(), seen })).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      expect(await sut.get(call.id)).toBeDefined();
      expect((await sut.lookUpDelivery([], [seen.marker])).seen).toEqual([false]);

      // The redelivery: a repeat for the store, which the caller's repeat path completes.
      await redis.del(due);
      expect(await sut.create(call, { dueAtMs: Date.now(), seen })).toBe(false);
      expect(await sut.due(Date.now(), 100)).toContain(call.id.toLowerCase());
    } finally {
      redis.disconnect();
      await sut.close();
    }
  });

  it('decides to write nothing only on a version read from Redis, never on a stale known one', async () => {
    const keyPrefix = `${RUN_PREFIX}stale-${randomUUID()}:`;
    const a = new RedisCallStore({ url: REDIS_URL, keyPrefix });
    const b = new RedisCallStore({ url: REDIS_URL, keyPrefix });
    try {
      const call = sampleCall({ contentSharingSessions: ['s1'] });
      await a.create(call);
      await b.update(call.id, (c) => ({ ...c, contentSharingSessions: [] }));

      // a still knows the version with s1, on which this mutation would change nothing.
      const stored = await a.update(call.id, (c) =>
        c.contentSharingSessions.includes('s1')
          ? undefined
          : { ...c, contentSharingSessions: [...c.contentSharingSessions, 's1'] },
      );

      expect(stored?.contentSharingSessions).toEqual(['s1']);
      expect((await b.get(call.id))?.contentSharingSessions).toEqual(['s1']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps the listing in sharded sorted sets and trims entries past the horizon when it renews a shard', async () => {
    const keyPrefix = `${RUN_PREFIX}listing-${randomUUID()}:`;
    const sut = new RedisCallStore({ url: REDIS_URL, keyPrefix });
    const redis = new Redis(REDIS_URL);
    try {
      const old = sampleCall({
        receivedAt: new Date(Date.now() - LISTING_HORIZON_MS - 60_000).toISOString(),
      });
      await sut.create(old);
      const index = new RedisKeys(keyPrefix).listing(shardOf(old.id.toLowerCase()));
      // Trimmed by its own write: the listing forgets it, the call's own key is left alone.
      expect(await redis.zscore(index, old.id.toLowerCase())).toBeNull();
      let fresh = sampleCall();
      while (shardOf(fresh.id.toLowerCase()) !== shardOf(old.id.toLowerCase())) {
        fresh = sampleCall();
      }
      await sut.create(fresh);
      expect(await redis.zscore(index, fresh.id.toLowerCase())).not.toBeNull();
      expect((await sut.listCalls({ limit: 10 })).calls.map((c) => c.id)).toEqual([fresh.id]);
      expect(await redis.pttl(index)).toBeGreaterThan(0);
      expect(await sut.get(old.id)).toBeDefined();
    } finally {
      redis.disconnect();
      await sut.close();
    }
  });

  describe('on a Redis of its own', () => {
    let server: PrivateRedis;

    beforeAll(async () => {
      server = await PrivateRedis.start();
    });

    afterAll(async () => {
      await server.stop();
    });

    it('fails with a short "refused" when Redis refuses scripts, and its probe fails too', async () => {
      const sut = new RedisCallStore({ url: server.url, keyPrefix: 'refuse:' });
      const admin = new Redis(server.url);
      try {
        const call = sampleCall();
        await sut.create(call);
        await sut.probe();
        await admin.call('ACL', 'SETUSER', 'default', '-@scripting');

        const update = sut.update(call.id, (c) => ({ ...c, state: 'establishing' }));
        await expect(update).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(update).rejects.toMatchObject({ reason: 'refused', message: 'store refused' });
        await expect(sut.probe()).rejects.toMatchObject({ reason: 'refused' });
      } finally {
        await admin.call('ACL', 'SETUSER', 'default', '+@all');
        admin.disconnect();
        await sut.close();
      }
    });

    it('fails within its command timeout while Redis hangs, and works again once it is back', async () => {
      const sut = new RedisCallStore({
        url: server.url,
        keyPrefix: 'hang:',
        commandTimeoutMs: 300,
      });
      try {
        const call = sampleCall();
        await sut.create(call);
        server.hang();
        const started = Date.now();
        await expect(sut.get(call.id)).rejects.toMatchObject({ reason: 'timeout' });
        expect(Date.now() - started).toBeLessThan(3000);
        server.resume();
        await expect(sut.get(call.id)).resolves.toMatchObject({ id: call.id });
      } finally {
        server.resume();
        await sut.close();
      }
    });

    it('fails fast while Redis is down, and reconnects by itself when it is back', async () => {
      const sut = new RedisCallStore({
        url: server.url,
        keyPrefix: 'down:',
        commandTimeoutMs: 300,
      });
      try {
        await sut.probe();
        await server.kill();
        await expect(sut.probe()).rejects.toBeInstanceOf(StoreUnavailableError);
        await server.restart();
        const until = Date.now() + 5000;
        let back = false;
        while (!back && Date.now() < until) {
          back = await sut.probe().then(
            () => true,
            () => false,
          );
        }
        expect(back).toBe(true);
      } finally {
        await sut.close();
      }
    });
  });
});
