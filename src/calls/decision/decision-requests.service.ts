import { Inject, Injectable } from '@nestjs/common';
import { callbackUri, serverConfig, ServerConfigType } from '../../config';
import { RedirectRequestDto, RejectRequestDto, validateGraphRequest } from '../../graph';
import { AnswerPipeline } from '../answer-body/answer.pipeline';
import type { AnswerDecision, FinalDecision } from './call-decision';
import type { DecisionBudget, DecisionInput, GraphDecisionRequest } from './decision.types';
import { validatedAnswerBody } from './decision.validation';
import { deepFreeze } from './deep-freeze';
import { BodyContext, redirectBody, rejectBody } from '../answer-body/request-body.builder';

/**
 * Turns decisions into Graph requests validated as their DTOs: the decision's own body, then (for
 * answers) the contributors' parts through the `AnswerPipeline`.
 */
@Injectable()
export class DecisionRequests {
  /** Decisions that come from the configuration: immutable, so their requests can be cached. */
  private readonly configured = new WeakSet<object>();
  private readonly cache = new WeakMap<object, GraphDecisionRequest>();

  constructor(
    @Inject(serverConfig.KEY) private readonly server: ServerConfigType,
    private readonly pipeline: AnswerPipeline,
  ) {}

  /** `${PUBLIC_BASE_URL}/api/calling`; without a public URL (development), the local port. */
  get callbackUri(): string {
    return callbackUri(this.server);
  }

  bodyContext(): BodyContext {
    return { callbackUri: this.callbackUri };
  }

  /** Marks decisions that never change (the configured ones), so their requests are built once. */
  markConfigured(decisions: readonly object[]): void {
    for (const decision of decisions) this.configured.add(decision);
  }

  /**
   * The decision's own request, before any contributor. Throws `GraphRequestValidationError` for
   * an invalid decision. Requests of configured decisions are built once and shared (frozen), so
   * the hot path validates nothing.
   */
  base(decision: FinalDecision): GraphDecisionRequest {
    const cacheable = this.configured.has(decision);
    const cached = cacheable ? this.cache.get(decision) : undefined;
    if (cached) return cached;
    const request = deepFreeze(this.build(decision, this.bodyContext()));
    if (cacheable) this.cache.set(decision, request);
    return request;
  }

  /** The full request: for an answer, with every contributor's part, within `budget`. */
  async full(
    input: DecisionInput,
    decision: FinalDecision,
    budget: DecisionBudget,
  ): Promise<GraphDecisionRequest> {
    const base = this.base(decision);
    if (base.action !== 'answer' || this.pipeline.size === 0) return base;
    const action = decision as AnswerDecision;
    return {
      action: 'answer',
      body: await this.pipeline.build(
        { ...input, action, signal: budget.signal, budgetAt: budget.budgetAt },
        base.body,
      ),
    };
  }

  /** The fallback request: contributors' synchronous parts only, no I/O. */
  fallback(input: DecisionInput, decision: FinalDecision): GraphDecisionRequest {
    const base = this.base(decision);
    if (base.action !== 'answer' || this.pipeline.size === 0) return base;
    const action = decision as AnswerDecision;
    return {
      action: 'answer',
      body: this.pipeline.buildFallback({ ...input, action, body: base.body }),
    };
  }

  private build(decision: FinalDecision, ctx: BodyContext): GraphDecisionRequest {
    switch (decision?.type) {
      case 'answer':
        return { action: 'answer', body: validatedAnswerBody(decision, ctx) };
      case 'reject':
        return {
          action: 'reject',
          body: validateGraphRequest(RejectRequestDto, rejectBody(decision, ctx)),
        };
      case 'redirect':
        return {
          action: 'redirect',
          body: validateGraphRequest(RedirectRequestDto, redirectBody(decision, ctx)),
        };
      default:
        throw new TypeError(
          `unknown decision type "${String((decision as { type?: unknown })?.type)}"`,
        );
    }
  }
}
