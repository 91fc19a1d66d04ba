import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CallEvents, CallsService, type CallRecord } from '../calls';
import { NotificationRouter, type RoutedNotification } from '../notification';
import { ContentSharingEvents } from './content-sharing.events';
import { mediaFacts, withMediaFacts } from './media-call.facts';

/** Ended session ids kept per call against late `created` notifications. */
const ENDED_KEPT = 20;

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * `contentsharingsessions/{id}` created/deleted notifications (sent when the answer had
 * `isContentSharingNotificationEnabled`) kept on the call as `contentSharingSessions`, the ids of
 * the active sessions, and published as `ContentSharingEvents`.
 */
@Injectable()
export class ContentSharingTracker implements OnModuleInit {
  private readonly logger = new Logger(ContentSharingTracker.name);

  constructor(
    private readonly router: NotificationRouter,
    private readonly calls: CallsService,
    private readonly callEvents: CallEvents,
    private readonly events: ContentSharingEvents,
  ) {}

  onModuleInit(): void {
    this.router.register('contentSharing', (n) => this.onNotification(n));
    this.callEvents.on('terminated', ({ call }) => this.onTerminated(call));
  }

  async onNotification(notification: RoutedNotification): Promise<void> {
    const { callId, subResourceId: sessionId, changeType } = notification;
    if (!callId || !sessionId) return;
    if (changeType === 'created') await this.started(callId, sessionId);
    else if (changeType === 'deleted') await this.ended(callId, sessionId);
  }

  async started(callId: string, sessionId: string): Promise<CallRecord | undefined> {
    const { call, changed } = await this.calls.addContentSharingSession(
      callId,
      sessionId,
      (current) => !mediaFacts(current).endedContentSharingSessions.some((s) => same(s, sessionId)),
    );
    if (!call) this.logger.debug({ callId, sessionId }, 'content sharing on an unknown call');
    if (call && changed) this.events.emit('started', { call, sessionId });
    return call;
  }

  async ended(callId: string, sessionId: string): Promise<CallRecord | undefined> {
    const { call, changed } = await this.calls.removeContentSharingSession(
      callId,
      sessionId,
      (current) => {
        const ended = mediaFacts(current).endedContentSharingSessions;
        if (ended.some((s) => same(s, sessionId))) return current;
        return withMediaFacts(current, (facts) => ({
          ...facts,
          endedContentSharingSessions: [...ended, sessionId].slice(-ENDED_KEPT),
        }));
      },
    );
    if (call && changed) this.events.emit('ended', { call, sessionId, reason: 'deleted' });
    return call;
  }

  /** A call that ended takes its sessions with it, whether or not Graph sends their deletes. */
  async onTerminated(terminated: CallRecord): Promise<void> {
    const { call, ended } = await this.calls.clearContentSharingSessions(terminated.id);
    if (!call) return;
    for (const sessionId of ended) {
      this.events.emit('ended', { call, sessionId, reason: 'callTerminated' });
    }
  }
}
