import type { INestApplication } from '@nestjs/common';
import {
  NotificationRouter,
  type NotificationKind,
  type RoutedNotification,
} from '../../src/notification';

const KINDS: readonly NotificationKind[] = [
  'incomingCall',
  'callUpdated',
  'callTerminated',
  'participants',
  'participantJoining',
  'participantLeft',
  'contentSharing',
  'operation',
  'unhandled',
];

/**
 * Records every notification the app routes, of every kind. Register it before the app starts
 * (StackOptions.beforeListen) to see each notification before any consumer: it returns nothing,
 * so `participantJoining` handlers registered after it still answer.
 */
export class NotificationRecorder {
  readonly received: RoutedNotification[] = [];

  static attach(app: INestApplication): NotificationRecorder {
    const recorder = new NotificationRecorder();
    const router = app.get(NotificationRouter);
    for (const kind of KINDS) {
      router.register(kind, (notification) => {
        recorder.received.push(notification);
      });
    }
    return recorder;
  }

  /** The notifications about a call (ids compared case-insensitively). */
  forCall(callId: string): RoutedNotification[] {
    const id = callId.toLowerCase();
    return this.received.filter((n) => n.callId?.toLowerCase() === id);
  }

  clear(): void {
    this.received.length = 0;
  }
}
