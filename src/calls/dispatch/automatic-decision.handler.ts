import { performance } from 'node:perf_hooks';
import { Injectable, UseInterceptors } from '@nestjs/common';
import { AnswerContributionError } from '../answer-body/answer.contributor';
import { CallEvents } from '../call-events';
import { CallsService } from '../calls.service';
import { DeadlineInterceptor } from '../deadline/deadline.interceptor';
import { deadlineScopeOf, type DeadlineScope } from '../deadline/deadline.scope';
import { EitherSignal } from '../deadline/either-signal';
import { DecisionService } from '../decision/decision.service';
import type {
  DecisionInput,
  GraphDecisionRequest,
  PreparedDecision,
} from '../decision/decision.types';
import type { DecisionJob, DecisionReport } from './decision.job';
import { DecisionSender, storedRequest, type SendRequest } from './decision.sender';
import { DeferredDecisions } from './deferred-decisions';
import { monoOf, retryStoreStep } from './store-step';

/**
 * The automatic decision on an incoming call, as a handler method with its enhancers, the way Nest
 * runs microservice and event handlers: `DecisionRunner` invokes it through
 * `ExternalContextCreator`, so `DeadlineInterceptor` applies exactly as on the operator routes.
 * It works under the job's lease: when the lease goes elsewhere, it stops and sends nothing.
 */
@Injectable()
export class AutomaticDecisionHandler {
  constructor(
    private readonly decisions: DecisionService,
    private readonly sender: DecisionSender,
    private readonly deferred: DeferredDecisions,
    private readonly calls: CallsService,
    private readonly events: CallEvents,
  ) {}

  @UseInterceptors(DeadlineInterceptor)
  async decide(job: DecisionJob): Promise<DecisionReport> {
    try {
      const scope = deadlineScopeOf(job);
      const started = performance.now();
      if (job.resume) {
        const { action, body, source, rule } = job.resume;
        const request = { action, body } as unknown as GraphDecisionRequest;
        return await this.send(job, scope, { source, rule, request }, started);
      }
      const prepared = await this.prepare(job, scope);
      if (prepared === 'handedOver' || prepared === 'decidedElsewhere') return { result: prepared };
      const { request } = prepared;
      if (request === null) throw new Error('a fallback is never deferred');
      const claim = await this.sender.claim(
        job.call,
        storedRequest({ ...prepared, request }),
        prepared.source,
        false,
      );
      if (!claim.claimed) {
        return { result: job.hold.signal.aborted ? 'handedOver' : 'decidedElsewhere' };
      }
      return await this.send(
        { ...job, call: claim.call },
        scope,
        { ...prepared, request },
        started,
      );
    } finally {
      job.hold.stop();
    }
  }

  /** The decision: the handler and rules within the budget, an operator's when deferred. */
  private async prepare(
    job: DecisionJob,
    scope: DeadlineScope,
  ): Promise<PreparedDecision | 'handedOver' | 'decidedElsewhere'> {
    const input: DecisionInput = { call: job.call, incoming: job.incoming };
    const { value: prepared } = await scope.decide(
      (signal) => {
        const cancel = new EitherSignal(signal, job.hold.signal);
        return this.decisions
          .prepare(input, { signal: cancel.signal, budgetAt: scope.budgetAt })
          .catch((error) => this.contributorFailed(input, error))
          .finally(() => cancel.release());
      },
      () => this.decisions.prepareFallback(input, undefined, 'decision budget exceeded'),
    );
    if (job.hold.signal.aborted) return 'handedOver';
    if (prepared.request !== null) return prepared;

    const deferred = await retryStoreStep(
      () =>
        this.calls.update(job.call.id, (call) =>
          call.decidedAt
            ? undefined
            : { ...call, decision: 'defer', decisionSource: prepared.source },
        ),
      monoOf(Date.parse(job.call.deadlineAt)),
    );
    job.log.info(
      { source: prepared.source, rule: prepared.rule },
      'waiting for an operator decision',
    );
    if (deferred?.decision === 'defer') this.events.emit('deferred', { call: deferred });
    const waited = await scope
      .decide(
        (signal) =>
          this.deferred
            .wait(job.call.id, AbortSignal.any([signal, job.hold.signal]))
            .then(() => true),
        () => false,
      )
      .catch((error: unknown) => {
        if (job.hold.signal.aborted) return { value: true };
        throw error;
      });
    if (job.hold.signal.aborted) return 'handedOver';
    if (waited.value) return 'decidedElsewhere';
    return this.decisions.prepareFallback(input, undefined, 'no operator decision in time');
  }

  private async send(
    job: DecisionJob,
    scope: DeadlineScope,
    prepared: SendRequest['prepared'],
    started: number,
  ): Promise<DecisionReport> {
    const call = await this.sender.send({
      call: job.call,
      kind: job.kind,
      prepared,
      scope,
      hold: job.hold,
      progress: job.progress,
      decisionMs: performance.now() - started,
      receivedAtMono: job.receivedAtMono,
      log: job.log,
    });
    if (call === undefined && job.hold.signal.aborted && !job.progress.accepted) {
      return { result: 'handedOver' };
    }
    const result = call?.outcome;
    return { result: result === 'sent' || result === 'failed' ? result : 'deadlineMissed', call };
  }

  private contributorFailed(input: DecisionInput, error: unknown): PreparedDecision {
    if (!(error instanceof AnswerContributionError)) throw error;
    return this.decisions.prepareFallback(input, error.fallback, error.message);
  }
}
