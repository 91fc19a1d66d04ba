import { createHash } from 'node:crypto';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { isSettled, type CallRecord } from './call-record';
import type {
  CallStore,
  CreateOptions,
  DeliveryLookup,
  RepeatMarker,
  SeatClaim,
  UpdateOptions,
} from './call-store';
import {
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  matchesFilters,
  MAX_SCANNED_PER_PAGE,
  positionOf,
  type CallListQuery,
  type CallPage,
} from './call-list';
import { frozenRecord } from './frozen-record';
import { ReceivedOrderIndex } from './received-order.index';
import { TimeIndex } from './time-index';

interface Held<T> {
  value: T;
  expiresAt: number;
}

export interface MemoryCallStoreOptions {
  /** How long a call that is not settled lives after its last write. */
  liveTtlMs: number;
  /**
   * Calls given a retention (`expire`) kept at most: beyond it the oldest go first, before
   * their retention runs out, so that a busy hour cannot fill the process. Default: no bound.
   */
  maxRetainedCalls?: number;
}

/** How often expired entries are swept; reads also ignore them in between. */
const SWEEP_INTERVAL_MS = 5_000;

/**
 * A repeat marker as held: a digest of fixed length rather than the key as built, which is
 * usually a concatenation (a tree of string parts that would be kept whole).
 */
const seenKeyOf = (marker: RepeatMarker): string =>
  createHash('sha1')
    .update(`${marker.callId?.toLowerCase() ?? ''}|${marker.key}`)
    .digest('base64url');

/** Removes the entries of an insertion-ordered map from its oldest while they have expired. */
function dropExpiredHead<T>(entries: Map<string, T>, expiresAt: (value: T) => number): void {
  const now = Date.now();
  for (const [key, value] of entries) {
    if (expiresAt(value) > now) return;
    entries.delete(key);
  }
}

/**
 * The embedded store for a single instance. Every operation completes synchronously inside its
 * promise, which is what makes read-modify-write and seat claims atomic on one event loop.
 * Records are frozen, never copied: callers share them read-only.
 *
 * Memory stays bounded without walking every call: expiries and due visits are kept in time
 * order (`TimeIndex`), so a sweep touches only what has expired; repeat markers and policy
 * groups are kept in the order written (one time to live each), so a sweep stops at the first
 * that has not expired; and calls kept for reading after their story ended are bounded in number
 * too (`maxRetainedCalls`), the oldest going first.
 */
@Injectable()
export class MemoryCallStore implements CallStore, OnModuleDestroy {
  private readonly calls = new Map<string, Held<CallRecord>>();
  private readonly seats = new Map<string, Set<string>>();
  /** Oldest written first (re-marking moves a key to the end). */
  private readonly seen = new Map<string, number>();
  /** Oldest written first, like `seen`. */
  private readonly groups = new Map<string, Held<string>>();
  private readonly schedules = new TimeIndex();
  private readonly expiries = new TimeIndex();
  /** Calls given a retention, in the order they were given it. */
  private readonly retained = new Set<string>();
  private readonly order = new ReceivedOrderIndex();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: MemoryCallStoreOptions = { liveTtlMs: 7_200_000 }) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  async create(call: CallRecord, options: CreateOptions = {}): Promise<boolean> {
    const key = call.id.toLowerCase();
    const { dueAtMs, seen } = options;
    if (dueAtMs !== undefined && !this.schedules.has(key)) this.schedules.set(key, dueAtMs);
    if (this.live(key)) return false;
    this.hold(key, frozenRecord(call), this.liveUntil());
    this.order.add(positionOf(call));
    if (seen) this.remember(seen.marker, seen.ttlMs);
    return true;
  }

  async get(id: string): Promise<CallRecord | undefined> {
    return this.live(id.toLowerCase())?.value;
  }

  async list(): Promise<CallRecord[]> {
    const now = Date.now();
    return [...this.calls.values()].filter((h) => h.expiresAt > now).map((h) => h.value);
  }

  async listCalls(query: CallListQuery): Promise<CallPage> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (query.cursor && !cursor) throw new InvalidCursorError();
    const calls: CallRecord[] = [];
    let scanned = 0;
    let examined = cursor;
    const now = Date.now();
    for (const position of this.order.from(cursor)) {
      if (++scanned > MAX_SCANNED_PER_PAGE && examined) {
        return { calls, nextCursor: encodeCursor(examined) };
      }
      examined = position;
      // Expired entries are skipped, not deleted: deleting would shift the index being walked.
      const held = this.calls.get(position.key);
      if (!held || held.expiresAt <= now || !matchesFilters(held.value, query.filters)) continue;
      if (calls.length === query.limit)
        return { calls, nextCursor: encodeCursor(positionOf(calls[calls.length - 1])) };
      calls.push(held.value);
    }
    return { calls, nextCursor: null };
  }

  async update(
    id: string,
    mutate: (current: CallRecord) => CallRecord | undefined,
    options: UpdateOptions = {},
  ): Promise<CallRecord | undefined> {
    const key = id.toLowerCase();
    const { seen, scheduleAt } = options;
    const held = this.live(key);
    const next = held && mutate(held.value);
    // Written whether or not the update writes (one step, on one event loop); not when `mutate` threw.
    if (seen) this.remember(seen.marker, seen.ttlMs);
    if (!held) return undefined;
    if (!next || next === held.value) return held.value;
    // A settled call keeps the retention `expire` gave it; a live one is renewed by the write.
    const expiresAt = isSettled(next) ? held.expiresAt : this.liveUntil();
    const stored = frozenRecord(next);
    this.hold(key, stored, expiresAt);
    const at = scheduleAt?.(stored);
    if (at !== undefined) this.schedules.set(key, at);
    return stored;
  }

  async delete(id: string): Promise<void> {
    const key = id.toLowerCase();
    const held = this.calls.get(key);
    if (held) this.order.remove(positionOf(held.value));
    this.calls.delete(key);
    this.expiries.delete(key);
    this.retained.delete(key);
    this.seats.delete(key);
    this.schedules.delete(key);
  }

  async expire(id: string, ttlMs: number): Promise<void> {
    const key = id.toLowerCase();
    const held = this.live(key);
    if (!held) return;
    held.expiresAt = Date.now() + ttlMs;
    this.expiries.set(key, held.expiresAt);
    this.retained.delete(key);
    this.retained.add(key);
    const max = this.options.maxRetainedCalls ?? Infinity;
    for (const oldest of this.retained) {
      if (this.retained.size <= max) break;
      await this.delete(oldest);
    }
  }

  async retire(id: string, ttlMs: number): Promise<void> {
    const key = id.toLowerCase();
    this.seats.delete(key);
    this.schedules.delete(key);
    await this.expire(key, ttlMs);
  }

  async claimSeat(callId: string, participantKey: string, capacity: number): Promise<SeatClaim> {
    const key = callId.toLowerCase();
    const seats = this.seats.get(key) ?? new Set<string>();
    this.seats.set(key, seats);
    const participant = participantKey.toLowerCase();
    if (seats.has(participant)) return 'alreadyHeld';
    if (seats.size >= capacity) return 'full';
    seats.add(participant);
    return 'claimed';
  }

  async releaseSeat(callId: string, participantKey: string): Promise<boolean> {
    return this.seats.get(callId.toLowerCase())?.delete(participantKey.toLowerCase()) ?? false;
  }

  async releaseAllSeats(callId: string): Promise<void> {
    this.seats.delete(callId.toLowerCase());
  }

  async countSeats(callId: string): Promise<number> {
    return this.seats.get(callId.toLowerCase())?.size ?? 0;
  }

  async lookUpDelivery(
    callIds: readonly string[],
    markers: readonly RepeatMarker[],
  ): Promise<DeliveryLookup> {
    return {
      calls: await Promise.all(callIds.map((id) => this.get(id))),
      seen: markers.map((marker) => (this.seen.get(seenKeyOf(marker)) ?? 0) > Date.now()),
    };
  }

  async markSeen(marker: RepeatMarker, ttlMs: number): Promise<void> {
    this.remember(marker, ttlMs);
  }

  async setGroupCall(groupKey: string, callId: string, ttlMs: number): Promise<void> {
    this.groups.delete(groupKey);
    this.groups.set(groupKey, { value: callId, expiresAt: Date.now() + ttlMs });
  }

  async getGroupCall(groupKey: string): Promise<string | undefined> {
    const entry = this.groups.get(groupKey);
    if (!entry || entry.expiresAt <= Date.now()) return undefined;
    return entry.value;
  }

  async clearGroupCall(groupKey: string, callId: string): Promise<void> {
    if (this.groups.get(groupKey)?.value.toLowerCase() === callId.toLowerCase()) {
      this.groups.delete(groupKey);
    }
  }

  async schedule(callId: string, atMs: number): Promise<void> {
    this.schedules.set(callId.toLowerCase(), atMs);
  }

  async unschedule(callId: string): Promise<void> {
    this.schedules.delete(callId.toLowerCase());
  }

  async due(nowMs: number, limit: number): Promise<string[]> {
    return this.schedules.due(nowMs, limit);
  }

  async probe(): Promise<void> {}

  private remember(marker: RepeatMarker, ttlMs: number): void {
    const held = seenKeyOf(marker);
    this.seen.delete(held);
    this.seen.set(held, Date.now() + ttlMs);
  }

  private live(key: string): Held<CallRecord> | undefined {
    const held = this.calls.get(key);
    if (!held) return undefined;
    if (held.expiresAt > Date.now()) return held;
    void this.delete(key);
    return undefined;
  }

  private hold(key: string, value: CallRecord, expiresAt: number): void {
    this.calls.set(key, { value, expiresAt });
    this.expiries.set(key, expiresAt);
  }

  private liveUntil(): number {
    return Date.now() + this.options.liveTtlMs;
  }

  private sweep(): void {
    for (const key of this.expiries.takeDue(Date.now())) void this.delete(key);
    dropExpiredHead(this.seen, (expiresAt) => expiresAt);
    dropExpiredHead(this.groups, (entry) => entry.expiresAt);
  }
}
