import type { CallListQuery, CallPage } from './call-list';
import type { CallRecord } from './call-record';

/** What a delivery needs to know before it is acted on (`lookUpDelivery`). */
export interface DeliveryLookup {
  /** The stored record of each call asked for, in the order asked; undefined when unknown. */
  calls: (CallRecord | undefined)[];
  /** Whether each repeat marker asked for exists (written by `markSeen`, within its time to live), in the order asked. */
  seen: boolean[];
}

/** Result of asking for a seat in a policy-recording call. */
export type SeatClaim = 'claimed' | 'alreadyHeld' | 'full';

/**
 * Where calls live. Asynchronous so that a shared store (Redis) fits the same interface as the
 * embedded one; every implementation must pass `call-store.contract.ts`. Ids are matched
 * case-insensitively. Every entry has a bounded lifetime: a call that is not settled
 * (`isSettled`) lives `liveTtlMs` past its last write; `expire` shortens that to a retention.
 * A failure to reach the store rejects with `StoreUnavailableError`.
 */
export interface CallStore {
  /**
   * Adds the call unless one with the same id exists; false when it did (a repeat delivery).
   * Either way the call is (again) in the listing, so a repeat repairs a half-done first try.
   * `dueAtMs`: also `schedule`s the call then, in the same step, unless it is scheduled already.
   */
  create(call: CallRecord, dueAtMs?: number): Promise<boolean>;
  /** The stored record; treat it as read-only (the memory store hands out frozen records). */
  get(id: string): Promise<CallRecord | undefined>;
  /** Every call held, for the operator API (never for scans: see `due`). */
  list(): Promise<CallRecord[]>;
  /**
   * One page of calls, newest first by `receivedAt`, filtered; never the whole store. Throws
   * `InvalidCursorError` for a cursor it did not make.
   */
  listCalls(query: CallListQuery): Promise<CallPage>;
  /**
   * Atomic read-modify-write: `mutate` gets the current record and returns the new one, or
   * undefined to leave it unchanged. Resolves to the stored record (undefined if unknown).
   */
  update(
    id: string,
    mutate: (current: CallRecord) => CallRecord | undefined,
  ): Promise<CallRecord | undefined>;
  delete(id: string): Promise<void>;
  /** Deletes the call after `ttlMs` (terminated calls leave after the retention). */
  expire(id: string, ttlMs: number): Promise<void>;
  /**
   * The call's story is over, in one step: its seats are freed (`releaseAllSeats`), it is kept
   * `ttlMs` more for reading (`expire`) and it leaves the due index (`unschedule`).
   */
  retire(id: string, ttlMs: number): Promise<void>;

  /** Takes a seat for `participantKey` unless `capacity` seats are taken; atomic. */
  claimSeat(callId: string, participantKey: string, capacity: number): Promise<SeatClaim>;
  /** Frees that participant's seat; false when it held none. */
  releaseSeat(callId: string, participantKey: string): Promise<boolean>;
  releaseAllSeats(callId: string): Promise<void>;
  countSeats(callId: string): Promise<number>;

  /**
   * The calls a delivery is about (for its tenant check) and whether its repeat markers exist, in
   * one step: the intake's reads cost one round trip per delivery instead of one per read.
   */
  lookUpDelivery(callIds: readonly string[], seenKeys: readonly string[]): Promise<DeliveryLookup>;
  /** Remembers an acknowledged delivery; written after what the delivery caused is recorded. */
  markSeen(key: string, ttlMs: number): Promise<void>;

  /** Remembers which call handles a policy group on this deployment. */
  setGroupCall(groupKey: string, callId: string, ttlMs: number): Promise<void>;
  getGroupCall(groupKey: string): Promise<string | undefined>;
  clearGroupCall(groupKey: string, callId: string): Promise<void>;

  /**
   * Asks for the call to be looked at again at `atMs` (epoch ms), replacing an earlier request:
   * the index every instance scans for expired leases, keep-alives and inactive calls.
   */
  schedule(callId: string, atMs: number): Promise<void>;
  unschedule(callId: string): Promise<void>;
  /** Up to `limit` ids of calls scheduled at or before `nowMs`. */
  due(nowMs: number, limit: number): Promise<string[]>;

  /** A real round trip of the kinds of operation the service needs; rejects when one fails. */
  probe(): Promise<void>;
}
