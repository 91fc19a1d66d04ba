import type { CallEventMap } from '../calls';
import type { ContentSharingEventMap } from '../media';
import type { CallError, CallRecord, DecisionAction } from '../store';

/**
 * Every lifecycle event an extension can listen to, in the order a call usually meets them. Each
 * fires once per call (or per participant, session, status), on the instance that made the change.
 */
export const LIFECYCLE_EVENTS = [
  'received',
  'decided',
  'answerSent',
  'answerFailed',
  'deadlineMissed',
  'stateChanged',
  'participantJoined',
  'participantLeft',
  'contentSharingStarted',
  'contentSharingEnded',
  'recordingStatus',
  'terminated',
] as const;

/** What each lifecycle event carries; `call` is the call's record right after the change. */
export interface SwitchboardEventMap {
  /** A new incoming call, before it is decided; `incoming.resource` is Graph's `call`. */
  received: CallEventMap['incoming'];
  /** Its decision reached an outcome: `sent` (Graph accepted it), `failed` or `deadlineMissed`. */
  decided: CallEventMap['decided'];
  /** Graph accepted the answer (the call is not established yet). */
  answerSent: { call: CallRecord };
  /** Graph refused the answer, or stayed unreachable: `error` is what it said. */
  answerFailed: { call: CallRecord; error: CallError | null };
  /** No decision reached Graph before the deadline. */
  deadlineMissed: { call: CallRecord; action: DecisionAction };
  /** Graph moved the call to another state (`establishing`, `established`, `terminated`...). */
  stateChanged: CallEventMap['stateChanged'];
  /** A participant took a seat of a policy-based recording call (its join was accepted). */
  participantJoined: CallEventMap['participantJoined'];
  /** A participant holding a seat left (`participantLeftNotification` or the roster). */
  participantLeft: CallEventMap['participantLeft'];
  /** A content sharing session started on the call. */
  contentSharingStarted: ContentSharingEventMap['started'];
  /** It ended: Graph deleted it, or the call ended with it open. */
  contentSharingEnded: ContentSharingEventMap['ended'];
  /** A recording status request (policy recording) was `sent` to Graph, or `failed`. */
  recordingStatus: CallEventMap['recordingStatus'];
  /** The call ended. */
  terminated: CallEventMap['terminated'];
}

export type SwitchboardEventName = keyof SwitchboardEventMap;
