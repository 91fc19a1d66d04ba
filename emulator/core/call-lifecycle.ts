import type { EventEmitter } from 'node:events';
import * as payloads from '../notifications/payloads';
import type { CallEntry } from './entries';
import type { NotificationDelivery } from './notification-delivery';
import { NO_ACTION } from './outcomes';
import type { Scheduler } from './scheduler';
import type { BotAction, CallState, EmulatorOptions, StateOrder } from './types';
import type { JsonObject } from './util';

/** Waiting for a state is satisfied by any later one: a call that already ended is past ringing. */
const STATE_ORDER: CallState[] = ['incoming', 'establishing', 'established', 'terminated'];

/**
 * A call's state after it rang: the decision that settles it, the establishing/established
 * notifications after an answer and the end of the call, each told to the bot as Graph tells it.
 */
export class CallLifecycle {
  constructor(
    private readonly options: EmulatorOptions,
    private readonly scheduler: Scheduler,
    private readonly delivery: NotificationDelivery,
    private readonly events: EventEmitter,
  ) {}

  settle(entry: CallEntry, action: BotAction): void {
    entry.decided = true;
    entry.record.action = action;
    if (entry.deadlineTimer) this.scheduler.unschedule(entry.deadlineTimer);
    entry.deadlineTimer = null;
    // Deferred past the current reply, which is then already recorded (see server.ts onSend).
    setImmediate(() => entry.decision.resolve(action));
    this.options.log?.(
      `call ${entry.record.id}: ${action.kind}${action.deadlineMissed ? ' (deadline missed)' : ''}` +
        (action.latencyMs !== null ? ` after ${action.latencyMs.toFixed(1)} ms` : ''),
    );
    this.events.emit('decision', action, entry.record);
  }

  async establish(entry: CallEntry, order?: StateOrder): Promise<void> {
    if (entry.record.state === 'terminated' || entry.record.state === 'established') return;
    const states: CallState[] =
      (order ?? entry.stateOrder) === 'reversed'
        ? ['established', 'establishing']
        : ['establishing', 'established'];
    for (const state of states) {
      // Re-read: a hang-up may have landed while the previous notification was in flight.
      const current = entry.record.state as CallState;
      if (current === 'terminated') return;
      entry.etag += 1;
      // The emulator's own state never goes back from established, whatever order it sends.
      if (state === 'established' || current === 'incoming') this.setState(entry, state);
      await this.delivery.send(
        entry,
        state,
        payloads.envelope([payloads.callState(entry.record.id, entry.etag, state)]),
        entry.target,
      );
    }
  }

  terminate(entry: CallEntry, resultInfo: JsonObject): void {
    if (entry.record.state === 'terminated') return;
    if (!entry.decided) {
      // Ended before any decision (the caller hung up while it rang): waiters learn it now.
      this.settle(entry, { ...NO_ACTION, callId: entry.record.id });
    }
    entry.etag += 1;
    entry.record.resultInfo = resultInfo;
    entry.record.contentSharingSessions = [];
    entry.seats.clear();
    this.setState(entry, 'terminated');
    this.events.emit('terminated', entry.record);
    const note = payloads.callTerminated(entry.record.id, entry.etag, resultInfo);
    void this.delivery.send(entry, 'terminated', payloads.envelope([note]), entry.target);
  }

  /** `callId` as the caller spelled it, for the error message. */
  waitForDecision(entry: CallEntry, callId: string, timeoutMs?: number): Promise<BotAction> {
    // Past the deadline the call has settled anyway; the margin covers a busy event loop.
    const limit = timeoutMs ?? entry.record.deadlineMs + 2000;
    return this.scheduler.waitFor(
      entry.decision.promise,
      limit,
      `no decision on call ${callId} within ${limit} ms`,
    );
  }

  waitForState(entry: CallEntry, state: CallState, timeoutMs: number): Promise<void> {
    if (STATE_ORDER.indexOf(entry.record.state) >= STATE_ORDER.indexOf(state)) {
      return Promise.resolve();
    }
    const wait = new Promise<void>((resolve) => entry.stateWaiters.push({ state, resolve }));
    return this.scheduler.waitFor(
      wait,
      timeoutMs,
      `call ${entry.record.id} did not reach ${state} within ${timeoutMs} ms`,
    );
  }

  private setState(entry: CallEntry, state: CallState): void {
    entry.record.state = state;
    entry.stateWaiters = entry.stateWaiters.filter((w) => {
      const reached = STATE_ORDER.indexOf(state) >= STATE_ORDER.indexOf(w.state);
      if (reached) w.resolve();
      return !reached;
    });
  }
}
