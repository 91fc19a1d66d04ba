import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { answerConfig, AnswerConfigType, storeConfig, StoreConfigType } from '../config';
import { MetricsService } from '../metrics';
import { NotificationRouter, type RoutedNotification } from '../notification';
import { CALL_STORE, type CallRecord, type CallStore, type MarkerWrite } from '../store';
import type { CallLog } from './call-log';
import { callKind } from './dispatch/decision-outcomes';
import { DecisionJobs } from './dispatch/decision-jobs';
import { DecisionLeases } from './dispatch/decision-leases';
import { nextVisitAt } from './dispatch/call-visits';
import { CallEvents } from './call-events';
import { transitionCallState, type CallStateTransition } from './call-state.machine';
import { CallsService } from './calls.service';
import { asObject, readCallFacts, type GraphObject } from './decision/call-facts';
import type { IncomingCall } from './incoming-call';

/** A JSON copy of the notification's call, for a store that may be Redis (and freezes records). */
function plain(resource: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(resource)) as Record<string, unknown>;
}

function resourceOf(notification: RoutedNotification): GraphObject | undefined {
  return asObject(notification.notification.resourceData);
}

/**
 * The Calls module's notifications: a new call is recorded (the store's create is the duplicate
 * guard) and its decision started without being awaited, so the webhook answers 202 at once;
 * updates move the state machine; the end of a call stops its keep-alive and schedules its
 * removal; operations are tracked on the call.
 */
@Injectable()
export class CallNotificationsHandler implements OnModuleInit {
  constructor(
    private readonly router: NotificationRouter,
    private readonly calls: CallsService,
    private readonly events: CallEvents,
    private readonly jobs: DecisionJobs,
    private readonly leases: DecisionLeases,
    private readonly metrics: MetricsService,
    @Inject(CALL_STORE) private readonly store: CallStore,
    @Inject(answerConfig.KEY) private readonly answer: AnswerConfigType,
    @Inject(storeConfig.KEY) private readonly storeOptions: StoreConfigType,
  ) {}

  onModuleInit(): void {
    this.router.register('incomingCall', (n) => this.onIncoming(n));
    this.router.register('callUpdated', (n) => this.onUpdated(n));
    this.router.register('callTerminated', (n) => this.onTerminated(n));
    this.router.register('operation', (n) => this.onOperation(n));
  }

  async onIncoming(notification: RoutedNotification): Promise<void> {
    const resource = resourceOf(notification);
    const callId = notification.callId ?? (resource?.id as string | undefined);
    if (!resource || !callId) return;
    const { context } = notification;
    const facts = readCallFacts(resource, context.tenantId);
    const deadlineMs = facts.isPolicyRecording
      ? this.answer.deadlines.policyRecordingMs
      : this.answer.deadlines.regularMs;
    const receivedAt = context.receivedAt.toISOString();
    const pending = this.leases.initial();
    const call: CallRecord = {
      id: callId,
      state: 'incoming',
      direction: facts.direction ?? 'incoming',
      tenantId: facts.tenantId,
      notificationTenantId: context.tenantId ?? null,
      scenarioId: notification.scenarioId ?? facts.callChainId,
      caller: facts.caller,
      isPolicyRecording: facts.isPolicyRecording,
      policyIdentifier: facts.policyIdentifier,
      receivedAt,
      deadlineAt: new Date(context.receivedAt.getTime() + deadlineMs).toISOString(),
      decision: null,
      decisionSource: null,
      decidedAt: null,
      outcome: 'pending',
      error: null,
      participantCapacity: null,
      participantsHandled: facts.isPolicyRecording ? 0 : null,
      contentSharingSessions: [],
      etag: typeof resource['@odata.etag'] === 'string' ? resource['@odata.etag'] : null,
      updatedAt: receivedAt,
      timings: { authentication: Math.round(context.authenticationMs * 100) / 100 },
      operations: [],
      nextKeepAliveAt: null,
      lastKeepAliveAt: null,
      pending,
      // Kept until the outcome, so that any instance can take the decision over.
      incoming: plain(resource),
      extensions: {},
    };
    const log = this.calls.logger(call);
    // Acknowledged only once recorded: a store failure here is a 503, and Graph delivers again.
    // Scheduled in the same step: an instance that dies now leaves the call to the others' scans.
    // The delivery's repeat marker too: recording the call is all this delivery does to the store.
    const seen = notification.repeatMarker?.take();
    if (!(await this.store.create(call, { dueAtMs: pending.leaseUntil, seen }))) {
      await this.onRepeat(call.id, log);
      // A repeat's marker is written once the repair above is done (create writes it only with a new call).
      if (seen) await this.store.markSeen(seen.marker, seen.ttlMs);
      return;
    }
    const kind = callKind(call);
    this.metrics.stageDuration.observe(
      { stage: 'authentication', kind },
      context.authenticationMs / 1000,
    );
    log.debug({ kind, deadlineAt: call.deadlineAt, caller: facts.caller.kind }, 'incoming call');
    // Validated as a `#microsoft.graph.call` by the Notification module, extra properties kept:
    // handlers see it through Graph's typings.
    const incoming: IncomingCall = { resource, facts };
    this.events.emit('incoming', { call, incoming });
    void this.jobs.startNew(call, incoming, context.receivedAtMono, deadlineMs);
  }

  /**
   * The call is known already: a true repeat, or the redelivery of a first delivery that was
   * refused half-way (recorded, then the store failed). Whatever was left undone is done now: the
   * schedule written again, and the decision started here if nobody works on it.
   */
  private async onRepeat(callId: string, log: CallLog): Promise<void> {
    const known = await this.store.get(callId);
    if (!known?.pending || known.outcome !== 'pending') {
      log.debug('repeated incoming call notification: already decided');
      return;
    }
    await this.store.schedule(callId, known.pending.leaseUntil);
    const taken = await this.leases.takeOver(callId);
    if (taken) void this.jobs.resume(taken);
    else log.debug('repeated incoming call notification: already deciding');
  }

  async onUpdated(notification: RoutedNotification): Promise<void> {
    const resource = resourceOf(notification);
    if (!notification.callId || !resource) return;
    // The transition's update is this delivery's last store step, unless it ends the call (the
    // retirement follows): then the intake writes the marker after it.
    const seen = resource.state === 'terminated' ? undefined : notification.repeatMarker?.take();
    await this.transition(notification.callId, resource.state, resource['@odata.etag'], seen);
  }

  async onTerminated(notification: RoutedNotification): Promise<void> {
    if (!notification.callId) return;
    const resource = resourceOf(notification);
    await this.transition(notification.callId, 'terminated', resource?.['@odata.etag']);
  }

  async onOperation(notification: RoutedNotification): Promise<void> {
    const resource = resourceOf(notification) ?? {};
    const operationId = notification.subResourceId ?? (resource.id as string | undefined);
    if (!notification.callId || !operationId) return;
    const type = typeof resource['@odata.type'] === 'string' ? resource['@odata.type'] : '';
    const kind = /#microsoft\.graph\.(\w+?)(?:Operation)?$/i.exec(type)?.[1] ?? 'operation';
    const status =
      typeof resource.status === 'string'
        ? resource.status.charAt(0).toLowerCase() + resource.status.slice(1)
        : notification.changeType === 'deleted'
          ? 'completed'
          : 'unknown';
    const operation = {
      id: operationId,
      kind: kind.charAt(0).toLowerCase() + kind.slice(1),
      clientContext: typeof resource.clientContext === 'string' ? resource.clientContext : null,
      status,
      updatedAt: new Date().toISOString(),
    };
    const call = await this.calls.trackOperation(notification.callId, operation);
    if (call) {
      this.events.emit('operation', { call, operation, resource });
    }
  }

  /**
   * Applies one state notification atomically; the instance whose update made the transition
   * fires the event, so it fires once per call. A call that became established is scheduled for
   * its next visit in the same store step, and `seen` (the delivery's repeat marker) written with
   * it: a transition that does not end the call has no store step after its update.
   */
  async transition(
    callId: string,
    state: unknown,
    etag: unknown,
    seen?: MarkerWrite,
  ): Promise<CallRecord | undefined> {
    let transition: CallStateTransition | undefined;
    let from: CallRecord['state'] | undefined;
    const now = Date.now();
    const scheduleAt = (stored: CallRecord): number | undefined =>
      transition?.becameEstablished
        ? nextVisitAt(stored, this.storeOptions.inactiveCallMs)
        : undefined;
    const update = (current: CallRecord): CallRecord | undefined => {
      from = current.state;
      transition = transitionCallState(current, {
        state,
        etag: typeof etag === 'string' ? etag : null,
      });
      if (transition.verdict !== 'applied' && transition.etag === current.etag) return undefined;
      return {
        ...current,
        state: transition.state,
        etag: transition.etag,
        nextKeepAliveAt: transition.becameEstablished
          ? new Date(now + this.answer.keepAliveIntervalMs).toISOString()
          : transition.becameTerminated
            ? null
            : current.nextKeepAliveAt,
      };
    };
    const call = await this.calls.update(callId, update, { seen, scheduleAt });
    if (!call || !transition) return call;
    const log = this.calls.logger(call);
    if (transition.verdict !== 'applied') {
      log.debug({ state, verdict: transition.verdict }, 'call state notification ignored');
      return call;
    }
    log.debug({ state: call.state }, 'call state changed');
    if (from !== undefined && from !== call.state) {
      this.events.emit('stateChanged', { call, from, to: call.state });
    }
    if (transition.becameEstablished) this.events.emit('established', { call });
    if (transition.becameTerminated) await this.ended(call);
    return call;
  }

  /** A call that ended: leaves the store after the retention, frees its seats, tells listeners. */
  async ended(call: CallRecord): Promise<void> {
    await this.store.retire(call.id, this.storeOptions.terminatedRetentionMs);
    this.events.emit('terminated', { call });
  }
}
