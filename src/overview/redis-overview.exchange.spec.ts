import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { PrivateRedis } from '../../test/support/private-redis';
import { RedisCluster, redisServerInstalled } from '../../test/support/redis-cluster';
import { RedisOverviewExchange, type RedisOverviewOptions } from './redis-overview.exchange';

const installed = redisServerInstalled();
if (!installed) console.warn('SKIPPED: overview exchange tests need redis-server on the PATH');
const describeWithRedis = installed ? describe : describe.skip;

type Target = Pick<RedisOverviewOptions, 'url' | 'clusterNodes'>;

/** What the exchange promises on one Redis and on a Cluster alike. */
function describeExchange(name: string, target: () => Target): void {
  describe(name, () => {
    const exchanges: RedisOverviewExchange[] = [];
    const exchange = (keyPrefix: string, ttlMs = 60_000): RedisOverviewExchange => {
      const made = new RedisOverviewExchange({
        ...target(),
        keyPrefix,
        commandTimeoutMs: 2000,
        ttlMs,
      });
      exchanges.push(made);
      return made;
    };
    afterEach(async () => {
      await Promise.all(exchanges.splice(0).map((e) => e.close()));
    });

    it("gives each instance the others' latest publication, never its own", async () => {
      const prefix = `overview-test:${randomUUID()}:`;
      const [a, b, c] = [exchange(prefix), exchange(prefix), exchange(prefix)];
      await a.publish('token-a', '{"from":"a","n":1}');
      await a.publish('token-a', '{"from":"a","n":2}');
      await b.publish('token-b', '{"from":"b"}');

      expect(await a.readOthers('token-a')).toEqual([{ token: 'token-b', json: '{"from":"b"}' }]);
      expect(await c.readOthers('token-c')).toEqual([
        { token: 'token-a', json: '{"from":"a","n":2}' },
        { token: 'token-b', json: '{"from":"b"}' },
      ]);
      // Another deployment's prefix sees nothing of these.
      expect(await exchange(`overview-test:${randomUUID()}:`).readOthers('token-c')).toEqual([]);
    });

    it('forgets an instance once its publication has outlived its lifetime', async () => {
      const prefix = `overview-test:${randomUUID()}:`;
      const short = exchange(prefix, 300);
      await short.publish('token-gone', '{}');
      expect(await short.readOthers('x')).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await short.readOthers('x')).toEqual([]);
      // The next publication trims the index as well.
      await short.publish('token-new', '{}');
      expect((await short.readOthers('x')).map((e) => e.token)).toEqual(['token-new']);
    });
  });
}

describeWithRedis('RedisOverviewExchange', () => {
  let redis: PrivateRedis;
  let cluster: RedisCluster;

  beforeAll(async () => {
    [redis, cluster] = await Promise.all([PrivateRedis.start(), RedisCluster.start()]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([redis?.stop(), cluster?.stop()]);
  });

  describeExchange('one Redis', () => ({ url: redis.url }));
  describeExchange('a Redis Cluster', () => ({
    url: 'redis://unused.invalid:1',
    clusterNodes: cluster.nodes,
  }));

  it('publishes with one command, and reads every instance with two', async () => {
    const admin = new Redis(redis.url);
    const prefix = `overview-test:${randomUUID()}:`;
    const exchange = new RedisOverviewExchange({
      url: redis.url,
      keyPrefix: prefix,
      commandTimeoutMs: 2000,
      ttlMs: 60_000,
    });
    try {
      await exchange.publish('warm-up', '{}');
      const calls = async (): Promise<number> => {
        const stats = await admin.info('commandstats');
        return [...stats.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)]
          .filter(([, command]) => !['info', 'config'].includes(command))
          .reduce((sum, [, , count]) => sum + Number(count), 0);
      };
      await admin.config('RESETSTAT');
      await exchange.publish('token-a', '{"n":1}');
      // Inside the script: SET, ZADD, ZREMRANGEBYSCORE, PEXPIRE, plus the EVALSHA itself.
      const afterPublish = await calls();
      const stats = await admin.info('commandstats');
      expect(stats).toMatch(/^cmdstat_evalsha:calls=1,/m);
      expect(afterPublish).toBe(5);
      await admin.config('RESETSTAT');
      for (let i = 0; i < 5; i++) await exchange.publish(`token-${i}`, '{}');
      await admin.config('RESETSTAT');
      expect(await exchange.readOthers('token-a')).toHaveLength(6);
      expect(await calls()).toBe(2);
    } finally {
      await exchange.close();
      admin.disconnect();
    }
  });
});
