import { CALL_STATES, type CallState } from '../store';

const BY_LOWER_CASE = new Map<string, CallState>(CALL_STATES.map((s) => [s.toLowerCase(), s]));

/**
 * How far a call has come. A notification may only move a call forward or sideways: Graph sends
 * `establishing` and `established` in either order, and `hold`/`transferring` return to
 * `established`, which all share one rank.
 */
const RANK: Record<CallState, number> = {
  incoming: 0,
  ringing: 1,
  redirecting: 1,
  establishing: 2,
  established: 3,
  hold: 3,
  transferring: 3,
  transferAccepted: 3,
  terminating: 4,
  terminated: 5,
  unknown: -1,
};

/** `Established`, `ESTABLISHED` → `established`; anything Graph adds later → `unknown`. */
export function normalizeCallState(raw: unknown): CallState {
  if (typeof raw !== 'string') return 'unknown';
  return BY_LOWER_CASE.get(raw.toLowerCase()) ?? 'unknown';
}

/** `W/"5445"` → 5445; undefined when absent or not a number (its ordering is undocumented). */
export function etagVersion(etag: string | null | undefined): number | undefined {
  if (!etag) return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(etag.trim());
  return match ? Number(match[1]) : undefined;
}

export interface CallStateSnapshot {
  readonly state: CallState;
  readonly etag: string | null;
}

export interface CallStateUpdate {
  /** `resourceData.state` as Graph sent it. */
  readonly state?: unknown;
  /** `resourceData['@odata.etag']`. */
  readonly etag?: string | null;
}

export type TransitionVerdict =
  | 'applied'
  /** Same state again (a repeat, or a newer etag only). */
  | 'unchanged'
  /** Older etag than the last one applied. */
  | 'stale'
  /** Would move the call backwards, or out of `terminated`. */
  | 'regression'
  /** A state we do not know: tolerated, the call stays as it is. */
  | 'unknownState';

export interface CallStateTransition {
  readonly state: CallState;
  readonly etag: string | null;
  readonly verdict: TransitionVerdict;
  /** True only the first time the call reaches `established` (hold and back does not count). */
  readonly becameEstablished: boolean;
  readonly becameTerminated: boolean;
}

/**
 * The next state of a call given one notification. Pure: the caller applies the result inside an
 * atomic store update, so that two instances handling two notifications agree.
 */
export function transitionCallState(
  current: CallStateSnapshot,
  update: CallStateUpdate,
): CallStateTransition {
  const keep = (verdict: TransitionVerdict, etag = current.etag): CallStateTransition => ({
    state: current.state,
    etag,
    verdict,
    becameEstablished: false,
    becameTerminated: false,
  });

  if (current.state === 'terminated') return keep('regression');
  const next = normalizeCallState(update.state);
  const seen = etagVersion(current.etag);
  const offered = etagVersion(update.etag);
  // The state itself orders a forward move (incoming → establishing → established → terminated),
  // and Graph documents no ordering of etags: a forward move is applied whatever its etag, and
  // its etag becomes the reference, so that a payload whose etags do not grow cannot pin the call
  // in `incoming` (no keep-alive, no recording status). Etags only order sideways moves
  // (`established` ↔ `hold`), where only strictly older is stale: establishing and established
  // often carry the same etag.
  const forward = next !== 'unknown' && RANK[next] > RANK[current.state];
  if (!forward && seen !== undefined && offered !== undefined && offered < seen) {
    return keep('stale');
  }
  const etag =
    offered !== undefined && (forward || seen === undefined || offered >= seen)
      ? (update.etag ?? null)
      : (current.etag ?? update.etag ?? null);

  if (next === 'unknown') return keep('unknownState', etag);
  if (next === current.state) return keep('unchanged', etag);
  if (RANK[next] < RANK[current.state]) return keep('regression', etag);

  return {
    state: next,
    etag,
    verdict: 'applied',
    becameEstablished: RANK[next] === 3 && RANK[current.state] < 3,
    becameTerminated: next === 'terminated',
  };
}
