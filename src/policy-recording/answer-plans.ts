import { Injectable } from '@nestjs/common';
import type { ResolvedCapacity } from './participant-capacity.resolver';

/** What this instance put in a policy-recording call's answer body, until Graph accepts it. */
export interface AnswerPlan extends ResolvedCapacity {
  readonly participantKey: string | null;
  readonly groupKey: string | null;
}

/** An answer is accepted (or missed) within its deadline; a plan older than this is stale. */
const PLAN_TTL_MS = 60_000;

/**
 * The capacity sent with each answer, remembered between the contributor (which builds the body)
 * and the `answered` event (which records it on the call). Both happen on the instance that sends
 * the answer, so memory is enough; a plan is dropped once used or after a minute.
 */
@Injectable()
export class AnswerPlans {
  private readonly plans = new Map<string, { plan: AnswerPlan; at: number }>();

  remember(callId: string, plan: AnswerPlan, now = Date.now()): void {
    for (const [key, entry] of this.plans) {
      if (now - entry.at <= PLAN_TTL_MS) break;
      this.plans.delete(key);
    }
    const key = callId.toLowerCase();
    // Re-inserted so that the map stays ordered by age for the sweep above.
    this.plans.delete(key);
    this.plans.set(key, { plan, at: now });
  }

  peek(callId: string): AnswerPlan | undefined {
    return this.plans.get(callId.toLowerCase())?.plan;
  }

  take(callId: string): AnswerPlan | undefined {
    const key = callId.toLowerCase();
    const entry = this.plans.get(key);
    this.plans.delete(key);
    return entry?.plan;
  }

  get size(): number {
    return this.plans.size;
  }
}
