import type { AnswerRequestDto, RedirectRequestDto, RejectRequestDto } from '../../graph';
import type { CallRecord, DecisionSource } from '../../store';
import type { IncomingCall } from '../incoming-call';
import type { CallDecision } from './call-decision';

/** A request ready for Graph, validated as its DTO. */
export type GraphDecisionRequest =
  | { readonly action: 'answer'; readonly body: AnswerRequestDto }
  | { readonly action: 'reject'; readonly body: RejectRequestDto }
  | { readonly action: 'redirect'; readonly body: RedirectRequestDto };

export interface PreparedDecision {
  readonly decision: CallDecision;
  readonly source: DecisionSource;
  /** The rule that decided, when one did. */
  readonly rule: string | null;
  /** Null for `defer`. */
  readonly request: GraphDecisionRequest | null;
  /** Why the fallback was chosen, when it was. */
  readonly fallbackReason?: string;
}

/** What a decision is made on. */
export interface DecisionInput {
  readonly call: CallRecord;
  readonly incoming: IncomingCall;
}

/** The decision budget a decision is made under (from its `DeadlineScope`). */
export interface DecisionBudget {
  /** Aborts when the budget ends. */
  readonly signal: AbortSignal;
  /** `performance.now()` time at which it ends. */
  readonly budgetAt: number;
}
