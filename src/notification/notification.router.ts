import { Injectable, Logger } from '@nestjs/common';
import { StoreUnavailableError } from '../store';
import type {
  NotificationHandler,
  NotificationKind,
  ParticipantJoiningResponse,
  RoutedNotification,
} from './routed-notification';

export type DispatchResult = 'handled' | 'unhandled' | 'failed';

/**
 * Sees every notification item as it arrives, repeats included (`duplicate`), before any handler:
 * for records of what was received (the call journal). Synchronous and quick; never throws.
 */
export type NotificationObserver = (notification: RoutedNotification, duplicate: boolean) => void;

export interface DispatchOutcome {
  readonly result: DispatchResult;
  /** For `participantJoining`: the first valid response a handler returned. */
  readonly response?: ParticipantJoiningResponse;
}

const JOIN_RESPONSE_TYPES = new Set([
  '#microsoft.graph.acceptJoinResponse',
  '#microsoft.graph.inviteNewBotResponse',
  '#microsoft.graph.rejectJoinResponse',
]);

function isJoiningResponse(value: unknown): value is ParticipantJoiningResponse {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as Record<string, unknown>)['@odata.type'];
  return typeof type === 'string' && JOIN_RESPONSE_TYPES.has(type);
}

/**
 * Where consumers (Calls, Policy-recording, Media) subscribe to notifications, so that the
 * Notification module imports none of them. Register from `onModuleInit`:
 *
 * ```ts
 * constructor(private readonly router: NotificationRouter) {}
 * onModuleInit() { this.router.register('incomingCall', (n) => this.calls.onIncoming(n)); }
 * ```
 */
@Injectable()
export class NotificationRouter {
  private readonly logger = new Logger(NotificationRouter.name);
  private readonly handlers = new Map<NotificationKind, NotificationHandler[]>();
  private readonly observers: NotificationObserver[] = [];

  /** Adds an observer of every item received (see `NotificationObserver`). */
  observe(observer: NotificationObserver): void {
    this.observers.push(observer);
  }

  /** Tells the observers about an item, before it is dispatched (or dropped as a repeat). */
  received(notification: RoutedNotification, duplicate: boolean): void {
    for (const observer of this.observers) {
      try {
        observer(notification, duplicate);
      } catch (error) {
        this.logger.error(
          { err: error, callId: notification.callId, kind: notification.kind },
          'notification observer failed',
        );
      }
    }
  }

  /**
   * Adds a handler for one kind. Several handlers of a kind run in registration order, each
   * awaited. For `participantJoining`, the first handler that returns a response wins and the
   * ones after it are not run.
   */
  register(kind: NotificationKind, handler: NotificationHandler): void {
    const list = this.handlers.get(kind) ?? [];
    list.push(handler);
    this.handlers.set(kind, list);
  }

  /** Whether any handler is registered for `kind`. */
  hasHandlers(kind: NotificationKind): boolean {
    return (this.handlers.get(kind)?.length ?? 0) > 0;
  }

  /**
   * Runs the handlers of the notification's kind. A handler that throws is logged with the call
   * id and does not stop the others: one consumer's bug must not cost another its notification.
   */
  async dispatch(notification: RoutedNotification): Promise<DispatchOutcome> {
    const handlers = this.handlers.get(notification.kind);
    if (!handlers || handlers.length === 0) return { result: 'unhandled' };
    let failed = false;
    for (const handler of handlers) {
      try {
        const response = await handler(notification);
        if (notification.kind !== 'participantJoining' || response === undefined) continue;
        if (isJoiningResponse(response)) {
          return { result: failed ? 'failed' : 'handled', response };
        }
        failed = true;
        this.logger.error(
          { callId: notification.callId, kind: notification.kind },
          'participantJoining handler returned something that is not a participantJoiningResponse',
        );
      } catch (error) {
        // The notification could not be recorded: the delivery is refused (503) and comes again.
        if (error instanceof StoreUnavailableError) throw error;
        failed = true;
        this.logger.error(
          {
            err: error,
            callId: notification.callId,
            kind: notification.kind,
            scenarioId: notification.scenarioId,
            requestId: notification.context.requestId,
          },
          'notification handler failed',
        );
      }
    }
    return { result: failed ? 'failed' : 'handled' };
  }
}
