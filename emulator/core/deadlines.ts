import * as payloads from '../notifications/payloads';
import type { CallLifecycle } from './call-lifecycle';
import type { CallEntry } from './entries';
import type { NotificationDelivery } from './notification-delivery';
import { NO_ACTION } from './outcomes';
import type { Scheduler } from './scheduler';
import type { DeliveryRecord, EmulatorOptions } from './types';
import { type JsonObject, monotonicMs } from './util';

/**
 * Graph's answer window: it opens when the incoming notification leaves and, once it closes
 * without a decision, the call is over whatever the bot sends later.
 */
export class Deadlines {
  constructor(
    private readonly options: EmulatorOptions,
    private readonly scheduler: Scheduler,
    private readonly delivery: NotificationDelivery,
    private readonly lifecycle: CallLifecycle,
  ) {}

  /** Sends the incoming notification; the deadline counts from the moment the POST starts. */
  async sendIncoming(
    entry: CallEntry,
    body: JsonObject,
    kind: string,
    messageId?: string,
  ): Promise<DeliveryRecord> {
    // Signed before the clock starts: the signature is our cost, not the bot's.
    const token = await this.delivery.token(entry.record.tenantId);
    entry.sentAtMono = monotonicMs();
    const now = Date.now();
    entry.record.incomingSentAt = new Date(now).toISOString();
    entry.record.deadlineAt = new Date(now + entry.record.deadlineMs).toISOString();
    entry.deadlineTimer = this.scheduler.schedule(entry.record.deadlineMs, () =>
      this.expire(entry),
    );
    this.options.log?.(
      `call ${entry.record.id} (${entry.record.scenario}) → ${entry.incomingTarget}`,
    );
    return this.delivery.send(entry, kind, body, entry.incomingTarget, messageId, token);
  }

  /**
   * True, after ending the call, when a decision arrives `elapsed` ms after the notification and
   * that is past the deadline.
   */
  expireIfOverdue(entry: CallEntry, elapsed: number): boolean {
    if (entry.decided || elapsed <= entry.record.deadlineMs) return false;
    // The timer has not fired yet (a busy event loop), but Graph's clock has run out.
    this.expire(entry);
    return true;
  }

  /** The deadline passed with no decision: Graph gives up on the call and says so. */
  private expire(entry: CallEntry): void {
    if (entry.decided) return;
    entry.record.outcome = 'deadlineMissed';
    this.lifecycle.settle(entry, { ...NO_ACTION, callId: entry.record.id, deadlineMissed: true });
    this.lifecycle.terminate(entry, payloads.RESULT_INFO.notAnswered);
  }
}
