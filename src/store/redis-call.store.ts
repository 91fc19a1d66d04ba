import { OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { CallRecord } from './call-record';
import type { CallStore, SeatClaim } from './call-store';
import {
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  isAfter,
  matchesFilters,
  MAX_SCANNED_PER_PAGE,
  positionOf,
  type CallListQuery,
  type CallPage,
} from './call-list';
import {
  CLAIM_SEAT,
  CLEAR_GROUP,
  COMPARE_AND_SET,
  CREATE_CALL,
  DELETE_CALL,
} from './redis-call.scripts';

export interface RedisCallStoreOptions {
  /** `redis://host:port/db`. */
  url: string;
  /** Put before every key, so that deployments (and test runs) sharing one Redis stay apart. */
  keyPrefix: string;
  /** How long a command may wait for Redis before it fails, so a call never hangs on the store. */
  commandTimeoutMs?: number;
}

/** A compare-and-set loses only when another writer got in between; this many times is a bug. */
const MAX_UPDATE_ATTEMPTS = 50;

interface ScriptCommands {
  sbCreateCall(call: string, index: string, json: string, id: string): Promise<number>;
  sbCompareAndSet(call: string, expected: string, next: string): Promise<number>;
  sbClaimSeat(seats: string, participant: string, capacity: number): Promise<SeatClaim>;
  sbClearGroup(group: string, callId: string): Promise<number>;
  sbDeleteCall(call: string, seats: string, index: string, id: string): Promise<number>;
}

type ScriptedRedis = Redis & ScriptCommands;

/**
 * The shared store for several instances (docs/guarantees.md). A call is one JSON string; updates are
 * optimistic compare-and-set in Lua (the mutation is JavaScript, so it cannot run in Redis), and
 * updates of the same call from this instance are queued so they do not make each other retry.
 * Seats are a Redis set per call claimed in Lua, so no two joins anywhere take the last seat.
 */
export class RedisCallStore implements CallStore, OnApplicationShutdown {
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(options: RedisCallStoreOptions) {
    this.prefix = options.keyPrefix;
    this.redis = new Redis(options.url, {
      // Fail fast instead of queueing for minutes while Redis is away: readiness reports it.
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      connectTimeout: options.commandTimeoutMs ?? 2000,
      lazyConnect: false,
    }) as ScriptedRedis;
    // Without a listener ioredis prints every reconnect failure; readiness is where it shows.
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('sbCreateCall', { numberOfKeys: 2, lua: CREATE_CALL });
    this.redis.defineCommand('sbCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
    this.redis.defineCommand('sbClaimSeat', { numberOfKeys: 1, lua: CLAIM_SEAT });
    this.redis.defineCommand('sbClearGroup', { numberOfKeys: 1, lua: CLEAR_GROUP });
    this.redis.defineCommand('sbDeleteCall', { numberOfKeys: 3, lua: DELETE_CALL });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    // quit() lets pending replies arrive; a client still trying to connect just stops.
    if (this.redis.status !== 'ready') {
      this.redis.disconnect();
      return;
    }
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  async create(call: CallRecord): Promise<boolean> {
    const id = call.id.toLowerCase();
    const created = await this.redis.sbCreateCall(
      this.callKey(id),
      this.indexKey(),
      JSON.stringify(call),
      id,
    );
    if (created === 1) await this.redis.zadd(this.orderKey(), Date.parse(call.receivedAt), id);
    return created === 1;
  }

  async get(id: string): Promise<CallRecord | undefined> {
    const json = await this.redis.get(this.callKey(id.toLowerCase()));
    return json === null ? undefined : (JSON.parse(json) as CallRecord);
  }

  async list(): Promise<CallRecord[]> {
    const ids = await this.redis.smembers(this.indexKey());
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => this.callKey(id)));
    const gone = ids.filter((_, i) => values[i] === null);
    // Expired calls leave their id in the index; tidy it while we are here.
    if (gone.length > 0) await this.redis.srem(this.indexKey(), ...gone);
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as CallRecord);
  }

  /**
   * Newest first from a sorted set by `receivedAt` (`<prefix>calls:byReceived`): a page reads
   * that range in batches and the records in each batch with one MGET, until the page is full;
   * ids of calls that expired meanwhile are removed from the set on the way.
   */
  async listCalls(query: CallListQuery): Promise<CallPage> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (query.cursor && !cursor) throw new InvalidCursorError();
    const batch = Math.min(1000, Math.max(50, query.limit * 2));
    const calls: CallRecord[] = [];
    let max = cursor ? String(cursor.at) : '+inf';
    let skip = 0;
    let scanned = 0;
    for (;;) {
      const rows = await this.redis.zrevrangebyscore(
        this.orderKey(),
        max,
        '-inf',
        'WITHSCORES',
        'LIMIT',
        skip,
        batch,
      );
      if (rows.length === 0) return { calls, nextCursor: null };
      const page: { key: string; at: number }[] = [];
      for (let i = 0; i < rows.length; i += 2) page.push({ key: rows[i], at: Number(rows[i + 1]) });
      const fresh = cursor ? page.filter((p) => isAfter(p, cursor)) : page;
      const values =
        fresh.length > 0 ? await this.redis.mget(fresh.map((p) => this.callKey(p.key))) : [];
      const gone = fresh.filter((_, i) => values[i] === null).map((p) => p.key);
      if (gone.length > 0) await this.redis.zrem(this.orderKey(), ...gone);
      for (const value of values) {
        if (value === null) continue;
        const call = JSON.parse(value) as CallRecord;
        if (!matchesFilters(call, query.filters)) continue;
        if (calls.length === query.limit) {
          return { calls, nextCursor: encodeCursor(positionOf(calls[calls.length - 1])) };
        }
        calls.push(call);
      }
      const last = page[page.length - 1];
      scanned += page.length;
      if (scanned >= MAX_SCANNED_PER_PAGE && page.length === batch) {
        return { calls, nextCursor: encodeCursor(last) };
      }
      // The next batch starts at the last score read; members already read at it are skipped.
      skip =
        last.at === Number(max) ? skip + page.length : page.filter((p) => p.at === last.at).length;
      max = String(last.at);
      if (page.length < batch) return { calls, nextCursor: null };
    }
  }

  update(
    id: string,
    mutate: (current: CallRecord) => CallRecord | undefined,
  ): Promise<CallRecord | undefined> {
    const key = id.toLowerCase();
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(
      () => this.compareAndSetLoop(key, mutate),
      () => this.compareAndSetLoop(key, mutate),
    );
    this.queues.set(key, run);
    const forget = (): void => {
      if (this.queues.get(key) === run) this.queues.delete(key);
    };
    run.then(forget, forget);
    return run;
  }

  async delete(id: string): Promise<void> {
    const key = id.toLowerCase();
    await this.redis.sbDeleteCall(this.callKey(key), this.seatsKey(key), this.indexKey(), key);
    await this.redis.zrem(this.orderKey(), key);
  }

  async expire(id: string, ttlMs: number): Promise<void> {
    const key = id.toLowerCase();
    const ttl = Math.max(1, Math.round(ttlMs));
    await this.redis
      .multi()
      .pexpire(this.callKey(key), ttl)
      .pexpire(this.seatsKey(key), ttl)
      .exec();
  }

  async claimSeat(callId: string, participantKey: string, capacity: number): Promise<SeatClaim> {
    return this.redis.sbClaimSeat(
      this.seatsKey(callId.toLowerCase()),
      participantKey.toLowerCase(),
      capacity,
    );
  }

  async releaseSeat(callId: string, participantKey: string): Promise<boolean> {
    const removed = await this.redis.srem(
      this.seatsKey(callId.toLowerCase()),
      participantKey.toLowerCase(),
    );
    return removed === 1;
  }

  async releaseAllSeats(callId: string): Promise<void> {
    await this.redis.del(this.seatsKey(callId.toLowerCase()));
  }

  async countSeats(callId: string): Promise<number> {
    return this.redis.scard(this.seatsKey(callId.toLowerCase()));
  }

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.round(ttlMs));
    const result = await this.redis.set(`${this.prefix}seen:${key}`, '1', 'PX', ttl, 'NX');
    return result === 'OK';
  }

  async setGroupCall(groupKey: string, callId: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.groupKey(groupKey), callId, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async getGroupCall(groupKey: string): Promise<string | undefined> {
    return (await this.redis.get(this.groupKey(groupKey))) ?? undefined;
  }

  async clearGroupCall(groupKey: string, callId: string): Promise<void> {
    await this.redis.sbClearGroup(this.groupKey(groupKey), callId.toLowerCase());
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  private async compareAndSetLoop(
    key: string,
    mutate: (current: CallRecord) => CallRecord | undefined,
  ): Promise<CallRecord | undefined> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const before = await this.redis.get(this.callKey(key));
      if (before === null) return undefined;
      const next = mutate(JSON.parse(before) as CallRecord);
      if (next === undefined) return JSON.parse(before) as CallRecord;
      const after = JSON.stringify(next);
      if (after === before) return next;
      if ((await this.redis.sbCompareAndSet(this.callKey(key), before, after)) === 1) return next;
    }
    throw new Error(`call ${key}: too many concurrent updates`);
  }

  private callKey(id: string): string {
    return `${this.prefix}call:${id}`;
  }

  private seatsKey(id: string): string {
    return `${this.prefix}seats:${id}`;
  }

  private indexKey(): string {
    return `${this.prefix}calls`;
  }

  private orderKey(): string {
    return `${this.prefix}calls:byReceived`;
  }

  private groupKey(group: string): string {
    return `${this.prefix}group:${group}`;
  }
}
