import type { CallListQuery, CallPage } from './call-list';
import type { CallRecord } from './call-record';

/** Result of asking for a seat in a policy-recording call. */
export type SeatClaim = 'claimed' | 'alreadyHeld' | 'full';

/**
 * Where calls live. Asynchronous so that a shared store (Redis) fits the same interface as the
 * embedded one; every implementation must pass `call-store.contract.ts`.
 * Ids are matched case-insensitively.
 */
export interface CallStore {
  /** Adds the call unless one with the same id exists; false when it did (a repeat delivery). */
  create(call: CallRecord): Promise<boolean>;
  get(id: string): Promise<CallRecord | undefined>;
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

  /** Takes a seat for `participantKey` unless `capacity` seats are taken; atomic. */
  claimSeat(callId: string, participantKey: string, capacity: number): Promise<SeatClaim>;
  /** Frees that participant's seat; false when it held none. */
  releaseSeat(callId: string, participantKey: string): Promise<boolean>;
  releaseAllSeats(callId: string): Promise<void>;
  countSeats(callId: string): Promise<number>;

  /** True the first time `key` is seen within `ttlMs`; false for a repeat. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;

  /** Remembers which call handles a policy group on this deployment. */
  setGroupCall(groupKey: string, callId: string, ttlMs: number): Promise<void>;
  getGroupCall(groupKey: string): Promise<string | undefined>;
  clearGroupCall(groupKey: string, callId: string): Promise<void>;

  /** Throws when the store cannot be reached (readiness). */
  ping(): Promise<void>;
}
