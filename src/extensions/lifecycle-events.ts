import type { CallError, CallRecord, CallState, DecisionAction, DecisionOutcome } from '../store';
import type { IncomingCall } from '../calls';

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
  received: { call: CallRecord; incoming: IncomingCall };
  /** Its decision reached an outcome: `sent` (Graph accepted it), `failed` or `deadlineMissed`. */
  decided: { call: CallRecord; action: DecisionAction; outcome: DecisionOutcome };
  /** Graph accepted the answer (the call is not established yet). */
  answerSent: { call: CallRecord };
  /** Graph refused the answer, or stayed unreachable: `error` is what it said. */
  answerFailed: { call: CallRecord; error: CallError | null };
  /** No decision reached Graph before the deadline. */
  deadlineMissed: { call: CallRecord; action: DecisionAction };
  /** Graph moved the call to another state (`establishing`, `established`, `terminated`...). */
  stateChanged: { call: CallRecord; from: CallState; to: CallState };
  /** A participant took a seat of a policy-based recording call (its join was accepted). */
  participantJoined: { call: CallRecord; participantId: string };
  /** A participant holding a seat left (`participantLeftNotification` or the roster). */
  participantLeft: {
    call: CallRecord;
    participantId: string;
    trigger: 'participantLeft' | 'roster';
  };
  /** A content sharing session started on the call. */
  contentSharingStarted: { call: CallRecord; sessionId: string };
  /** It ended: Graph deleted it, or the call ended with it open. */
  contentSharingEnded: {
    call: CallRecord;
    sessionId: string;
    reason: 'deleted' | 'callTerminated';
  };
  /** A recording status request (policy recording) was `sent` to Graph, or `failed`. */
  recordingStatus: { call: CallRecord; status: string; state: 'sent' | 'failed'; source: string };
  /** The call ended. */
  terminated: { call: CallRecord };
}

export type SwitchboardEventName = keyof SwitchboardEventMap;
