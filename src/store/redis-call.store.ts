import { randomUUID } from 'node:crypto';
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ReplyError, type ChainableCommander } from 'ioredis';
import { isSettled, type CallRecord } from './call-record';
import type {
  CallStore,
  CreateOptions,
  DeliveryLookup,
  MarkerWrite,
  RepeatMarker,
  SeatClaim,
  UpdateOptions,
} from './call-store';
import {
  decodeCursor,
  InvalidCursorError,
  positionOf,
  type CallListQuery,
  type CallPage,
} from './call-list';
import {
  CLAIM_SEAT,
  CLEAR_GROUP,
  COMPARE_AND_SET,
  CREATE_CALL,
  INDEX_ADD,
} from './redis-call.scripts';
import { LISTING_HORIZON_MS, RedisCallListing } from './redis-call-listing';
import { RedisRecordCache } from './redis-record-cache';
import { closeRedisClient, createRedisClient, type RedisClient } from './redis-connection';
import { INDEX_SHARDS, RedisKeys, shardOf } from './redis-keys';
import { StoreUnavailableError } from './store.errors';

export interface RedisCallStoreOptions {
  /** `redis://host:port/db`. */
  url: string;
  /** `host:port` seed nodes of a Redis Cluster; when given, `url` is not used. */
  clusterNodes?: readonly string[];
  /** Put before every key, so that deployments (and test runs) sharing one Redis stay apart. */
  keyPrefix: string;
  /** How long a command may wait for Redis before it fails, so a call never hangs on the store. */
  commandTimeoutMs?: number;
  /** How long a call that is not settled lives after its last write. */
  liveTtlMs?: number;
  /** Told of each awaited exchange with Redis (`switchboard_store_round_trips_total`). */
  onRoundTrip?: () => void;
}

/** A compare-and-set loses only when another writer got in between; this many times is a bug. */
const MAX_UPDATE_ATTEMPTS = 50;
/** The shared indexes are kept alive by use; a deployment gone for good leaves nothing behind. */
const INDEX_REFRESH_MS = 60_000;
/** Recent calls whose last version this instance keeps (`RedisRecordCache`). */
const KNOWN_RECORDS = 5_000;

/** The marker a call's own script may write: one of that call (its hash tag), else none. */
function markerOfCall(id: string, seen: MarkerWrite | undefined): MarkerWrite | undefined {
  return seen?.marker.callId?.toLowerCase() === id ? seen : undefined;
}

/**
 * The scripts that may write a repeat marker are defined twice, with and without the marker key
 * (a fixed number of keys each): ioredis sends a command of a Cluster by its first argument, which
 * must therefore be a key.
 */
interface ScriptCommands {
  sbCreateCall(call: string, json: string, ttl: number): Promise<number>;
  sbCreateCallMarked(
    call: string,
    marker: string,
    json: string,
    ttl: number,
    markerTtl: number,
  ): Promise<number>;
  sbCompareAndSet(
    call: string,
    seats: string,
    expected: string,
    next: string,
    ttl: number,
  ): Promise<[0 | 1, string?]>;
  sbCompareAndSetMarked(
    call: string,
    seats: string,
    marker: string,
    expected: string,
    next: string,
    ttl: number,
    markerTtl: number,
  ): Promise<[0 | 1, string?]>;
  sbClaimSeat(
    seats: string,
    participant: string,
    capacity: number,
    ttl: number,
  ): Promise<SeatClaim>;
  sbClearGroup(group: string, callId: string): Promise<number>;
  sbIndexAdd(
    index: string,
    score: number,
    member: string,
    mode: 'NX' | '',
    ttl: number,
    renew: '1' | '0',
    trimBelow: number | '',
  ): Promise<number>;
}

type ScriptedRedis = RedisClient & ScriptCommands;

/** A time to live Redis accepts: a whole number of ms, at least 1. */
const ttlOf = (ms: number): number => Math.max(1, Math.round(ms));

/** Short, stable reasons: ioredis' and Redis' own texts never reach a response or readiness. */
function storeError(error: unknown): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  const message = (error as Error)?.message ?? '';
  if (error instanceof ReplyError) return new StoreUnavailableError('refused', { cause: error });
  if (/timed out/i.test(message)) return new StoreUnavailableError('timeout', { cause: error });
  return new StoreUnavailableError('unavailable', { cause: error });
}

/** A transaction's replies carry their errors instead of rejecting: a refused command is a failure. */
async function execAll(transaction: ChainableCommander): Promise<void> {
  const replies = await transaction.exec();
  if (replies === null) throw new Error('transaction aborted');
  const refused = replies.find(([error]) => error)?.[0];
  if (refused) throw refused;
}

/**
 * The shared store for several instances (docs/reliability.md). A call is one JSON string with a
 * time to live; updates are optimistic compare-and-set in Lua (the mutation is JavaScript, so it
 * cannot run in Redis), and updates of the same call from this instance are queued so they do not
 * make each other retry. Seats are a Redis set per call claimed in Lua.
 */
export class RedisCallStore implements CallStore, OnApplicationShutdown {
  private readonly redis: ScriptedRedis;
  private readonly keys: RedisKeys;
  private readonly listing: RedisCallListing;
  private readonly liveTtlMs: number;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly probeToken = randomUUID();
  private probes = 0;
  private readonly known = new RedisRecordCache(KNOWN_RECORDS);
  /** When this instance last renewed each shared index's lifetime (2 × `INDEX_SHARDS` keys). */
  private readonly indexRenewedAt = new Map<string, number>();
  private readonly onRoundTrip: (() => void) | undefined;
  private readonly logger = new Logger(RedisCallStore.name);

  constructor(options: RedisCallStoreOptions) {
    this.keys = new RedisKeys(options.keyPrefix);
    this.onRoundTrip = options.onRoundTrip;
    this.liveTtlMs = Math.max(1, Math.round(options.liveTtlMs ?? 7_200_000));
    this.redis = createRedisClient({
      url: options.url,
      clusterNodes: options.clusterNodes,
      commandTimeoutMs: options.commandTimeoutMs ?? 1000,
    }) as ScriptedRedis;
    this.listing = new RedisCallListing(this.redis, this.keys);
    this.redis.defineCommand('sbCreateCall', { numberOfKeys: 1, lua: CREATE_CALL });
    this.redis.defineCommand('sbCreateCallMarked', { numberOfKeys: 2, lua: CREATE_CALL });
    this.redis.defineCommand('sbCompareAndSet', { numberOfKeys: 2, lua: COMPARE_AND_SET });
    this.redis.defineCommand('sbCompareAndSetMarked', { numberOfKeys: 3, lua: COMPARE_AND_SET });
    this.redis.defineCommand('sbClaimSeat', { numberOfKeys: 1, lua: CLAIM_SEAT });
    this.redis.defineCommand('sbClearGroup', { numberOfKeys: 1, lua: CLEAR_GROUP });
    this.redis.defineCommand('sbIndexAdd', { numberOfKeys: 1, lua: INDEX_ADD });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  close(): Promise<void> {
    return closeRedisClient(this.redis);
  }

  /**
   * One round trip: the record (with the delivery's repeat marker, in the call's slot), its
   * listing entry and (`dueAtMs`) its due-index entry are sent together; the indexes are other
   * slots of a Cluster, so they are commands of their own.
   */
  create(call: CallRecord, options: CreateOptions = {}): Promise<boolean> {
    const id = call.id.toLowerCase();
    const json = JSON.stringify(call);
    const { dueAtMs, seen } = options;
    const marked = markerOfCall(id, seen);
    const record = marked
      ? this.redis.sbCreateCallMarked(
          this.keys.call(id),
          this.keys.seen(marked.marker),
          json,
          this.liveTtlMs,
          ttlOf(marked.ttlMs),
        )
      : this.redis.sbCreateCall(this.keys.call(id), json, this.liveTtlMs);
    return this.run(async () => {
      const [created] = await this.trip(
        Promise.all([
          record,
          // Also on a repeat: a first try that stopped between the writes is repaired here.
          this.indexAdd(this.keys.listing(shardOf(id)), positionOf(call).at, id, {
            trimListing: true,
          }),
          // NX: a repeat leaves the schedule of the call it repeats alone.
          dueAtMs === undefined
            ? undefined
            : this.indexAdd(this.keys.due(shardOf(id)), dueAtMs, id, { onlyNew: true }),
        ]),
      ).catch((error: unknown) => this.unmarkAfter(error, marked));
      if (created === 1) this.known.remember(id, json, call);
      // A marker of another call (or none) is not the record's to write.
      if (created === 1 && seen && !marked) await this.writeMarker(seen);
      return created === 1;
    });
  }

  /**
   * A create that failed may have written its record and marker all the same (an index on
   * another Cluster node failed, or the reply was lost): the marker goes, so that the redelivery
   * is not taken for a repeat and repairs the call (`create` false, the caller's repeat path).
   * Sent after the script on the same connection, so Redis runs it after the script. Best effort;
   * the create's own failure is what the caller gets.
   */
  private async unmarkAfter(error: unknown, marked: MarkerWrite | undefined): Promise<never> {
    if (marked) {
      await this.trip(this.redis.del(this.keys.seen(marked.marker))).catch(() => undefined);
    }
    throw error;
  }

  get(id: string): Promise<CallRecord | undefined> {
    const key = id.toLowerCase();
    return this.run(async () => {
      return this.recordOf(key, await this.trip(this.redis.get(this.keys.call(key))));
    });
  }

  list(): Promise<CallRecord[]> {
    return this.run(async () => {
      const shards = Array.from({ length: INDEX_SHARDS }, (_, shard) => shard);
      const found = await Promise.all(
        shards.map(async (shard) => {
          const ids = await this.redis.zrange(this.keys.listing(shard), 0, -1);
          const values = await Promise.all(ids.map((id) => this.redis.get(this.keys.call(id))));
          const gone = ids.filter((_, i) => values[i] === null);
          // Expired calls leave their id in the index; tidy it while we are here.
          await Promise.all(gone.map((id) => this.listing.remove(id)));
          return values.filter((v): v is string => v !== null);
        }),
      );
      return found.flat().map((v) => JSON.parse(v) as CallRecord);
    });
  }

  listCalls(query: CallListQuery): Promise<CallPage> {
    // A bad cursor is the caller's mistake (400), not the store's failure.
    if (query.cursor && !decodeCursor(query.cursor)) {
      return Promise.reject(new InvalidCursorError());
    }
    return this.run(async () => {
      await this.refreshIndexes();
      return this.listing.page(query);
    });
  }

  update(
    id: string,
    mutate: (current: CallRecord) => CallRecord | undefined,
    options: UpdateOptions = {},
  ): Promise<CallRecord | undefined> {
    const key = id.toLowerCase();
    const previous = this.queues.get(key) ?? Promise.resolve();
    const attempt = (): Promise<CallRecord | undefined> =>
      this.run(() => this.updateWith(key, mutate, options));
    const run = previous.then(attempt, attempt);
    this.queues.set(key, run);
    const forget = (): void => {
      if (this.queues.get(key) === run) this.queues.delete(key);
    };
    run.then(forget, forget);
    return run;
  }

  delete(id: string): Promise<void> {
    const key = id.toLowerCase();
    this.known.forget(key);
    return this.run(async () => {
      await this.trip(this.redis.del(this.keys.call(key), this.keys.seats(key)));
      await this.trip(this.listing.remove(key));
      await this.trip(this.redis.zrem(this.keys.due(shardOf(key)), key));
    });
  }

  expire(id: string, ttlMs: number): Promise<void> {
    const key = id.toLowerCase();
    const ttl = Math.max(1, Math.round(ttlMs));
    return this.run(async () => {
      await this.trip(
        execAll(
          this.redis.multi().pexpire(this.keys.call(key), ttl).pexpire(this.keys.seats(key), ttl),
        ),
      );
    });
  }

  /** One round trip: the seats and the expiry are the call's slot, the due index its own. */
  retire(id: string, ttlMs: number): Promise<void> {
    const key = id.toLowerCase();
    const ttl = Math.max(1, Math.round(ttlMs));
    this.known.forget(key);
    return this.run(async () => {
      await this.trip(
        Promise.all([
          execAll(this.redis.multi().del(this.keys.seats(key)).pexpire(this.keys.call(key), ttl)),
          this.redis.zrem(this.keys.due(shardOf(key)), key),
        ]),
      );
    });
  }

  claimSeat(callId: string, participantKey: string, capacity: number): Promise<SeatClaim> {
    return this.run(() =>
      this.trip(
        this.redis.sbClaimSeat(
          this.keys.seats(callId.toLowerCase()),
          participantKey.toLowerCase(),
          capacity,
          this.liveTtlMs,
        ),
      ),
    );
  }

  releaseSeat(callId: string, participantKey: string): Promise<boolean> {
    return this.run(async () => {
      const seats = this.keys.seats(callId.toLowerCase());
      return (await this.trip(this.redis.srem(seats, participantKey.toLowerCase()))) === 1;
    });
  }

  releaseAllSeats(callId: string): Promise<void> {
    return this.run(async () => {
      await this.trip(this.redis.del(this.keys.seats(callId.toLowerCase())));
    });
  }

  countSeats(callId: string): Promise<number> {
    return this.run(() => this.trip(this.redis.scard(this.keys.seats(callId.toLowerCase()))));
  }

  /**
   * One round trip: the reads are sent together (pipelined on one connection; on a Cluster, in
   * parallel to the nodes holding them): plain reads, with nothing to be atomic about.
   */
  lookUpDelivery(
    callIds: readonly string[],
    markers: readonly RepeatMarker[],
  ): Promise<DeliveryLookup> {
    if (callIds.length === 0 && markers.length === 0) {
      return Promise.resolve({ calls: [], seen: [] });
    }
    const ids = callIds.map((id) => id.toLowerCase());
    return this.run(async () => {
      const [records, found] = await this.trip(
        Promise.all([
          Promise.all(ids.map((id) => this.redis.get(this.keys.call(id)))),
          Promise.all(markers.map((marker) => this.redis.exists(this.keys.seen(marker)))),
        ]),
      );
      const calls = records.map((json, i) => this.recordOf(ids[i], json));
      return { calls, seen: found.map((exists) => exists === 1) };
    });
  }

  markSeen(marker: RepeatMarker, ttlMs: number): Promise<void> {
    return this.run(() => this.writeMarker({ marker, ttlMs }));
  }

  /** A repeat marker written on its own: one round trip. */
  private async writeMarker({ marker, ttlMs }: MarkerWrite): Promise<void> {
    await this.trip(this.redis.set(this.keys.seen(marker), '1', 'PX', ttlOf(ttlMs)));
  }

  setGroupCall(groupKey: string, callId: string, ttlMs: number): Promise<void> {
    return this.run(async () => {
      const ttl = Math.max(1, Math.round(ttlMs));
      await this.trip(this.redis.set(this.keys.group(groupKey), callId, 'PX', ttl));
    });
  }

  getGroupCall(groupKey: string): Promise<string | undefined> {
    return this.run(
      async () => (await this.trip(this.redis.get(this.keys.group(groupKey)))) ?? undefined,
    );
  }

  clearGroupCall(groupKey: string, callId: string): Promise<void> {
    return this.run(async () => {
      await this.trip(this.redis.sbClearGroup(this.keys.group(groupKey), callId.toLowerCase()));
    });
  }

  schedule(callId: string, atMs: number): Promise<void> {
    const id = callId.toLowerCase();
    return this.run(async () => {
      await this.trip(this.indexAdd(this.keys.due(shardOf(id)), atMs, id));
    });
  }

  unschedule(callId: string): Promise<void> {
    const id = callId.toLowerCase();
    return this.run(async () => {
      await this.trip(this.redis.zrem(this.keys.due(shardOf(id)), id));
    });
  }

  due(nowMs: number, limit: number): Promise<string[]> {
    return this.run(async () => {
      await this.refreshIndexes();
      const shards = Array.from({ length: INDEX_SHARDS }, (_, shard) => shard);
      const found = await this.trip(
        Promise.all(
          shards.map((shard) =>
            this.redis.zrangebyscore(
              this.keys.due(shard),
              '-inf',
              Math.round(nowMs),
              'LIMIT',
              0,
              limit,
            ),
          ),
        ),
      );
      return found.flat().slice(0, limit);
    });
  }

  /** A write, a compare-and-set script and a read on keys shaped like a call's, then cleanup. */
  probe(): Promise<void> {
    // Keys of this probe alone: readiness may probe again while a probe is still running.
    const { call, seats } = this.keys.probe(`${this.probeToken}:${++this.probes}`);
    return this.run(async () => {
      const before = `probe-${Date.now()}`;
      await this.redis.set(call, before, 'PX', 10_000);
      const [swapped] = await this.redis.sbCompareAndSet(call, seats, before, `${before}+`, 10_000);
      if (swapped !== 1 || (await this.redis.get(call)) !== `${before}+`) {
        throw new StoreUnavailableError('refused');
      }
      await this.redis.del(call);
    });
  }

  /**
   * `compareAndSetLoop`, and the repeat marker of `options.seen` written on its own when the
   * update wrote nothing (or the marker is of another call, so not the call's script's to write).
   */
  private async updateWith(
    key: string,
    mutate: (current: CallRecord) => CallRecord | undefined,
    options: UpdateOptions,
  ): Promise<CallRecord | undefined> {
    const marked = markerOfCall(key, options.seen);
    const step = { marked, markedWith: false, scheduleAt: options.scheduleAt };
    const stored = await this.compareAndSetLoop(key, mutate, step);
    const { seen } = options;
    if (seen && !step.markedWith) await this.writeMarker(seen);
    return stored;
  }

  /**
   * Starts from the version this instance knows (no read when it wrote or read the call last), so
   * an update that writes is one round trip; a lost race hands back the current version for the
   * next try. A decision to write nothing is only taken on a version read from Redis in this
   * update: a known version may be stale, and nothing would then correct it. `step.marked` rides
   * the compare-and-set script (`step.markedWith` says whether a script wrote it), and the schedule
   * the same pipeline.
   */
  private async compareAndSetLoop(
    key: string,
    mutate: (current: CallRecord) => CallRecord | undefined,
    step: {
      marked: MarkerWrite | undefined;
      markedWith: boolean;
      scheduleAt: UpdateOptions['scheduleAt'];
    },
  ): Promise<CallRecord | undefined> {
    const known = this.known.get(key)?.json;
    let fresh = known === undefined;
    let before = known ?? (await this.read(key));
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      if (before === null) {
        this.known.forget(key);
        return undefined;
      }
      const current = this.known.fromJson(key, before);
      const next = mutate(current);
      const after = next === undefined ? before : JSON.stringify(next);
      if (after === before) {
        if (fresh) return next ?? current;
        const now = await this.read(key);
        fresh = true;
        if (now === before) return next ?? current;
        before = now;
        continue;
      }
      const settled = isSettled(next!);
      const dueAt = step.scheduleAt?.(next!);
      const [[swapped, now]] = await this.trip(
        Promise.all([
          this.compareAndSet(key, before, after, settled ? 0 : this.liveTtlMs, step.marked),
          dueAt === undefined ? undefined : this.scheduleWith(key, dueAt),
        ]),
      );
      // Written by the script when it wrote the call, or found it gone.
      if (swapped === 1 || now === undefined) step.markedWith = step.marked !== undefined;
      if (swapped === 1) {
        // A settled call is only read from now on: nothing to keep for its next update.
        if (settled) this.known.forget(key);
        else this.known.remember(key, after, next!);
        return next;
      }
      before = now ?? null;
      fresh = true;
    }
    throw new Error(`call ${key}: too many concurrent updates`);
  }

  /**
   * The schedule sent with a compare-and-set. Its failure does not fail the update, whose write
   * may well have happened (a caller retrying would find nothing left to change, and schedule
   * nothing): it is sent once more on its own, then logged if it fails again.
   */
  private async scheduleWith(key: string, atMs: number): Promise<void> {
    const due = this.keys.due(shardOf(key));
    try {
      await this.indexAdd(due, atMs, key);
    } catch {
      try {
        await this.trip(this.indexAdd(due, atMs, key));
      } catch (error) {
        this.logger.error(
          { err: error, callId: key, at: new Date(atMs).toISOString() },
          'could not schedule the call with its update: no instance visits it until it is written again',
        );
      }
    }
  }

  private compareAndSet(
    key: string,
    before: string,
    after: string,
    ttl: number,
    marked: MarkerWrite | undefined,
  ): Promise<[0 | 1, string?]> {
    const call = this.keys.call(key);
    const seats = this.keys.seats(key);
    return marked
      ? this.redis.sbCompareAndSetMarked(
          call,
          seats,
          this.keys.seen(marked.marker),
          before,
          after,
          ttl,
          ttlOf(marked.ttlMs),
        )
      : this.redis.sbCompareAndSet(call, seats, before, after, ttl);
  }

  /** The record a read found (remembered as the version this instance knows), or undefined. */
  private recordOf(key: string, json: string | null): CallRecord | undefined {
    if (json !== null) return this.known.fromJson(key, json);
    this.known.forget(key);
    return undefined;
  }

  private read(key: string): Promise<string | null> {
    return this.trip(this.redis.get(this.keys.call(key)));
  }

  /**
   * Adds a call to a shared index (listing or due); the index's lifetime is renewed with it, and
   * a listing's entries past the horizon trimmed, only when this instance has not done so for a
   * while (`indexTtlFor`): on every write that would be most of the commands.
   */
  private indexAdd(
    index: string,
    score: number,
    id: string,
    options: { onlyNew?: boolean; trimListing?: boolean } = {},
  ): Promise<number> {
    const now = Date.now();
    const renew = this.indexTtlFor(index, now) !== undefined;
    return this.redis.sbIndexAdd(
      index,
      Math.round(score),
      id,
      options.onlyNew ? 'NX' : '',
      this.liveTtlMs,
      renew ? '1' : '0',
      renew && options.trimListing ? now - LISTING_HORIZON_MS : '',
    );
  }

  /**
   * The time to live to renew a shared index with now, or undefined when this instance renewed it
   * less than `INDEX_REFRESH_MS` ago: PEXPIRE on every write would be most of the commands.
   */
  private indexTtlFor(index: string, now = Date.now()): number | undefined {
    const last = this.indexRenewedAt.get(index) ?? 0;
    if (now - last < INDEX_REFRESH_MS) return undefined;
    this.indexRenewedAt.set(index, now);
    return this.liveTtlMs;
  }

  /** Live calls keep their indexes alive even when no new call comes for a long time. */
  private async refreshIndexes(): Promise<void> {
    const now = Date.now();
    const renewals: Promise<unknown>[] = [];
    for (let shard = 0; shard < INDEX_SHARDS; shard++) {
      const listing = this.keys.listing(shard);
      const listingTtl = this.indexTtlFor(listing, now);
      if (listingTtl !== undefined) {
        const horizon = `(${now - LISTING_HORIZON_MS}`;
        renewals.push(
          execAll(
            this.redis
              .multi()
              .zremrangebyscore(listing, '-inf', horizon)
              .pexpire(listing, listingTtl),
          ),
        );
      }
      const due = this.keys.due(shard);
      const dueTtl = this.indexTtlFor(due, now);
      if (dueTtl !== undefined) renewals.push(this.redis.pexpire(due, dueTtl));
    }
    if (renewals.length > 0) await this.trip(Promise.all(renewals));
  }

  /** Counts one awaited exchange with Redis. */
  private trip<T>(exchange: Promise<T>): Promise<T> {
    this.countTrip();
    return exchange;
  }

  private countTrip(): void {
    this.onRoundTrip?.();
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw storeError(error);
    }
  }
}
