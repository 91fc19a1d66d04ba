import type { CallRecord } from './call-record';
import {
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  isAfter,
  matchesFilters,
  MAX_SCANNED_PER_PAGE,
  positionOf,
  type CallListPosition,
  type CallListQuery,
  type CallPage,
} from './call-list';
import type { RedisClient } from './redis-connection';
import { INDEX_SHARDS, RedisKeys, shardOf } from './redis-keys';

/**
 * An entry of the listing lives at most this long after its call arrived, whatever happens to the
 * call: longer than any Teams call (meetings end after 30 hours), so only the entries of calls
 * gone without a trace are trimmed (on every write to the shard).
 */
export const LISTING_HORIZON_MS = 48 * 3_600_000;

/**
 * A listing entry without its call is tidied only when older than this: a call's record and its
 * entry are written side by side (different slots of a Cluster), so a fresh entry may come first.
 */
const FRESH_ENTRY_MS = 60_000;

function isStale(position: CallListPosition, now = Date.now()): boolean {
  return position.at < now - FRESH_ENTRY_MS;
}

function newestFirst(a: CallListPosition, b: CallListPosition): number {
  if (a.at !== b.at) return b.at - a.at;
  return a.key < b.key ? 1 : a.key > b.key ? -1 : 0;
}

/**
 * The operator API's listing of calls on Redis: sharded sorted sets scored by `receivedAt`, each
 * shard its own Cluster slot, written by commands of their own (never inside a call's script).
 * A page merges the shards newest first and reads each call by its own key.
 */
export class RedisCallListing {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async remove(id: string): Promise<void> {
    await this.redis.zrem(this.keys.listing(shardOf(id)), id);
  }

  async page(query: CallListQuery): Promise<CallPage> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (query.cursor && !cursor) throw new InvalidCursorError();
    const batch = Math.min(1000, Math.max(50, query.limit * 2));
    const calls: CallRecord[] = [];
    let position = cursor;
    let scanned = 0;
    for (;;) {
      const next = await this.after(position, batch);
      if (next.length === 0) return { calls, nextCursor: null };
      const values = await Promise.all(next.map((p) => this.redis.get(this.keys.call(p.key))));
      const gone = next.filter((p, i) => values[i] === null && isStale(p));
      // An expired call leaves its entry behind; tidy it while we are here.
      await Promise.all(gone.map((p) => this.remove(p.key)));
      for (const value of values) {
        if (value === null) continue;
        const call = JSON.parse(value) as CallRecord;
        if (!matchesFilters(call, query.filters)) continue;
        if (calls.length === query.limit) {
          return { calls, nextCursor: encodeCursor(positionOf(calls[calls.length - 1])) };
        }
        calls.push(call);
      }
      position = next[next.length - 1];
      scanned += next.length;
      if (scanned >= MAX_SCANNED_PER_PAGE) return { calls, nextCursor: encodeCursor(position) };
    }
  }

  /**
   * The first `limit` entries after `position` over all shards, newest first. Each shard gives
   * its own first `limit`, so the merged first `limit` are all among them.
   */
  private async after(
    position: CallListPosition | undefined,
    limit: number,
  ): Promise<CallListPosition[]> {
    const shards = await Promise.all(
      Array.from({ length: INDEX_SHARDS }, (_, shard) =>
        this.shardAfter(this.keys.listing(shard), position, limit),
      ),
    );
    return shards.flat().sort(newestFirst).slice(0, limit);
  }

  private async shardAfter(
    index: string,
    position: CallListPosition | undefined,
    limit: number,
  ): Promise<CallListPosition[]> {
    // Entries at the cursor's own score that come before it (same time, higher key) are skipped.
    const skip = position
      ? (await this.redis.zrangebyscore(index, position.at, position.at)).filter(
          (key) => key >= position.key,
        ).length
      : 0;
    const max = position ? String(position.at) : '+inf';
    const rows = await this.redis.zrevrangebyscore(
      index,
      max,
      '-inf',
      'WITHSCORES',
      'LIMIT',
      skip,
      limit,
    );
    const found: CallListPosition[] = [];
    for (let i = 0; i < rows.length; i += 2) found.push({ key: rows[i], at: Number(rows[i + 1]) });
    return position ? found.filter((p) => isAfter(p, position)) : found;
  }
}
