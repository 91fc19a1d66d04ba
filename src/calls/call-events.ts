import { Injectable, Logger } from '@nestjs/common';
import { InFlightTracker } from '../common/lifecycle/in-flight.tracker';
import type { CallOperation, CallRecord, DecisionOutcome } from '../store';
import type { GraphObject } from './decision/call-facts';
import type { IncomingCall } from './incoming-call';

/** What each call lifecycle event carries. `call` is the record right after the transition. */
export interface CallEventMap {
  /** A new incoming call was recorded (once per call, whatever the repeats of its notification). */
  incoming: { call: CallRecord; incoming: IncomingCall };
  /** The decision reached its outcome: sent, failed or deadlineMissed. */
  decided: { call: CallRecord; action: 'answer' | 'reject' | 'redirect'; outcome: DecisionOutcome };
  /** Graph accepted the answer (the call is not established yet). */
  answered: { call: CallRecord };
  /** The call reached `established` for the first time. */
  established: { call: CallRecord };
  /** A `commsOperation` of the call changed (playPrompt, updateRecordingStatus...). */
  operation: { call: CallRecord; operation: CallOperation; resource: GraphObject };
  /** The call ended (Graph said so, or `keepAlive` found it gone). */
  terminated: { call: CallRecord };
}

export type CallEventName = keyof CallEventMap;
export type CallEventListener<E extends CallEventName> = (
  event: CallEventMap[E],
) => void | Promise<void>;

/**
 * Call lifecycle events for feature modules (policy recording posts `updateRecordingStatus` on
 * `established`, media plays a prompt). Each transition is decided inside an atomic store update,
 * so an event fires once per call, on the instance that made the transition, even with several
 * instances. Listeners run after the current work (never delaying a webhook's response); their
 * failures are logged and never affect the call; shutdown waits for them.
 */
@Injectable()
export class CallEvents {
  private readonly logger = new Logger(CallEvents.name);
  private readonly listeners = new Map<CallEventName, Set<CallEventListener<never>>>();

  constructor(private readonly inFlight: InFlightTracker) {}

  /** Subscribes; returns a function that unsubscribes. */
  on<E extends CallEventName>(event: E, listener: CallEventListener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends CallEventName>(event: E, payload: CallEventMap[E]): void {
    const set = this.listeners.get(event);
    if (!set || set.size === 0) return;
    for (const listener of set) {
      const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
        (listener as CallEventListener<E>)(payload),
      );
      void this.inFlight.track(
        run.catch((error: unknown) =>
          this.logger.error(
            { err: error, event, callId: payload.call.id, scenarioId: payload.call.scenarioId },
            'call event listener failed',
          ),
        ),
      );
    }
  }
}
