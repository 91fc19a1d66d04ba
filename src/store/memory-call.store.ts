import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { CallRecord } from './call-record';
import { cloneCallRecord as copy } from './call-record.clone';
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
import { ReceivedOrderIndex } from './received-order.index';

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/**
 * The embedded store for a single instance. Every operation completes synchronously inside its
 * promise, which is what makes read-modify-write and seat claims atomic on one event loop.
 * Records are copied on the way in and out so that callers never share a mutable object with it.
 */
@Injectable()
export class MemoryCallStore implements CallStore, OnModuleDestroy {
  private readonly calls = new Map<string, CallRecord>();
  private readonly seats = new Map<string, Set<string>>();
  private readonly seen = new Map<string, number>();
  private readonly groups = new Map<string, Expiring<string>>();
  private readonly expiries = new Map<string, NodeJS.Timeout>();
  private readonly order = new ReceivedOrderIndex();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    for (const timer of this.expiries.values()) clearTimeout(timer);
  }

  async create(call: CallRecord): Promise<boolean> {
    const key = call.id.toLowerCase();
    if (this.calls.has(key)) return false;
    this.calls.set(key, copy(call));
    this.order.add(positionOf(call));
    return true;
  }

  async get(id: string): Promise<CallRecord | undefined> {
    const call = this.calls.get(id.toLowerCase());
    return call && copy(call);
  }

  async list(): Promise<CallRecord[]> {
    return [...this.calls.values()].map(copy);
  }

  async listCalls(query: CallListQuery): Promise<CallPage> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (query.cursor && !cursor) throw new InvalidCursorError();
    const calls: CallRecord[] = [];
    let scanned = 0;
    let examined = cursor;
    for (const position of this.order.from(cursor)) {
      if (++scanned > MAX_SCANNED_PER_PAGE && examined) {
        return { calls, nextCursor: encodeCursor(examined) };
      }
      examined = position;
      const call = this.calls.get(position.key);
      if (!call || !matchesFilters(call, query.filters)) continue;
      if (calls.length === query.limit)
        return { calls, nextCursor: encodeCursor(positionOf(calls[calls.length - 1])) };
      calls.push(copy(call));
    }
    return { calls, nextCursor: null };
  }

  async update(
    id: string,
    mutate: (current: CallRecord) => CallRecord | undefined,
  ): Promise<CallRecord | undefined> {
    const key = id.toLowerCase();
    const current = this.calls.get(key);
    if (!current) return undefined;
    const next = mutate(copy(current));
    if (!next) return copy(current);
    // The caller keeps `next`; the store keeps its own copy.
    this.calls.set(key, copy(next));
    return next;
  }

  async delete(id: string): Promise<void> {
    const key = id.toLowerCase();
    const call = this.calls.get(key);
    if (call) this.order.remove(positionOf(call));
    this.calls.delete(key);
    this.seats.delete(key);
    clearTimeout(this.expiries.get(key));
    this.expiries.delete(key);
  }

  async expire(id: string, ttlMs: number): Promise<void> {
    const key = id.toLowerCase();
    clearTimeout(this.expiries.get(key));
    const timer = setTimeout(() => void this.delete(key), ttlMs);
    timer.unref();
    this.expiries.set(key, timer);
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

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const expiresAt = this.seen.get(key);
    if (expiresAt !== undefined && expiresAt > now) return false;
    this.seen.set(key, now + ttlMs);
    return true;
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

  async ping(): Promise<void> {}

  private sweep(): void {
    const now = Date.now();
    for (const [key, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(key);
    for (const [key, entry] of this.groups) if (entry.expiresAt <= now) this.groups.delete(key);
  }
}
