import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { answerConfig, AnswerConfigType, storeConfig, StoreConfigType } from '../config';
import { MetricsService } from '../metrics';
import { NotificationRouter, type RoutedNotification } from '../notification';
import { CALL_STORE, type CallRecord, type CallStore } from '../store';
import { callKind } from './answering/decision.sender';
import { DecisionRunner } from './answering/decision.runner';
import { CallEvents } from './call-events';
import { transitionCallState, type CallStateTransition } from './call-state.machine';
import { CallsService } from './calls.service';
import { asObject, readCallFacts, type GraphObject } from './decision/call-facts';
import type { IncomingCall } from './incoming-call';

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
    private readonly runner: DecisionRunner,
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
    const call: CallRecord = {
      id: callId,
      state: 'incoming',
      direction: facts.direction ?? 'incoming',
      tenantId: facts.tenantId,
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
      incoming: null,
      extensions: {},
    };
    const log = this.calls.logger(call);
    if (!(await this.store.create(call))) {
      log.debug('repeated incoming call notification: already deciding');
      return;
    }
    const kind = callKind(call);
    this.metrics.stageDuration.observe(
      { stage: 'authentication', kind },
      context.authenticationMs / 1000,
    );
    log.debug({ kind, deadlineAt: call.deadlineAt, caller: facts.caller.kind }, 'incoming call');
    const incoming: IncomingCall = { resource, facts };
    this.events.emit('incoming', { call, incoming });
    void this.runner.start({
      call,
      incoming,
      kind,
      receivedAtMono: context.receivedAtMono,
      deadlineAt: context.receivedAtMono + deadlineMs,
      log,
    });
  }

  async onUpdated(notification: RoutedNotification): Promise<void> {
    const resource = resourceOf(notification);
    if (!notification.callId || !resource) return;
    await this.transition(notification.callId, resource.state, resource['@odata.etag']);
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
    if (call) this.events.emit('operation', { call, operation, resource });
  }

  /**
   * Applies one state notification atomically; the instance whose update made the transition
   * fires the event, so it fires once per call.
   */
  async transition(callId: string, state: unknown, etag: unknown): Promise<CallRecord | undefined> {
    let transition: CallStateTransition | undefined;
    let from = '';
    const now = Date.now();
    const call = await this.calls.update(callId, (current) => {
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
    });
    if (!call || !transition) return call;
    const log = this.calls.logger(call);
    if (transition.verdict !== 'applied') {
      log.debug({ state, verdict: transition.verdict }, 'call state notification ignored');
      return call;
    }
    log.debug({ state: call.state }, 'call state changed');
    if (from !== call.state) this.events.emit('stateChanged', { call, from, to: call.state });
    if (transition.becameEstablished) this.events.emit('established', { call });
    if (transition.becameTerminated) await this.ended(call);
    return call;
  }

  /** A call that ended: leaves the store after the retention, frees its seats, tells listeners. */
  async ended(call: CallRecord): Promise<void> {
    await this.store.releaseAllSeats(call.id);
    await this.store.expire(call.id, this.storeOptions.terminatedRetentionMs);
    this.events.emit('terminated', { call });
  }
}
