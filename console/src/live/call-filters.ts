import type { CallView } from '../shell/types';

/** The live table's filters; an empty string lets every value through. */
export interface CallFilters {
  state: string;
  outcome: string;
  decision: string;
  /** The recording policy (`policyIdentifier`) of policy-based recording calls. */
  policyGroup: string;
}

export const NO_FILTERS: CallFilters = { state: '', outcome: '', decision: '', policyGroup: '' };

export const STATES = [
  'incoming',
  'ringing',
  'redirecting',
  'establishing',
  'established',
  'hold',
  'transferring',
  'transferAccepted',
  'terminating',
  'terminated',
  'unknown',
] as const;
export const OUTCOMES = ['pending', 'sent', 'failed', 'deadlineMissed'] as const;
export const DECISIONS = ['answer', 'reject', 'redirect', 'defer'] as const;
/** The filter value of calls without a recording policy. */
export const NO_POLICY = '(none)';

export function matchesFilters(call: CallView, filters: CallFilters): boolean {
  return (
    (!filters.state || call.state === filters.state) &&
    (!filters.outcome || call.outcome === filters.outcome) &&
    (!filters.decision || call.decision === filters.decision) &&
    (!filters.policyGroup || (call.policyIdentifier ?? NO_POLICY) === filters.policyGroup)
  );
}

/** A call a rule left to an operator and that nobody has decided yet. */
export function awaitsOperator(call: CallView): boolean {
  return call.decision === 'defer' && call.outcome === 'pending';
}

/** The recording policies among the calls, for the policy group filter. */
export function policyGroups(calls: Iterable<CallView>): string[] {
  const groups = new Set<string>();
  for (const call of calls) groups.add(call.policyIdentifier ?? NO_POLICY);
  return [...groups].sort();
}

export interface DeadlineLeft {
  /** Milliseconds before Graph's deadline, 0 once passed. */
  leftMs: number;
  /** Arrival to deadline. */
  totalMs: number;
  /** leftMs / totalMs, in [0, 1]. */
  fraction: number;
}

export function deadlineLeft(call: CallView, nowMs: number): DeadlineLeft {
  const received = Date.parse(call.receivedAt);
  const deadline = Date.parse(call.deadlineAt);
  const totalMs = Math.max(deadline - received, 1);
  const leftMs = Math.max(deadline - nowMs, 0);
  return { leftMs, totalMs, fraction: Math.min(leftMs / totalMs, 1) };
}

/** Newest first, as the operator API lists them. */
export function newestFirst(a: CallView, b: CallView): number {
  return Date.parse(b.receivedAt) - Date.parse(a.receivedAt);
}
