import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { CallEvents, CallsService, type CallRecord } from '../calls';
import { policyRecordingConfig, PolicyRecordingConfigType } from '../config';
import { InFlightTracker, ReadinessService } from '../health';
import {
  NotificationRouter,
  ParticipantJoiningNotificationDto,
  type ParticipantJoiningResponse,
  type RoutedNotification,
} from '../notification';
import { AnswerPlans } from './answer-plans';
import { JoinResponses } from './join-responses';
import { isGrouping } from './participant-capacity.resolver';
import { policyGroupKey, readPolicyCallFacts } from './policy-call.facts';
import { asGraphObject, callIdInPath, handlesJoins, stringOf } from './policy-call.guards';
import { JoinReason, PolicyRecordingMetrics } from './policy-recording.metrics';
import { SeatLedger } from './seat-ledger.service';
import { OVER_BUDGET, withinBudget } from './within-budget';

interface JoinOutcome {
  readonly response: ParticipantJoiningResponse;
  readonly reason: JoinReason;
  readonly call?: CallRecord;
  /** A seat this join took (given back if the answer went out without it). */
  readonly taken?: { readonly callId: string; readonly key: string };
}

const RESPONSE_NAMES: Record<ParticipantJoiningResponse['@odata.type'], string> = {
  '#microsoft.graph.acceptJoinResponse': 'accept',
  '#microsoft.graph.inviteNewBotResponse': 'inviteNewBot',
  '#microsoft.graph.rejectJoinResponse': 'reject',
};

/**
 * Answers `participantJoiningNotification`s synchronously (docs/policy-recording.md): the handling call is the
 * one in the resource path, else the policy group's call on this deployment; the seat (keyed by
 * the joining participant) is claimed atomically in the store, so no two joins anywhere take the
 * last one. No Graph request is made here, and the whole answer is bounded by
 * `policyRecording.joinBudgetMs`.
 */
@Injectable()
export class ParticipantJoiningHandler implements OnModuleInit {
  private readonly logger = new Logger(ParticipantJoiningHandler.name);

  constructor(
    private readonly router: NotificationRouter,
    private readonly calls: CallsService,
    private readonly seats: SeatLedger,
    private readonly plans: AnswerPlans,
    private readonly responses: JoinResponses,
    private readonly readiness: ReadinessService,
    private readonly inFlight: InFlightTracker,
    private readonly metrics: PolicyRecordingMetrics,
    @Inject(policyRecordingConfig.KEY) private readonly config: PolicyRecordingConfigType,
    @Optional() private readonly events?: CallEvents,
  ) {}

  onModuleInit(): void {
    this.router.register('participantJoining', (n) => this.onJoining(n));
  }

  async onJoining(notification: RoutedNotification): Promise<ParticipantJoiningResponse> {
    const elapsed = performance.now() - notification.context.receivedAtMono;
    const work = this.decide(notification).catch((error: unknown): JoinOutcome => {
      this.logger.error({ err: error, callId: notification.callId }, 'participant join failed');
      return { response: this.responses.inviteOwnCallback, reason: 'error' };
    });
    let outcome = await withinBudget(work, this.config.joinBudgetMs - elapsed);
    if (outcome === OVER_BUDGET) {
      void this.inFlight.track(work.then((late) => this.giveBack(late)));
      outcome = { response: this.responses.inviteOwnCallback, reason: 'budgetExceeded' };
    }
    this.report(notification, outcome);
    if (outcome.reason === 'claimed' && outcome.call && outcome.taken) {
      this.events?.emit('participantJoined', {
        call: outcome.call,
        participantId: outcome.taken.key,
      });
    }
    return outcome.response;
  }

  private async decide(notification: RoutedNotification): Promise<JoinOutcome> {
    const data = notification.notification.resourceData;
    const joining =
      data instanceof ParticipantJoiningNotificationDto ? asGraphObject(data.call) : undefined;
    const facts = readPolicyCallFacts(joining);
    const call = await this.findCall(notification, facts.tenantId, facts.policyIdentifier);
    if (!handlesJoins(call))
      return { response: this.responses.inviteOwnCallback, reason: 'unknownCall' };

    const key = facts.participantKey ?? stringOf(joining?.id);
    // Without a key the participant cannot be counted: it comes back as a call of its own.
    if (!key)
      return { response: this.responses.inviteOwnCallback, reason: 'noParticipantId', call };
    const capacity = call.participantCapacity ?? this.plans.peek(call.id)?.capacity ?? null;
    const grouping = isGrouping(capacity);
    const draining = this.readiness.draining;
    // No new seat without grouping or while draining, but a participant who holds one is accepted
    // again (a claim with capacity 0 never takes a seat).
    const claim = await this.seats.claim(call.id, key, grouping && !draining ? capacity : 0);
    switch (claim) {
      case 'claimed':
        this.seats.scheduleSync(call.id);
        return {
          response: this.responses.accept,
          reason: 'claimed',
          call,
          taken: { callId: call.id, key },
        };
      case 'alreadyHeld':
        return { response: this.responses.accept, reason: 'alreadyHeld', call };
      case 'full': {
        const reason = !grouping ? 'noGrouping' : draining ? 'draining' : 'full';
        return { response: this.responses.whenFull, reason, call };
      }
    }
  }

  private async findCall(
    notification: RoutedNotification,
    tenantId: string | null,
    policyIdentifier: string | null,
  ): Promise<CallRecord | undefined> {
    const pathCallId = callIdInPath(notification.notification);
    if (pathCallId) return this.calls.get(pathCallId);
    const groupKey = policyGroupKey(
      tenantId ?? notification.context.tenantId ?? null,
      policyIdentifier,
    );
    const groupCallId = groupKey ? await this.seats.groupCall(groupKey) : undefined;
    return groupCallId ? this.calls.get(groupCallId) : undefined;
  }

  /** A seat claimed after the budget ran out was not granted to anyone: free it again. */
  private async giveBack(late: JoinOutcome): Promise<void> {
    if (!late.taken) return;
    try {
      await this.seats.release(late.taken.callId, late.taken.key);
      this.seats.scheduleSync(late.taken.callId);
    } catch (error) {
      this.logger.error(
        { err: error, callId: late.taken.callId },
        'could not give back a late seat',
      );
    }
  }

  private report(notification: RoutedNotification, outcome: JoinOutcome): void {
    const response = RESPONSE_NAMES[outcome.response['@odata.type']];
    this.metrics.joins.inc({ response, reason: outcome.reason });
    const fields = {
      response,
      reason: outcome.reason,
      requestId: notification.context.requestId,
      latencyMs: Math.round((performance.now() - notification.context.receivedAtMono) * 100) / 100,
    };
    const message = 'participant joining answered';
    const level =
      outcome.reason === 'budgetExceeded' || outcome.reason === 'error'
        ? 'warn'
        : response === 'accept'
          ? 'debug'
          : 'info';
    if (outcome.call) {
      this.calls.logger(outcome.call)[level](fields, message);
    } else {
      const nestLevel = level === 'info' ? 'log' : level;
      this.logger[nestLevel]({ ...fields, callId: notification.callId }, message);
    }
  }
}
