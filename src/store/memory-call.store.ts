import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { isSettled, type CallRecord } from './call-record';
import type { CallStore, SeatClaim } from './call-store';
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

interface Held<T> {
  value: T;
  expiresAt: number;
}

export interface MemoryCallStoreOptions {
  /** How long a call that is not settled lives after its last write. */
  liveTtlMs: number;
}

/** How often expired entries are swept; reads also ignore them in between. */
const SWEEP_INTERVAL_MS = 30_000;

/**
 * The embedded store for a single instance. Every operation completes synchronously inside its
 * promise, which is what makes read-modify-write and seat claims atomic on one event loop.
 * Records are frozen, never copied: callers share them read-only.
 */
@Injectable()
export class MemoryCallStore implements CallStore, OnModuleDestroy {
  private readonly calls = new Map<string, Held<CallRecord>>();
  private readonly seats = new Map<string, Set<string>>();
  private readonly seen = new Map<string, number>();
  private readonly groups = new Map<string, Held<string>>();
  private readonly schedules = new Map<string, number>();
  private readonly order = new ReceivedOrderIndex();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: MemoryCallStoreOptions = { liveTtlMs: 7_200_000 }) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  async create(call: CallRecord, dueAtMs?: number): Promise<boolean> {
    const key = call.id.toLowerCase();
    if (dueAtMs !== undefined && !this.schedules.has(key)) this.schedules.set(key, dueAtMs);
    if (this.live(key)) return false;
    this.calls.set(key, { value: frozenRecord(call), expiresAt: this.liveUntil() });
    this.order.add(positionOf(call));
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
  ): Promise<CallRecord | undefined> {
    const key = id.toLowerCase();
    const held = this.live(key);
    if (!held) return undefined;
    const next = mutate(held.value);
    if (!next || next === held.value) return held.value;
    // A settled call keeps the retention `expire` gave it; a live one is renewed by the write.
    const expiresAt = isSettled(next) ? held.expiresAt : this.liveUntil();
    this.calls.set(key, { value: frozenRecord(next), expiresAt });
    return next;
  }

  async delete(id: string): Promise<void> {
    const key = id.toLowerCase();
    const held = this.calls.get(key);
    if (held) this.order.remove(positionOf(held.value));
    this.calls.delete(key);
    this.seats.delete(key);
    this.schedules.delete(key);
  }

  async expire(id: string, ttlMs: number): Promise<void> {
    const held = this.live(id.toLowerCase());
    if (held) held.expiresAt = Date.now() + ttlMs;
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

  async hasSeen(key: string): Promise<boolean> {
    return (this.seen.get(key) ?? 0) > Date.now();
  }

  async markSeen(key: string, ttlMs: number): Promise<void> {
    this.seen.set(key, Date.now() + ttlMs);
  }

  async setGroupCall(groupKey: string, callId: string, ttlMs: number): Promise<void> {
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
    const due: string[] = [];
    for (const [id, at] of this.schedules) {
      if (due.length >= limit) break;
      if (at <= nowMs) due.push(id);
    }
    return due;
  }

  async probe(): Promise<void> {}

  private live(key: string): Held<CallRecord> | undefined {
    const held = this.calls.get(key);
    if (!held) return undefined;
    if (held.expiresAt > Date.now()) return held;
    void this.delete(key);
    return undefined;
  }

  private liveUntil(): number {
    return Date.now() + this.options.liveTtlMs;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, held] of this.calls) if (held.expiresAt <= now) void this.delete(key);
    for (const [key, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(key);
    for (const [key, entry] of this.groups) if (entry.expiresAt <= now) this.groups.delete(key);
  }
}
