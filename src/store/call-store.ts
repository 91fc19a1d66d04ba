import type { CallListQuery, CallPage } from './call-list';
import type { CallRecord } from './call-record';

/** What a delivery needs to know before it is acted on (`lookUpDelivery`). */
export interface DeliveryLookup {
  /** The stored record of each call asked for, in the order asked; undefined when unknown. */
  calls: (CallRecord | undefined)[];
  /** Whether each repeat marker asked for exists (written by `markSeen`, within its time to live), in the order asked. */
  seen: boolean[];
}

/**
 * What a delivery's repeat is recognised by: `key` (the change type, resource and version), kept
 * with the call it names when there is one, so that a shared store can write the marker in the
 * same atomic step as the call (Redis: the call's hash tag, one Cluster slot).
 */
export interface RepeatMarker {
  /** The call the notification names, when it names one. */
  readonly callId?: string;
  readonly key: string;
}

/** A repeat marker to write along with a store step, and how long it lives. */
export interface MarkerWrite {
  readonly marker: RepeatMarker;
  readonly ttlMs: number;
}

/** What `create` does besides adding the record, in the same step. */
export interface CreateOptions {
  /** Also `schedule`s the call then, unless it is scheduled already. */
  readonly dueAtMs?: number;
  /** Also writes this repeat marker, atomically with the record, when the call is added. */
  readonly seen?: MarkerWrite;
}

/** What `update` does besides the record, in the same step. */
export interface UpdateOptions {
  /**
   * A repeat marker written atomically with the record when the update writes it; when it writes
   * nothing (no change, or an unknown call), the marker is written on its own before the update
   * resolves. Either way it exists once the update has resolved.
   */
  readonly seen?: MarkerWrite;
  /**
   * When the update writes, the call is also `schedule`d at the time this returns (undefined:
   * left as it is), in the same step. The schedule is advisory (a visit re-reads the call and
   * schedules it anew), so a store may send it with a write that then loses a race.
   */
  readonly scheduleAt?: (stored: CallRecord) => number | undefined;
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
   * `options`: what else the same step writes (a schedule, the delivery's repeat marker).
   */
  create(call: CallRecord, options?: CreateOptions): Promise<boolean>;
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
   * `options`: what else the same step writes (a repeat marker, a schedule).
   */
  update(
    id: string,
    mutate: (current: CallRecord) => CallRecord | undefined,
    options?: UpdateOptions,
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
  lookUpDelivery(
    callIds: readonly string[],
    markers: readonly RepeatMarker[],
  ): Promise<DeliveryLookup>;
  /**
   * Remembers an acknowledged delivery; written after what the delivery caused is recorded (or
   * with it: `create` and `update` take the marker as `seen`).
   */
  markSeen(marker: RepeatMarker, ttlMs: number): Promise<void>;

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
