import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { RedisCluster, redisServerInstalled } from '../../test/support/redis-cluster';
import { sampleCall } from './call-record.testing';
import { describeCallListContract } from './call-list.contract';
import { describeCallStoreContract } from './call-store.contract';
import { RedisCallStore } from './redis-call.store';
import { RedisKeys } from './redis-keys';
import { StoreUnavailableError } from './store.errors';

const RUN_PREFIX = `switchboard-test:${randomUUID()}:`;
const installed = redisServerInstalled();
if (!installed) console.warn('SKIPPED: Redis Cluster store tests need redis-server on the PATH');
const describeWithCluster = installed ? describe : describe.skip;

/** The store on a 3-master Redis Cluster of the test's own: everything that holds on one Redis. */
describeWithCluster('RedisCallStore on a Redis Cluster', () => {
  let cluster: RedisCluster;
  /**
   * A store on the Cluster once it has connected: a Cluster client fails commands until then
   * (the service waits for readiness in the same way). The URL leads nowhere: with seed nodes
   * the store must not use it.
   */
  const storeOnCluster = async (
    options: { keyPrefix?: string; liveTtlMs?: number } = {},
  ): Promise<RedisCallStore> => {
    const store = new RedisCallStore({
      url: 'redis://unused.invalid:1',
      clusterNodes: cluster.nodes,
      keyPrefix: options.keyPrefix ?? `${RUN_PREFIX}${randomUUID()}:`,
      liveTtlMs: options.liveTtlMs,
    });
    for (const until = Date.now() + 10_000; ;) {
      const failure = await store.probe().then(
        () => undefined,
        (error: Error) => error,
      );
      if (failure === undefined) return store;
      if (Date.now() > until) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    cluster = await RedisCluster.start();
  }, 30_000);

  afterAll(() => cluster?.stop());

  describeCallStoreContract('redis cluster', async ({ liveTtlMs }) => {
    const store = await storeOnCluster({ liveTtlMs });
    return { store, dispose: () => store.close() };
  });

  describeCallListContract('redis cluster', async () => {
    const store = await storeOnCluster();
    return { store, dispose: () => store.close() };
  });

  it('spreads calls over every master, so each command really ran on the slot of its keys', async () => {
    const keyPrefix = `${RUN_PREFIX}spread:`;
    const store = await storeOnCluster({ keyPrefix });
    const admin = new Cluster(
      cluster.nodes.map((node) => ({ host: '127.0.0.1', port: Number(node.split(':')[1]) })),
    );
    try {
      const ids = Array.from({ length: 24 }, () => `Call-${randomUUID()}`);
      for (const id of ids) {
        await store.create(sampleCall({ id }));
        await store.claimSeat(id, 'p1', 2);
      }
      await store.probe();
      const keys = new RedisKeys(keyPrefix);
      const slots = await Promise.all(
        ids.map((id) => admin.cluster('KEYSLOT', keys.call(id.toLowerCase()))),
      );
      const owners = new Set(
        slots.map((slot) => admin.slots[slot]?.[0]).filter((owner) => owner !== undefined),
      );
      expect(owners.size).toBe(3);
      expect((await store.list()).map((c) => c.id).sort()).toEqual([...ids].sort());
      expect(await store.countSeats(ids[0])).toBe(1);
    } finally {
      await store.close();
      admin.disconnect();
    }
  });

  it('fails a command at once, as unavailable, while the Cluster cannot be reached', async () => {
    const store = new RedisCallStore({
      url: 'redis://unused.invalid:1',
      clusterNodes: ['127.0.0.1:1'],
      keyPrefix: `${RUN_PREFIX}unreachable:`,
    });
    try {
      await expect(store.get('call-1')).rejects.toThrow(StoreUnavailableError);
    } finally {
      await store.close();
    }
  });
});
