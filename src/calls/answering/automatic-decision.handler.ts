import { performance } from 'node:perf_hooks';
import { Injectable, UseInterceptors } from '@nestjs/common';
import { CallEvents } from '../call-events';
import { CallsService } from '../calls.service';
import { DeadlineInterceptor } from '../deadline/deadline.interceptor';
import { deadlineScopeOf } from '../deadline/deadline.scope';
import { AnswerContributionError } from '../answer/answer.contributor';
import { DecisionService } from '../decision/decision.service';
import type { DecisionInput, PreparedDecision } from '../decision/decision.types';
import type { DecisionJob, DecisionReport } from './decision.job';
import { DecisionSender } from './decision.sender';
import { DeferredDecisions } from './deferred-decisions';

/**
 * The automatic decision on an incoming call, as a handler method with its enhancers, the way Nest
 * runs microservice and event handlers: `DecisionRunner` invokes it through
 * `ExternalContextCreator`, so `DeadlineInterceptor` applies exactly as on the operator routes.
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
    const scope = deadlineScopeOf(job);
    const started = performance.now();
    const input: DecisionInput = { call: job.call, incoming: job.incoming };
    let { value: prepared } = await scope.decide(
      (signal) =>
        this.decisions
          .prepare(input, { signal, budgetAt: scope.budgetAt })
          .catch((error) => this.contributorFailed(input, error)),
      () => this.decisions.prepareFallback(input, undefined, 'decision budget exceeded'),
    );

    if (prepared.request === null) {
      const deferred = await this.calls.update(job.call.id, (call) =>
        call.decidedAt
          ? undefined
          : {
              ...call,
              decision: 'defer',
              decisionSource: prepared.source,
              incoming: plain(job.incoming.resource),
            },
      );
      job.log.info(
        { source: prepared.source, rule: prepared.rule },
        'waiting for an operator decision',
      );
      if (deferred?.decision === 'defer') this.events.emit('deferred', { call: deferred });
      const waited = await scope.decide(
        (signal) => this.deferred.wait(job.call.id, signal).then(() => true),
        () => false,
      );
      if (waited.value) return { result: 'decidedElsewhere' };
      prepared = this.decisions.prepareFallback(input, undefined, 'no operator decision in time');
    }

    const { request } = prepared;
    if (request === null) throw new Error('a fallback is never deferred');
    const claim = await this.sender.claim(job.call.id, request.action, prepared.source, false);
    if (!claim.claimed) return { result: 'decidedElsewhere' };
    const call = await this.sender.send({
      call: claim.call,
      kind: job.kind,
      prepared: { ...prepared, request },
      scope,
      decisionMs: performance.now() - started,
      receivedAtMono: job.receivedAtMono,
      log: job.log,
    });
    const result = call?.outcome;
    return { result: result === 'sent' || result === 'failed' ? result : 'deadlineMissed', call };
  }

  private contributorFailed(input: DecisionInput, error: unknown): PreparedDecision {
    if (!(error instanceof AnswerContributionError)) throw error;
    return this.decisions.prepareFallback(input, error.fallback, error.message);
  }
}

/** A JSON copy of the notification's call, for a store that may be Redis. */
function plain(resource: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(resource)) as Record<string, unknown>;
}
