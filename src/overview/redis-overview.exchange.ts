import {
  closeRedisClient,
  createRedisClient,
  whenReady,
  type RedisClient,
} from '../store/redis-connection';
import { RedisKeys } from '../store/redis-keys';

/**
 * KEYS: this instance's minutes, the index of instances. ARGV: instance token, minutes JSON, time to
 * live in ms, now (epoch ms). Writes the minutes with their lifetime, notes the instance in the
 * index, and trims from the index the instances whose minutes have expired: one round trip.
 */
const PUBLISH_MINUTES = `
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (tonumber(ARGV[4]) - tonumber(ARGV[3])))
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
`;

/** How long a publication or a read waits for a connection still being made (a Cluster's fails at once). */
const CONNECT_WAIT_MS = 2000;

type WithPublish = RedisClient & {
  sbPublishOverview(
    minutesKey: string,
    indexKey: string,
    token: string,
    json: string,
    ttlMs: number,
    now: number,
  ): Promise<number>;
};

export interface RedisOverviewOptions {
  url: string;
  clusterNodes?: readonly string[];
  keyPrefix: string;
  commandTimeoutMs: number;
  /** How long published minutes stay readable after their last publication. */
  ttlMs: number;
}

/** An instance's published minutes, as read back: its token (the key) and the JSON it wrote. */
export interface PublishedEntry {
  readonly token: string;
  readonly json: string;
}

/**
 * Where instances share their overview minutes: a key per instance with a lifetime, and an index
 * of instances, all in one Cluster slot. Publishing and reading are periodic and per request, never
 * per call, so the per-call Redis work is unchanged.
 */
export class RedisOverviewExchange {
  private readonly redis: WithPublish;
  private readonly keys: RedisKeys;

  constructor(private readonly options: RedisOverviewOptions) {
    const client = createRedisClient({
      url: options.url,
      clusterNodes: options.clusterNodes,
      commandTimeoutMs: options.commandTimeoutMs,
    });
    client.defineCommand('sbPublishOverview', { numberOfKeys: 2, lua: PUBLISH_MINUTES });
    this.redis = client as WithPublish;
    this.keys = new RedisKeys(options.keyPrefix);
  }

  async publish(token: string, json: string, now = Date.now()): Promise<void> {
    await whenReady(this.redis, CONNECT_WAIT_MS);
    await this.redis.sbPublishOverview(
      this.keys.overviewMinutes(token),
      this.keys.overviewInstances(),
      token,
      json,
      this.options.ttlMs,
      now,
    );
  }

  /** Every other instance's minutes still alive (two round trips, whatever the number of instances). */
  async readOthers(ownToken: string, now = Date.now()): Promise<PublishedEntry[]> {
    await whenReady(this.redis, CONNECT_WAIT_MS);
    const tokens = (
      await this.redis.zrangebyscore(
        this.keys.overviewInstances(),
        `(${now - this.options.ttlMs}`,
        '+inf',
      )
    ).filter((token) => token !== ownToken);
    if (tokens.length === 0) return [];
    const values = await this.redis.mget(tokens.map((token) => this.keys.overviewMinutes(token)));
    const entries: PublishedEntry[] = [];
    values.forEach((json, i) => {
      if (json !== null) entries.push({ token: tokens[i], json });
    });
    return entries;
  }

  close(): Promise<void> {
    return closeRedisClient(this.redis);
  }
}
