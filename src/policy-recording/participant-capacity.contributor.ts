import { Injectable, Logger } from '@nestjs/common';
import type {
  AnswerContext,
  AnswerContribution,
  AnswerContributor,
  FallbackAnswerContext,
} from '../calls';
import { AnswerPlan, AnswerPlans } from './answer-plans';
import { ParticipantCapacityResolver } from './participant-capacity.resolver';
import { policyGroupKey, readPolicyCallFacts } from './policy-call.facts';
import { SeatLedger } from './seat-ledger.service';

/**
 * The one owner of `participantCapacity` on answers: set on policy-based recording calls only,
 * from the decision's own value (rule, handler or operator), else the policy group's, else the
 * global one, in the fallback answer too. On the normal path it also takes the answered call's
 * own seat before the answer leaves, so a join that Graph sends the moment it accepts the answer
 * can never take the seat of the participant the call itself records.
 */
@Injectable()
export class ParticipantCapacityContributor implements AnswerContributor {
  readonly name = 'policyRecording.participantCapacity';
  private readonly logger = new Logger(ParticipantCapacityContributor.name);

  constructor(
    private readonly resolver: ParticipantCapacityResolver,
    private readonly plans: AnswerPlans,
    private readonly seats: SeatLedger,
  ) {}

  async contribute(context: AnswerContext): Promise<AnswerContribution | undefined> {
    const plan = this.plan(context);
    if (!plan) return undefined;
    if (plan.participantKey) {
      try {
        await this.seats.claim(
          context.call.id,
          plan.participantKey,
          Math.max(1, plan.capacity ?? 1),
        );
      } catch (error) {
        // The `answered` event claims it again; the answer must not wait on a store problem.
        this.logger.warn(
          { err: error, callId: context.call.id },
          'could not take the call seat yet',
        );
      }
    }
    return this.contribution(plan);
  }

  contributeFallback(context: FallbackAnswerContext): AnswerContribution | undefined {
    const plan = this.plan(context);
    return plan ? this.contribution(plan) : undefined;
  }

  private plan(context: FallbackAnswerContext): AnswerPlan | undefined {
    if (!context.call.isPolicyRecording) return undefined;
    const facts = readPolicyCallFacts(context.incoming.resource);
    const policyIdentifier = context.call.policyIdentifier ?? facts.policyIdentifier;
    const resolved = this.resolver.resolve(policyIdentifier, context.action.participantCapacity);
    const plan: AnswerPlan = {
      ...resolved,
      participantKey: facts.participantKey,
      groupKey: policyGroupKey(context.call.tenantId ?? facts.tenantId, policyIdentifier),
    };
    this.plans.remember(context.call.id, plan);
    return plan;
  }

  /** Nothing when no capacity applies: the Calls module's base body never carries one. */
  private contribution(plan: AnswerPlan): AnswerContribution | undefined {
    return plan.capacity === null ? undefined : { participantCapacity: plan.capacity };
  }
}
