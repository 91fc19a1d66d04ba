import {
  closeRedisClient,
  createRedisClient,
  whenReady,
  type RedisClient,
} from '../store/redis-connection';
import type { JournalEntry } from './journal-entry';
import type { JournalWriter } from './journal.writer';

/** How long a journal write or read waits for a connection still being made. */
const CONNECT_WAIT_MS = 2000;

export interface RedisJournalOptions {
  url: string;
  /** `host:port` seed nodes of a Redis Cluster; when given, `url` is not used. */
  clusterNodes?: readonly string[];
  keyPrefix: string;
  /** `XADD … MAXLEN ~ n`: entries kept per call. */
  maxEntriesPerCall: number;
  /** The stream expires this long after its last entry. */
  retentionMs: number;
  /** Told of each awaited exchange with Redis (`switchboard_store_round_trips_total`). */
  onRoundTrip?: () => void;
}

/**
 * The shared journal: one Redis Stream per call, `<prefix>journal:{<callId>}`, bounded with
 * `MAXLEN ~` and expiring `retentionMs` after its last entry. A stream per call (rather than one
 * stream with an index) makes reading a call one `XRANGE`, lets Redis drop a whole call's journal
 * at once, and puts every entry of a call in one hash slot of a Redis Cluster. Entries from every
 * instance land in the order Redis receives them.
 */
export class RedisJournalWriter implements JournalWriter {
  private readonly redis: RedisClient;

  constructor(private readonly options: RedisJournalOptions) {
    // Failures show as journal write failures (metric), not as unhandled error events.
    this.redis = createRedisClient({
      url: options.url,
      clusterNodes: options.clusterNodes,
      commandTimeoutMs: 2000,
    });
  }

  key(callId: string): string {
    return `${this.options.keyPrefix}journal:{${callId.toLowerCase()}}`;
  }

  async write(entries: readonly JournalEntry[]): Promise<void> {
    // The journal's connection is its own: right after start-up it may still be connecting.
    await whenReady(this.redis, CONNECT_WAIT_MS);
    const byKey = new Map<string, JournalEntry[]>();
    for (const entry of entries) {
      const key = this.key(entry.callId);
      byKey.set(key, [...(byKey.get(key) ?? []), entry]);
    }
    // One pipeline per call: a Cluster pipeline must stay on one node, and a call's stream does.
    await Promise.all([...byKey].map(([key, ofCall]) => this.append(key, ofCall)));
  }

  private async append(key: string, entries: readonly JournalEntry[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    const max = String(this.options.maxEntriesPerCall);
    for (const entry of entries) {
      pipeline.xadd(key, 'MAXLEN', '~', max, '*', 'e', JSON.stringify(entry));
    }
    pipeline.pexpire(key, this.options.retentionMs);
    this.options.onRoundTrip?.();
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error !== null);
    if (failed) throw failed[0] ?? new Error('journal write failed');
  }

  async read(callId: string, limit: number): Promise<JournalEntry[]> {
    await whenReady(this.redis, CONNECT_WAIT_MS);
    this.options.onRoundTrip?.();
    const rows = await this.redis.xrevrange(this.key(callId), '+', '-', 'COUNT', limit);
    const entries: JournalEntry[] = [];
    for (const [, fields] of rows.reverse()) {
      const json = fields[fields.indexOf('e') + 1];
      try {
        entries.push(JSON.parse(json) as JournalEntry);
      } catch {
        // Not ours (someone wrote to the key by hand): skip.
      }
    }
    return entries;
  }

  close(): Promise<void> {
    return closeRedisClient(this.redis);
  }
}
