import { Injectable, Logger } from '@nestjs/common';
import { CallEventBus, type EventListener } from '../common/events/call-event-bus';
import { InFlightTracker } from '../common/lifecycle/in-flight.tracker';
import type { CommsOperation } from '@microsoft/microsoft-graph-types';
import type { CallOperation, CallRecord, CallState, DecisionOutcome } from '../store';
import type { CallDecision } from './decision/call-decision';
import type { GraphPayload } from './decision/call-facts';
import type { IncomingCall } from './incoming-call';

/** What each call lifecycle event carries. `call` is the record right after the transition. */
export interface CallEventMap {
  /** A new incoming call was recorded (once per call, whatever the repeats of its notification). */
  incoming: { call: CallRecord; incoming: IncomingCall };
  /** The decision was left to the operator API (`defer`): the call waits for `POST .../answer`. */
  deferred: { call: CallRecord };
  /**
   * The lease on a pending decision changed hands: this instance took it over (its holder died,
   * hung or gave it back), or gave it back for shutdown. For the journal; not an extension event.
   */
  lease: {
    call: CallRecord;
    change: 'takenOver' | 'givenBack';
    owner: string;
    previousOwner: string | null;
  };
  /** The decision reached its outcome: sent, failed or deadlineMissed. */
  decided: { call: CallRecord; action: 'answer' | 'reject' | 'redirect'; outcome: DecisionOutcome };
  /** Graph accepted the answer (the call is not established yet). */
  answered: { call: CallRecord };
  /**
   * The shadow rules (`answer.shadowRules`) were evaluated beside the live decision: what they
   * would have decided, never sent.
   */
  shadowDecision: {
    call: CallRecord;
    live: { source: string; rule: string | null; decision: CallDecision };
    shadow: { rule: string | null; decision: CallDecision };
    agree: boolean;
  };
  /** The call reached `established` for the first time. */
  established: { call: CallRecord };
  /** A `commsOperation` of the call changed (playPrompt, updateRecordingStatus...). */
  operation: { call: CallRecord; operation: CallOperation; resource: GraphPayload<CommsOperation> };
  /** Graph moved the call to another state (out-of-order and repeated notifications excluded). */
  stateChanged: { call: CallRecord; from: CallState; to: CallState };
  /** A participant took a seat of this policy-based recording call (a join was accepted). */
  participantJoined: { call: CallRecord; participantId: string };
  /** A participant holding a seat left (`participantLeftNotification`, or the roster said so). */
  participantLeft: {
    call: CallRecord;
    participantId: string;
    trigger: 'participantLeft' | 'roster';
  };
  /** A recording status request reached its end (`sent` or `failed`) for a policy recording call. */
  recordingStatus: {
    call: CallRecord;
    status: string;
    state: 'sent' | 'failed';
    source: string;
  };
  /** The call ended (Graph said so, or `keepAlive` found it gone). */
  terminated: { call: CallRecord };
}

export type CallEventName = keyof CallEventMap;
export type CallEventListener<E extends CallEventName> = EventListener<CallEventMap[E]>;

/**
 * Call lifecycle events for feature modules (policy recording posts `updateRecordingStatus` on
 * `established`, media plays a prompt). Each transition is decided inside an atomic store update,
 * so an event fires once per call, on the instance that made the transition, even with several
 * instances.
 */
@Injectable()
export class CallEvents extends CallEventBus<CallEventMap> {
  constructor(inFlight: InFlightTracker) {
    super(inFlight, new Logger(CallEvents.name));
  }
}

/** The events that only tell of a call's progress: emitting them is optional for a module. */
export type OptionalCallEvents = Pick<CallEvents, 'emit' | 'has'>;
