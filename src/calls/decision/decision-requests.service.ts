import { Inject, Injectable } from '@nestjs/common';
import {
  policyRecordingConfig,
  PolicyRecordingConfigType,
  serverConfig,
  ServerConfigType,
} from '../../config';
import {
  AnswerRequestDto,
  RedirectRequestDto,
  RejectRequestDto,
  validateGraphRequest,
} from '../../graph';
import { AnswerPipeline } from '../answer/answer.pipeline';
import { CALLBACK_PATH } from '../calls.constants';
import type { AnswerDecision, FinalDecision } from './call-decision';
import type { DecisionInput, GraphDecisionRequest } from './decision.types';
import { deepFreeze } from './deep-freeze';
import { answerBody, BodyContext, redirectBody, rejectBody } from './request-body.builder';

type CachedRequests = [GraphDecisionRequest | undefined, GraphDecisionRequest | undefined];

/**
 * Turns decisions into Graph requests validated as their DTOs: the decision's own body, then (for
 * answers) the contributors' parts through the `AnswerPipeline`.
 */
@Injectable()
export class DecisionRequests {
  /** Decisions that come from the configuration: immutable, so their requests can be cached. */
  private readonly configured = new WeakSet<object>();
  private readonly cache = new WeakMap<object, CachedRequests>();

  constructor(
    @Inject(serverConfig.KEY) private readonly server: ServerConfigType,
    @Inject(policyRecordingConfig.KEY) private readonly policy: PolicyRecordingConfigType,
    private readonly pipeline: AnswerPipeline,
  ) {}

  /** `${PUBLIC_BASE_URL}/api/calling`; without a public URL (development), the local port. */
  get callbackUri(): string {
    const base = this.server.publicBaseUrl ?? `https://localhost:${this.server.port}`;
    return `${base.replace(/\/+$/, '')}${CALLBACK_PATH}`;
  }

  bodyContext(isPolicyRecording: boolean): BodyContext {
    return {
      callbackUri: this.callbackUri,
      isPolicyRecording,
      defaultParticipantCapacity: this.policy.participantCapacity ?? null,
    };
  }

  /** Marks decisions that never change (the configured ones), so their requests are built once. */
  markConfigured(decisions: readonly object[]): void {
    for (const decision of decisions) this.configured.add(decision);
  }

  /**
   * The decision's own request, before any contributor. Throws `GraphRequestValidationError` for
   * an invalid decision. Requests of configured decisions are built once per kind of call and
   * shared (frozen), so the hot path validates nothing.
   */
  base(decision: FinalDecision, isPolicyRecording: boolean): GraphDecisionRequest {
    const cacheable = this.configured.has(decision);
    const slot = isPolicyRecording ? 1 : 0;
    const cached = cacheable ? this.cache.get(decision)?.[slot] : undefined;
    if (cached) return cached;
    const request = deepFreeze(this.build(decision, this.bodyContext(isPolicyRecording)));
    if (cacheable) {
      const entry: CachedRequests = this.cache.get(decision) ?? [undefined, undefined];
      entry[slot] = request;
      this.cache.set(decision, entry);
    }
    return request;
  }

  /** The full request: for an answer, with every contributor's part, under `signal`. */
  async full(
    input: DecisionInput,
    decision: FinalDecision,
    signal: AbortSignal,
  ): Promise<GraphDecisionRequest> {
    const base = this.base(decision, input.call.isPolicyRecording);
    if (base.action !== 'answer' || this.pipeline.size === 0) return base;
    const action = decision as AnswerDecision;
    return {
      action: 'answer',
      body: await this.pipeline.build({ ...input, action, signal }, base.body),
    };
  }

  /** The fallback request: contributors' synchronous parts only, no I/O. */
  fallback(input: DecisionInput, decision: FinalDecision): GraphDecisionRequest {
    const base = this.base(decision, input.call.isPolicyRecording);
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
        return {
          action: 'answer',
          body: validateGraphRequest(AnswerRequestDto, answerBody(decision, ctx)),
        };
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
