import type { CallKind } from '../../metrics';
import type { CallLog } from '../call-log';
import type { CallRecord } from '../../store';
import type { DeadlineCarrier } from '../deadline/deadline.interceptor';
import type { IncomingCall } from '../incoming-call';

/** One automatic decision: what `AutomaticDecisionHandler.decide` receives. */
export interface DecisionJob extends DeadlineCarrier {
  /** The call as recorded when its notification arrived. */
  readonly call: CallRecord;
  readonly incoming: IncomingCall;
  readonly kind: CallKind;
  /** `performance.now()` of the notification's arrival; `deadlineAt` is on the same clock. */
  readonly receivedAtMono: number;
  readonly deadlineAt: number;
  readonly log: CallLog;
}

/** How an automatic decision ended, for tests and logs. */
export type DecisionReport =
  | { readonly result: 'sent' | 'failed' | 'deadlineMissed'; readonly call: CallRecord | undefined }
  /** Someone else decided first (the operator API, possibly on another instance). */
  | { readonly result: 'decidedElsewhere' };
