import Redis, { Cluster, type RedisOptions } from 'ioredis';

/** One Redis server or a Redis Cluster: every command the service sends works on both. */
export type RedisClient = Redis | Cluster;

export interface RedisConnectionOptions {
  /** `redis://host:port/db`, used when `clusterNodes` is empty. */
  url: string;
  /** `host:port` seed nodes of a Redis Cluster; when given, `url` is not used. */
  clusterNodes?: readonly string[];
  /** How long a command (and a connection attempt) may take before it fails. */
  commandTimeoutMs: number;
}

/** `host:port`, already checked at start-up (the configuration schema). */
function clusterNode(node: string): { host: string; port: number } {
  const colon = node.lastIndexOf(':');
  return { host: node.slice(0, colon), port: Number(node.slice(colon + 1)) };
}

/**
 * The one place a Redis client is made (store, journal), so that a single server and a Cluster get
 * the same timeouts: fail fast instead of queueing while Redis is away (the caller retries within
 * its budget), and reconnect soon after it is back (a decision waiting on the store has seconds).
 */
export function createRedisClient(options: RedisConnectionOptions): RedisClient {
  const timeout = options.commandTimeoutMs;
  const redisOptions: RedisOptions = {
    // Commands issued in the same tick (concurrent calls, a create's record and index entries)
    // leave in one socket write: the writes, not the bytes, are most of a command's CPU here.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    commandTimeout: timeout,
    connectTimeout: timeout,
    retryStrategy: (times) => Math.min(times * 50, 500),
    lazyConnect: false,
  };
  const nodes = options.clusterNodes ?? [];
  const client =
    nodes.length > 0
      ? new Cluster(nodes.map(clusterNode), {
          redisOptions,
          enableAutoPipelining: true,
          clusterRetryStrategy: (times) => Math.min(times * 50, 500),
          // A Cluster queues commands until it is ready, with no timeout: while it is away (or
          // still connecting) a command fails at once instead, as one server's does after a retry.
          enableOfflineQueue: false,
          // A slot moving to another master (failover, resharding) is followed within the timeout.
          retryDelayOnMoved: 0,
          retryDelayOnFailover: 50,
          retryDelayOnClusterDown: 50,
          slotsRefreshTimeout: timeout,
        })
      : new Redis(options.url, redisOptions);
  // Without a listener ioredis prints every reconnect failure; readiness and metrics show them.
  client.on('error', () => undefined);
  return client;
}

/**
 * Waits, at most `timeoutMs`, for a client that is still connecting: for work that may wait a
 * little (the journal's batched writes) rather than fail at once, as a command does while a Cluster
 * client without an offline queue connects. Resolves either way; the command then says how it went.
 */
export async function whenReady(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready' || client.status === 'end') return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    client.once('ready', done);
  });
}

/** Closes gracefully when connected (pending replies arrive), at once when still connecting. */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await client.quit().catch(() => client.disconnect());
}
