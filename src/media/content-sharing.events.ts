import { Injectable, Logger } from '@nestjs/common';
import type { CallRecord } from '../calls';
import { InFlightTracker } from '../health';

/** What each content-sharing event carries. `call` is the record right after the change. */
export interface ContentSharingEventMap {
  /** A session started (`contentsharingsessions` created); once per session. */
  started: { call: CallRecord; sessionId: string };
  /** A session ended: Graph deleted it, or the call ended with it still open. */
  ended: { call: CallRecord; sessionId: string; reason: 'deleted' | 'callTerminated' };
}

export type ContentSharingEventName = keyof ContentSharingEventMap;
export type ContentSharingListener<E extends ContentSharingEventName> = (
  event: ContentSharingEventMap[E],
) => void | Promise<void>;

/**
 * Content sharing on calls, for your own modules: `events.on('started', ({ call, sessionId }) => ...)`.
 * Each change is decided inside an atomic store update, so an event fires once, on the instance
 * that made the change. Listeners run after the current work (the webhook's response is never
 * delayed); their failures are logged and never affect the call; shutdown waits for them.
 */
@Injectable()
export class ContentSharingEvents {
  private readonly logger = new Logger(ContentSharingEvents.name);
  private readonly listeners = new Map<
    ContentSharingEventName,
    Set<ContentSharingListener<never>>
  >();

  constructor(private readonly inFlight: InFlightTracker) {}

  /** Subscribes; returns a function that unsubscribes. */
  on<E extends ContentSharingEventName>(event: E, listener: ContentSharingListener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends ContentSharingEventName>(event: E, payload: ContentSharingEventMap[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
        (listener as ContentSharingListener<E>)(payload),
      );
      void this.inFlight.track(
        run.catch((error: unknown) =>
          this.logger.error(
            { err: error, event, callId: payload.call.id, sessionId: payload.sessionId },
            'content sharing listener failed',
          ),
        ),
      );
    }
  }
}
