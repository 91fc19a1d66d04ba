import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ExternalContextCreator } from '@nestjs/core';
import { InFlightTracker } from '../../common/lifecycle/in-flight.tracker';
import { CALL_DECISION_CONTEXT } from '../calls.constants';
import { DeadlineExceededError } from '../deadline/deadline.scope';
import { AutomaticDecisionHandler } from './automatic-decision.handler';
import type { DecisionJob, DecisionReport } from './decision.job';
import { StoreUnavailableError } from '../../store';
import { DecisionLeases } from './decision-leases';
import { DecisionOutcomes } from './decision-outcomes';

/**
 * `instance[method]` as a handler of the `CALL_DECISION_CONTEXT` type, the way Nest invokes
 * microservice and event handlers: with its interceptors (and any global one), without guards and
 * exception filters, which are HTTP concerns.
 */
export function decisionContextInvoker<A, R>(
  contexts: ExternalContextCreator,
  instance: object,
  method: string,
): (arg: A) => Promise<R> {
  const handler = (instance as Record<string, unknown>)[method];
  if (typeof handler !== 'function') throw new TypeError(`${method} is not a method`);
  return contexts.create(
    instance,
    handler as (...args: unknown[]) => unknown,
    method,
    undefined,
    undefined,
    undefined,
    undefined,
    { interceptors: true, guards: false, filters: false },
    CALL_DECISION_CONTEXT,
  ) as (arg: A) => Promise<R>;
}

/**
 * Starts automatic decisions without making the webhook wait for them. The handler is invoked
 * through `decisionContextInvoker`, so its `@UseInterceptors(DeadlineInterceptor)` applies.
 */
@Injectable()
export class DecisionRunner implements OnModuleInit {
  private readonly logger = new Logger(DecisionRunner.name);
  private invoke!: (job: DecisionJob) => Promise<DecisionReport>;

  constructor(
    private readonly contexts: ExternalContextCreator,
    private readonly handler: AutomaticDecisionHandler,
    private readonly outcomes: DecisionOutcomes,
    private readonly inFlight: InFlightTracker,
    private readonly leases: DecisionLeases,
  ) {}

  onModuleInit(): void {
    this.invoke = decisionContextInvoker(this.contexts, this.handler, 'decide');
  }

  /** Starts the decision; shutdown waits for it (`InFlightTracker`). The promise never rejects. */
  start(job: DecisionJob): Promise<DecisionReport | undefined> {
    return this.inFlight.track(
      this.invoke(job)
        .catch((error: unknown) => this.failed(job, error))
        .finally(() => job.hold.stop()),
    );
  }

  private async failed(job: DecisionJob, error: unknown): Promise<DecisionReport | undefined> {
    // Graph has the decision (only its record was late), or another instance now holds it.
    if (job.progress.accepted) return undefined;
    if (job.hold.signal.aborted) return { result: 'handedOver' };
    if (error instanceof StoreUnavailableError && job.hold.deadlineAt > Date.now()) {
      // Not a failure of the decision: the store was away past the retries. Given back, the
      // decision is taken up again at the next scan, here or elsewhere, while time is left.
      job.log.warn({ reason: error.reason }, 'decision interrupted by the store; given back');
      await this.leases.giveBack(job.call.id);
      return { result: 'handedOver' };
    }
    const missed = error instanceof DeadlineExceededError;
    try {
      await this.outcomes.record(job.call.id, job.kind, missed ? 'deadlineMissed' : 'failed', {
        status: null,
        code: missed ? 'deadlineExceeded' : 'internalError',
        message: (error as Error)?.message ?? String(error),
      });
    } catch (recordError) {
      this.logger.error(
        { err: recordError, callId: job.call.id, scenarioId: job.call.scenarioId },
        'could not record the outcome',
      );
    }
    job.log[missed ? 'warn' : 'error'](
      { err: missed ? undefined : error },
      missed ? 'deadline missed' : 'decision failed',
    );
    return undefined;
  }
}
