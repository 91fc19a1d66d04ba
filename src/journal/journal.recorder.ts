import { createHash } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CallEvents, decisionDetailsOf, type CallEventMap, type CallRecord } from '../calls';
import { answerConfig, AnswerConfigType, journalConfig, JournalConfigType } from '../config';
import { GraphExchanges, type GraphExchange } from '../graph';
import { MetricsService } from '../metrics';
import { NotificationRouter, type RoutedNotification } from '../notification';
import { RecordingEvents } from '../policy-recording';
import { CallJournal } from './call-journal.service';

/** Notification items larger than this are journalled by digest only. */
const MAX_KEPT_ITEM_CHARS = 64 * 1024;

function statusClass(status: number | null): string {
  return status === null ? 'none' : `${Math.floor(status / 100)}xx`;
}

/**
 * Writes the journal from what the other modules publish (the notification router's observers,
 * Graph exchanges, call and recording events), so that none of them knows the journal exists.
 */
@Injectable()
export class JournalRecorder implements OnModuleInit {
  constructor(
    private readonly journal: CallJournal,
    private readonly router: NotificationRouter,
    private readonly exchanges: GraphExchanges,
    private readonly events: CallEvents,
    private readonly recording: RecordingEvents,
    private readonly metrics: MetricsService,
    @Inject(answerConfig.KEY) private readonly answer: AnswerConfigType,
    @Inject(journalConfig.KEY) private readonly config: JournalConfigType,
  ) {}

  onModuleInit(): void {
    this.exchanges.observe((exchange) => this.onGraph(exchange));
    if (!this.journal.enabled) return;
    this.router.observe((notification, duplicate) => this.onNotification(notification, duplicate));
    this.events.on('decided', (event) => this.onDecided(event));
    // Who works on the decision: the first lease, then takeovers and give-backs between instances.
    this.events.on('incoming', ({ call }) => {
      if (call.pending) {
        this.journal.append(call.id, 'lease', {
          change: 'acquired',
          owner: call.pending.owner,
          leaseUntil: new Date(call.pending.leaseUntil).toISOString(),
        });
      }
    });
    this.events.on('lease', ({ call, change, owner, previousOwner }) =>
      this.journal.append(call.id, 'lease', {
        change,
        owner,
        previousOwner,
        leaseUntil: call.pending ? new Date(call.pending.leaseUntil).toISOString() : null,
      }),
    );
    this.events.on('stateChanged', ({ call, from, to }) =>
      this.journal.append(call.id, 'stateChange', { from, to, etag: call.etag }),
    );
    this.events.on('operation', ({ call, operation }) =>
      this.journal.append(call.id, 'operation', {
        operationId: operation.id,
        operation: operation.kind,
        status: operation.status,
        clientContext: operation.clientContext,
      }),
    );
    this.events.on('shadowDecision', ({ call, live, shadow, agree }) =>
      this.journal.append(call.id, 'shadowDecision', { agree, live, shadow }),
    );
    this.events.on('terminated', ({ call }) =>
      this.journal.append(call.id, 'terminated', { state: call.state }),
    );
    this.recording.on('acknowledged', ({ call, status, operationId }) =>
      this.journal.append(call.id, 'recordingStatus', {
        status,
        acknowledgedByGraph: true,
        operationId,
        recorderTold: status === 'recording' ? 'persistMedia' : null,
      }),
    );
  }

  /**
   * Runs before the notification is dispatched, so it stays cheap: one serialisation, for the
   * digest and for the entry (which takes the text as it is unless redaction has something to
   * remove), and the item kept only when small (a 150,000-participant roster is not).
   */
  private onNotification(routed: RoutedNotification, duplicate: boolean): void {
    if (!routed.callId) return;
    const { notification } = routed;
    const json = JSON.stringify(notification);
    const resource = notification.resourceData as { state?: unknown } | unknown[] | undefined;
    const state = Array.isArray(resource) ? undefined : resource?.state;
    const keep = this.config.keepNotificationBodies && json.length <= MAX_KEPT_ITEM_CHARS;
    const fields = {
      at: routed.context.receivedAt.toISOString(),
      notification: routed.kind,
      changeType: routed.changeType,
      resourceUrl: notification.resourceUrl ?? notification.resource ?? null,
      state: typeof state === 'string' ? state : null,
      duplicate,
      digest: createHash('sha256').update(json).digest('base64url'),
      requestId: routed.context.requestId,
    };
    // The entry gets the item's text, not the live instance: nothing shared while it is queued.
    if (keep) this.journal.appendWithJson(routed.callId, 'notification', fields, 'item', json);
    else
      this.journal.append(routed.callId, 'notification', {
        ...fields,
        ...(this.config.keepNotificationBodies ? { itemOmitted: 'tooLarge' } : {}),
      });
  }

  private onGraph(exchange: GraphExchange): void {
    this.metrics.graphResponses.inc({
      action: exchange.action,
      status: statusClass(exchange.status),
    });
    const { callId, ...fields } = exchange;
    this.journal.append(callId, 'graphRequest', fields);
  }

  private onDecided({ call, action, outcome }: CallEventMap['decided']): void {
    const details = decisionDetailsOf(call);
    const budgetMs = this.budgetMs(call);
    const spentMs =
      call.timings.total ??
      Date.parse(call.decidedAt ?? call.updatedAt) - Date.parse(call.receivedAt);
    this.journal.append(call.id, 'decision', {
      action,
      outcome,
      ...details,
      decisionMs: call.timings.decision ?? null,
      spentMs,
      budgetMs,
      error: call.error,
    });
    this.journal.append(call.id, 'deadline', {
      outcome: outcome === 'deadlineMissed' ? 'missed' : 'met',
      deadlineAt: call.deadlineAt,
      leftMs: Date.parse(call.deadlineAt) - Date.parse(call.receivedAt) - spentMs,
    });
  }

  /** What the decision had: the deadline less the safety margin the fallback needs. */
  private budgetMs(call: CallRecord): number {
    return Date.parse(call.deadlineAt) - Date.parse(call.receivedAt) - this.answer.safetyMarginMs;
  }
}
