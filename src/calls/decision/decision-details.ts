import type { CallRecord, DecisionSource } from '../../store';

/** Where the call's decision came from, kept on the call for the operator API and the journal. */
export interface DecisionDetails {
  readonly source: DecisionSource | null;
  /** The rule that fired, when a rule decided. */
  readonly rule: string | null;
  /** Why the fallback action was sent, when it was. */
  readonly fallbackReason: string | null;
  /** The media profile an answer named (null: `media.defaultProfile`, or not an answer). */
  readonly mediaProfile: string | null;
}

/** The key under the call's `extensions`. */
export const DECISION_EXTENSION = 'decision';

export function decisionDetailsOf(call: CallRecord): DecisionDetails {
  const stored = call.extensions?.[DECISION_EXTENSION] as Partial<DecisionDetails> | undefined;
  return {
    source: stored?.source ?? call.decisionSource,
    rule: stored?.rule ?? null,
    fallbackReason: stored?.fallbackReason ?? null,
    mediaProfile: stored?.mediaProfile ?? null,
  };
}
