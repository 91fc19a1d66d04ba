import Redis from 'ioredis';
import type { JournalEntry } from './journal-entry';
import type { JournalWriter } from './journal.writer';

export interface RedisJournalOptions {
  url: string;
  keyPrefix: string;
  /** `XADD … MAXLEN ~ n`: entries kept per call. */
  maxEntriesPerCall: number;
  /** The stream expires this long after its last entry. */
  retentionMs: number;
}

/**
 * The shared journal: one Redis Stream per call, `<prefix>journal:{<callId>}`, bounded with
 * `MAXLEN ~` and expiring `retentionMs` after its last entry. A stream per call (rather than one
 * stream with an index) makes reading a call one `XRANGE`, lets Redis drop a whole call's journal
 * at once, and puts every entry of a call in one hash slot of a Redis Cluster. Entries from every
 * instance land in the order Redis receives them.
 */
export class RedisJournalWriter implements JournalWriter {
  private readonly redis: Redis;

  constructor(private readonly options: RedisJournalOptions) {
    this.redis = new Redis(options.url, {
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
      connectTimeout: 2000,
    });
    // Failures show as journal write failures (metric), not as unhandled error events.
    this.redis.on('error', () => undefined);
  }

  key(callId: string): string {
    return `${this.options.keyPrefix}journal:{${callId.toLowerCase()}}`;
  }

  async write(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    const keys = new Set<string>();
    for (const entry of entries) {
      const key = this.key(entry.callId);
      keys.add(key);
      const max = String(this.options.maxEntriesPerCall);
      pipeline.xadd(key, 'MAXLEN', '~', max, '*', 'e', JSON.stringify(entry));
    }
    for (const key of keys) pipeline.pexpire(key, this.options.retentionMs);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error !== null);
    if (failed) throw failed[0] ?? new Error('journal write failed');
  }

  async read(callId: string, limit: number): Promise<JournalEntry[]> {
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

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
