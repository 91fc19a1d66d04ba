import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '../../common/errors/domain.error';
import type { CallRecord } from '../../store';
import { AnswerContributionError } from '../answer-body/answer.contributor';
import { AnswerPipeline } from '../answer-body/answer.pipeline';
import { callKind, DecisionSender, storedRequest } from '../dispatch/decision.sender';
import { DecisionLeases } from '../dispatch/decision-leases';
import { DeferredDecisions } from '../dispatch/deferred-decisions';
import { CallsService } from '../calls.service';
import type { DeadlineScope } from '../deadline/deadline.scope';
import type { FinalDecision } from '../decision/call-decision';
import { readCallFacts } from '../decision/call-facts';
import { DecisionService } from '../decision/decision.service';
import type { DecisionInput, PreparedDecision } from '../decision/decision.types';
import { decisionProblems } from '../decision/decision.validation';

/**
 * Decisions on deferred calls from the operator API. The body is checked first (400), then the
 * request is built and claimed in the store (409 if anything decided it already, on any instance),
 * then sent through the same `DecisionSender` as automatic decisions, under the route's deadline
 * scope and this instance's lease.
 */
@Injectable()
export class OperatorDecisions {
  constructor(
    private readonly calls: CallsService,
    private readonly decisions: DecisionService,
    private readonly sender: DecisionSender,
    private readonly deferred: DeferredDecisions,
    private readonly pipeline: AnswerPipeline,
    private readonly leases: DecisionLeases,
  ) {}

  async decide(callId: string, decision: FinalDecision, scope: DeadlineScope): Promise<CallRecord> {
    const current = await this.calls.get(callId);
    if (!current) throw new DomainError(DomainErrorCode.CallNotFound, `call ${callId} not found`);
    const problems = decisionProblems(decision, this.decisions.requests.bodyContext());
    // The feature modules' own checks (e.g. that a media profile exists), as at start-up.
    if (decision.type === 'answer')
      problems.push(...this.pipeline.validateAction(decision, 'body'));
    if (problems.length > 0) {
      throw new DomainError(DomainErrorCode.InvalidRequest, problems.join('; '));
    }
    if (current.decidedAt !== null || current.decision !== 'defer') {
      throw new DomainError(DomainErrorCode.CallAlreadyDecided, alreadyDecided(current));
    }

    const input: DecisionInput = {
      call: current,
      incoming: {
        resource: current.incoming ?? {},
        facts: readCallFacts(current.incoming ?? {}, current.tenantId ?? undefined),
      },
    };
    const started = performance.now();
    const { value: prepared } = await scope.decide(
      (signal) =>
        this.decisions
          .prepareGiven(input, decision, 'operator', { signal, budgetAt: scope.budgetAt })
          .catch((error) => this.contributorFailed(input, error)),
      () => this.decisions.prepareFallback(input, undefined, 'operator decision not ready in time'),
    );
    const { request } = prepared;
    if (request === null) throw new Error('an operator decision is never deferred');
    // The claim carries the request and moves the lease here: the waiting automatic decision
    // (on whichever instance) stops, and if this instance dies, another sends this request.
    const claim = await this.sender.claim(
      current,
      storedRequest({ ...prepared, request }),
      'operator',
      true,
    );
    if (!claim.claimed) {
      if (!claim.call)
        throw new DomainError(DomainErrorCode.CallNotFound, `call ${callId} not found`);
      throw new DomainError(DomainErrorCode.CallAlreadyDecided, alreadyDecided(claim.call));
    }
    this.deferred.release(callId);
    const call = claim.call;
    const log = this.calls.logger(call);
    log.info({ action: request.action, source: prepared.source }, 'operator decision');
    const hold = this.leases.hold(call);
    try {
      const stored = await this.sender.send({
        call,
        kind: callKind(call),
        prepared: { ...prepared, request },
        scope,
        hold,
        progress: { accepted: false },
        decisionMs: performance.now() - started,
        log,
      });
      return stored ?? call;
    } finally {
      hold.stop();
    }
  }

  private contributorFailed(input: DecisionInput, error: unknown): PreparedDecision {
    if (!(error instanceof AnswerContributionError)) throw error;
    return this.decisions.prepareFallback(input, error.fallback, error.message);
  }
}

function alreadyDecided(call: CallRecord): string {
  if (call.decidedAt !== null || call.outcome !== 'pending') {
    return `call ${call.id} was already decided (${call.decision ?? 'unknown'}, ${call.outcome})`;
  }
  return `call ${call.id} is not waiting for an operator decision`;
}
