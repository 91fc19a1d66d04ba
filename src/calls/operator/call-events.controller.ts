import { BeforeApplicationShutdown, MessageEvent, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { interval, map, merge, Observable, Subject, takeUntil } from 'rxjs';
import { CallEvents, type CallEventMap, type CallEventName } from '../call-events';
import { toCallView } from './dto/call.view';
import { OperatorApiController } from './operator-api.decorator';
import { STREAMED_CALL_EVENTS } from './streamed-call-events';

/** Typed against the events the Calls module publishes: a name it does not publish fails here. */
const STREAMED: readonly CallEventName[] = STREAMED_CALL_EVENTS;
/** A comment-free heartbeat, so proxies keep an idle stream open. */
const HEARTBEAT_MS = 15_000;

function payload(name: CallEventName, event: CallEventMap[CallEventName]): object {
  const { call, ...rest } = event as { call: CallEventMap['incoming']['call'] } & Record<
    string,
    unknown
  >;
  const extra = name === 'incoming' ? {} : rest;
  return { call: toCallView(call), ...extra };
}

/**
 * `GET /api/calls/events`: Server-Sent Events of this instance's call transitions (docs/journal.md),
 * so that a deferred call reaches an operator without polling. With several instances, each
 * streams the transitions it made: subscribe to every instance (or read the journal).
 */
@OperatorApiController()
export class CallEventsController implements BeforeApplicationShutdown {
  private readonly closing = new Subject<void>();

  constructor(private readonly events: CallEvents) {}

  @Sse('events')
  @ApiOperation({ summary: 'Call events as Server-Sent Events (incoming, deferred, decided...).' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'One event per transition: `event: <name>`, `data: {call, ...}`.' })
  stream(): Observable<MessageEvent> {
    const transitions = new Observable<MessageEvent>((subscriber) => {
      const off = STREAMED.map((name) =>
        this.events.on(name, (event) =>
          subscriber.next({ type: name, data: payload(name, event) }),
        ),
      );
      return () => off.forEach((unsubscribe) => unsubscribe());
    });
    const heartbeat = interval(HEARTBEAT_MS).pipe(map(() => ({ type: 'heartbeat', data: {} })));
    return merge(transitions, heartbeat).pipe(takeUntil(this.closing));
  }

  /** Open streams end before the server closes, so shutdown never waits on an idle operator. */
  beforeApplicationShutdown(): void {
    this.closing.next();
    this.closing.complete();
  }
}
