import type { CallRecord } from '../../store';
import type { IncomingCall } from '../incoming-call';
import type { CallDecision } from './call-decision';

export interface CallDecisionContext {
  /** The call as stored when the decision starts (`deadlineAt`, `isPolicyRecording`, ...). */
  readonly call: CallRecord;
  readonly incoming: IncomingCall;
  /**
   * Aborted when the decision budget (deadline − `answer.safetyMarginMs`) runs out: pass it to
   * every request you make (`fetch(url, { signal })`). Once it fires your answer is ignored and
   * the configured fallback goes out.
   */
  readonly signal: AbortSignal;
}

/**
 * A custom decision, made by your own module (e.g. by asking a CRM). Provide it under
 * `CALL_DECISION_HANDLER` in any module of the application; it is asked before the configured
 * rules, for every incoming call.
 *
 * Return a decision, or `undefined` to leave it to the rules. A handler that throws, or returns a
 * decision that would not make a valid Graph request, is logged and the rules decide.
 */
export interface CallDecisionHandler {
  decide(
    context: CallDecisionContext,
  ): Promise<CallDecision | undefined> | CallDecision | undefined;
}
