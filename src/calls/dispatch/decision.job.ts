import type { CallKind } from '../../metrics';
import type { CallLog } from '../call-log';
import type { CallRecord, StoredDecisionRequest } from '../../store';
import type { DeadlineCarrier } from '../deadline/deadline.interceptor';
import type { IncomingCall } from '../incoming-call';
import type { LeaseHold } from './decision-leases';

/** What became of a job so far, for whoever sees it end (the runner, a timeout, shutdown). */
export interface DecisionProgress {
  /** Graph accepted the decision: only its recording may be left to do. */
  accepted: boolean;
}

/** One automatic decision: what `AutomaticDecisionHandler.decide` receives. */
export interface DecisionJob extends DeadlineCarrier {
  /** The call as recorded when its notification arrived (or when this instance took it over). */
  readonly call: CallRecord;
  readonly incoming: IncomingCall;
  readonly kind: CallKind;
  /** `performance.now()` of the notification's arrival; `deadlineAt` is on the same clock. */
  readonly receivedAtMono: number;
  readonly deadlineAt: number;
  readonly log: CallLog;
  /** This instance's lease on the decision; its signal stops the job when lost or handed over. */
  readonly hold: LeaseHold;
  /** A decision claimed by an earlier holder: sent as it is, not made again. */
  readonly resume?: StoredDecisionRequest;
  readonly progress: DecisionProgress;
}

/** How an automatic decision ended, for tests and logs. */
export type DecisionReport =
  | { readonly result: 'sent' | 'failed' | 'deadlineMissed'; readonly call: CallRecord | undefined }
  /** Someone else decided first (the operator API, possibly on another instance). */
  | { readonly result: 'decidedElsewhere' }
  /** The lease went to another instance (handed over for shutdown, or lost): it sends. */
  | { readonly result: 'handedOver' };
