import { Injectable, OnModuleInit } from '@nestjs/common';
import { CallEvents, CallsService, type CallRecord, type IncomingCall } from '../calls';
import { AnswerPlan, AnswerPlans } from './answer-plans';
import { isGrouping, ParticipantCapacityResolver } from './participant-capacity.resolver';
import { policyGroupKey, readPolicyCallFacts } from './policy-call.facts';
import {
  POLICY_RECORDING_EXTENSION,
  policyExtensionOf,
  type PolicyRecordingExtension,
  updatePolicyExtension,
} from './policy-recording.extension';
import { SeatLedger } from './seat-ledger.service';

/**
 * A policy-recording call's life as this module sees it:
 *
 * - `incoming`: its facts (policy group, observed participant, botData) go on the call under
 *   `extensions.policyRecording` for operators.
 * - `answered`: the capacity that was sent becomes `participantCapacity`, the call takes its own
 *   seat (it is the first handled participant) and, when it groups, becomes its policy group's call.
 * - `decided` other than an accepted answer: any seat taken for the answer is given back.
 * - `terminated`: every seat is freed, `participantsHandled` drops to 0 and the group mapping goes.
 */
@Injectable()
export class PolicyCallLifecycle implements OnModuleInit {
  constructor(
    private readonly events: CallEvents,
    private readonly calls: CallsService,
    private readonly seats: SeatLedger,
    private readonly plans: AnswerPlans,
    private readonly resolver: ParticipantCapacityResolver,
  ) {}

  onModuleInit(): void {
    this.events.on('incoming', ({ call, incoming }) => this.onIncoming(call, incoming));
    this.events.on('answered', ({ call }) => this.onAnswered(call));
    this.events.on('decided', ({ call, action, outcome }) =>
      action === 'answer' && outcome === 'sent' ? undefined : this.onNotAnswered(call),
    );
    this.events.on('terminated', ({ call }) => this.onTerminated(call));
  }

  async onIncoming(call: CallRecord, incoming: IncomingCall): Promise<void> {
    if (!call.isPolicyRecording) return;
    const facts: PolicyRecordingExtension = readPolicyCallFacts(incoming.resource);
    // The record already says isPolicyRecording; the rest is what operators want to see.
    const shown = Object.fromEntries(
      Object.entries(facts).filter(([key]) => key !== 'isPolicyRecording'),
    ) as PolicyRecordingExtension;
    await updatePolicyExtension(this.calls, call.id, (current) => ({ ...shown, ...current }));
    this.calls.logger(call).info(
      {
        policyIdentifier: facts.policyIdentifier,
        observedParticipantId: facts.observedParticipantId,
        inviteReasons: facts.inviteReasons,
      },
      'policy-based recording call',
    );
  }

  async onAnswered(call: CallRecord): Promise<void> {
    if (!call.isPolicyRecording) return;
    const plan = this.plans.take(call.id) ?? this.planFromRecord(call);
    const key = plan.participantKey ?? policyExtensionOf(call).participantKey ?? null;
    const log = this.calls.logger(call);
    if (key) {
      const claim = await this.seats.claim(call.id, key, Math.max(1, plan.capacity ?? 1));
      // Only when the answer went out as the fallback, with joins faster than this event.
      if (claim === 'full') log.warn({ participantKey: key }, 'the call found its own seat taken');
    }
    await this.calls.update(call.id, (stored) => ({
      ...stored,
      participantCapacity: plan.capacity,
      extensions: {
        ...stored.extensions,
        [POLICY_RECORDING_EXTENSION]: { ...policyExtensionOf(stored), capacitySource: plan.source },
      },
    }));
    const handled = await this.seats.syncHandled(call.id);
    if (isGrouping(plan.capacity) && plan.groupKey) {
      await this.seats.setGroupCall(plan.groupKey, call.id);
    }
    log.info(
      {
        participantCapacity: plan.capacity,
        capacitySource: plan.source,
        participantsHandled: handled,
      },
      'policy-based recording call answered',
    );
  }

  async onNotAnswered(call: CallRecord): Promise<void> {
    if (!call.isPolicyRecording) return;
    this.plans.take(call.id);
    await this.seats.releaseAll(call.id);
    await this.seats.syncHandled(call.id);
  }

  async onTerminated(call: CallRecord): Promise<void> {
    if (!call.isPolicyRecording) return;
    this.plans.take(call.id);
    await this.seats.releaseAll(call.id);
    await this.seats.syncHandled(call.id);
    const groupKey = policyGroupKey(call.tenantId, call.policyIdentifier);
    if (groupKey) await this.seats.clearGroupCall(groupKey, call.id);
  }

  /** The answer went out from elsewhere (no plan here): rule capacity unknown, group or global. */
  private planFromRecord(call: CallRecord): AnswerPlan {
    return {
      ...this.resolver.resolve(call.policyIdentifier),
      participantKey: policyExtensionOf(call).participantKey ?? null,
      groupKey: policyGroupKey(call.tenantId, call.policyIdentifier),
    };
  }
}
