import {
  closeRedisClient,
  createRedisClient,
  whenReady,
  type RedisClient,
} from '../store/redis-connection';
import type { ChainableCommander } from 'ioredis';
import type { JournalEntry, JournalLine } from './journal-entry';
import type { JournalWriter } from './journal.writer';

/** How long a journal write or read waits for a connection still being made. */
const CONNECT_WAIT_MS = 2000;
/**
 * A stream's lifetime is renewed by a write only when this instance has not renewed it for this
 * share of the retention; the lifetime set is longer by as much, so a journal still lives at least
 * `retentionMs` after its last entry, and at most this share longer.
 */
const RENEW_SHARE = 0.01;
/** Streams whose last renewal this instance remembers; older ones are simply renewed again. */
const RENEWALS_KEPT = 10_000;
/**
 * At most one batch is sent per this long: a write right after another waits out the rest, so
 * the entries a call produces in quick succession (its notification, lease, state change, Graph
 * request, decision) leave together instead of one round trip each. A first write after a quiet
 * spell goes at once.
 */
const MIN_WRITE_INTERVAL_MS = 20;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
  private readonly cluster: boolean;
  /** When this instance last renewed each stream's lifetime, oldest first. */
  private readonly renewedAt = new Map<string, number>();
  private lastWriteAt = 0;

  constructor(private readonly options: RedisJournalOptions) {
    // Failures show as journal write failures (metric), not as unhandled error events.
    this.redis = createRedisClient({
      url: options.url,
      clusterNodes: options.clusterNodes,
      commandTimeoutMs: 2000,
    });
    this.cluster = (options.clusterNodes ?? []).length > 0;
  }

  key(callId: string): string {
    return `${this.options.keyPrefix}journal:{${callId.toLowerCase()}}`;
  }

  /**
   * One round trip per batch: on one Redis the whole batch is one pipeline; on a Cluster, where a
   * pipeline must stay in one slot, one pipeline per call, all sent at once.
   */
  async write(entries: readonly JournalLine[]): Promise<void> {
    // The journal's connection is its own: right after start-up it may still be connecting.
    await whenReady(this.redis, CONNECT_WAIT_MS);
    const wait = this.lastWriteAt + MIN_WRITE_INTERVAL_MS - Date.now();
    if (wait > 0) await sleep(wait);
    this.lastWriteAt = Date.now();
    const byKey = new Map<string, JournalLine[]>();
    for (const entry of entries) {
      const key = this.key(entry.callId);
      const ofCall = byKey.get(key);
      if (ofCall) ofCall.push(entry);
      else byKey.set(key, [entry]);
    }
    const groups = [...byKey];
    const pipelines = this.cluster
      ? groups.map((group) => this.append(this.redis.pipeline(), [group]))
      : [this.append(this.redis.pipeline(), groups)];
    this.options.onRoundTrip?.();
    const results = (await Promise.all(pipelines.map((p) => p.exec()))).flatMap((r) => r ?? []);
    const failed = results.find(([error]) => error !== null);
    if (failed) throw failed[0] ?? new Error('journal write failed');
  }

  private append(
    pipeline: ChainableCommander,
    groups: [string, JournalLine[]][],
  ): ChainableCommander {
    const max = String(this.options.maxEntriesPerCall);
    const now = Date.now();
    for (const [key, entries] of groups) {
      for (const entry of entries) {
        pipeline.xadd(key, 'MAXLEN', '~', max, '*', 'e', entry.line);
      }
      const ttl = this.renewal(key, now);
      if (ttl !== undefined) pipeline.pexpire(key, ttl);
    }
    return pipeline;
  }

  /** The lifetime to give the stream now, or undefined when this instance renewed it lately. */
  private renewal(key: string, now: number): number | undefined {
    const slack = Math.ceil(this.options.retentionMs * RENEW_SHARE);
    const last = this.renewedAt.get(key);
    if (last !== undefined && now - last < slack) return undefined;
    this.renewedAt.delete(key);
    this.renewedAt.set(key, now);
    if (this.renewedAt.size > RENEWALS_KEPT) {
      this.renewedAt.delete(this.renewedAt.keys().next().value as string);
    }
    return this.options.retentionMs + slack;
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
