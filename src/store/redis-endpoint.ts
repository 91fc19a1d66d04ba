/**
 * `host:port` of a Redis URL, for log lines and readiness: never the password a URL may carry
 * (`redis://:secret@host:6379`). Not a URL: the text itself is not shown either. With Cluster seed
 * nodes (which carry no credentials) the URL is not used, so the nodes are named instead.
 */
export function redisEndpoint(url: string, clusterNodes: readonly string[] = []): string {
  if (clusterNodes.length > 0) return `cluster ${clusterNodes.join(',')}`;
  try {
    const { hostname, port } = new URL(url);
    return `${hostname}:${port || '6379'}`;
  } catch {
    return '(invalid REDIS_URL)';
  }
}

/**
 * Why Redis did not answer, in words an operator can act on: ioredis reports a refused or timed-out
 * connection as "Reached the max retries per request limit", which names neither host nor cause.
 */
export function redisFailure(endpoint: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const detail =
    /max retries per request|Connection is closed|connect ETIMEDOUT|startup nodes|Cluster isn't ready|refresh slots/i.test(
      message,
    )
      ? 'unreachable'
      : message;
  return `Redis at ${endpoint}: ${detail}`;
}

/** Where the store and the journal find their Redis, from the store's configuration. */
export function redisTargetOf(config: {
  redisUrl: string;
  redisClusterNodes: readonly string[];
  keyPrefix: string;
}): { url: string; clusterNodes: readonly string[]; keyPrefix: string } {
  return {
    url: config.redisUrl,
    clusterNodes: config.redisClusterNodes,
    keyPrefix: config.keyPrefix,
  };
}
