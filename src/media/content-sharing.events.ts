import { Injectable, Logger } from '@nestjs/common';
import type { CallRecord } from '../calls';
import { CallEventBus, type EventListener } from '../common/events/call-event-bus';
import { InFlightTracker } from '../health';

/** What each content-sharing event carries. `call` is the record right after the change. */
export interface ContentSharingEventMap {
  /** A session started (`contentsharingsessions` created); once per session. */
  started: { call: CallRecord; sessionId: string };
  /** A session ended: Graph deleted it, or the call ended with it still open. */
  ended: { call: CallRecord; sessionId: string; reason: 'deleted' | 'callTerminated' };
}

export type ContentSharingEventName = keyof ContentSharingEventMap;
export type ContentSharingListener<E extends ContentSharingEventName> = EventListener<
  ContentSharingEventMap[E]
>;

/**
 * Content sharing on calls, for your own modules: `events.on('started', ({ call, sessionId }) => ...)`.
 * Each change is decided inside an atomic store update, so an event fires once, on the instance
 * that made the change.
 */
@Injectable()
export class ContentSharingEvents extends CallEventBus<ContentSharingEventMap> {
  constructor(inFlight: InFlightTracker) {
    super(inFlight, new Logger(ContentSharingEvents.name));
  }

  protected override describe(
    payload: ContentSharingEventMap[ContentSharingEventName],
  ): Record<string, unknown> {
    return { sessionId: payload.sessionId };
  }
}
