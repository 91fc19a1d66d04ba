import type { CallRecord, CallState, DecisionAction, DecisionOutcome } from './call-record';

/** What `listCalls` may filter on; every given filter must hold. */
export interface CallListFilters {
  readonly state?: CallState;
  readonly outcome?: DecisionOutcome;
  readonly decision?: DecisionAction;
  /** Calls received at or after this time (ISO 8601). */
  readonly since?: string;
  /** Matched case-insensitively. */
  readonly policyIdentifier?: string;
}

export interface CallListQuery {
  readonly filters?: CallListFilters;
  /** Page size. */
  readonly limit: number;
  /** `nextCursor` of the previous page; absent for the first page. */
  readonly cursor?: string | null;
}

/** One page of calls, newest first (by `receivedAt`). */
export interface CallPage {
  readonly calls: CallRecord[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * Entries a page may look at before it answers with what it found (maybe fewer than `limit`) and
 * a cursor to go on from: a filter that few calls match never reads the whole store at once.
 */
export const MAX_SCANNED_PER_PAGE = 2000;

/** A position in the newest-first order: the last call a page returned. */
export interface CallListPosition {
  readonly at: number;
  readonly key: string;
}

export function encodeCursor(position: CallListPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.key])).toString('base64url');
}

/** Undefined for a cursor this code did not make (the caller answers 400). */
export function decodeCursor(cursor: string): CallListPosition | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [at, key] = value as unknown[];
    return typeof at === 'number' && Number.isFinite(at) && typeof key === 'string'
      ? { at, key }
      : undefined;
  } catch {
    return undefined;
  }
}

/** True when `a` comes after `b` in the newest-first order (older, or same time and lower key). */
export function isAfter(a: CallListPosition, b: CallListPosition): boolean {
  return a.at < b.at || (a.at === b.at && a.key < b.key);
}

export function positionOf(call: CallRecord): CallListPosition {
  return { at: Date.parse(call.receivedAt), key: call.id.toLowerCase() };
}

export function matchesFilters(call: CallRecord, filters: CallListFilters = {}): boolean {
  if (filters.state !== undefined && call.state !== filters.state) return false;
  if (filters.outcome !== undefined && call.outcome !== filters.outcome) return false;
  if (filters.decision !== undefined && call.decision !== filters.decision) return false;
  if (filters.since !== undefined && Date.parse(call.receivedAt) < Date.parse(filters.since)) {
    return false;
  }
  if (
    filters.policyIdentifier !== undefined &&
    call.policyIdentifier?.toLowerCase() !== filters.policyIdentifier.toLowerCase()
  ) {
    return false;
  }
  return true;
}

/** Thrown for a cursor that does not decode. */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
  }
}
