import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ExternalContextCreator } from '@nestjs/core';
import { InFlightTracker } from '../../common/lifecycle/in-flight.tracker';
import { CALL_DECISION_CONTEXT } from '../calls.constants';
import { DeadlineExceededError } from '../deadline/deadline.scope';
import { AutomaticDecisionHandler } from './automatic-decision.handler';
import type { DecisionJob, DecisionReport } from './decision.job';
import { DecisionOutcomes } from './decision-outcomes';

/**
 * Starts automatic decisions without making the webhook wait for them. The handler is invoked the
 * way Nest invokes microservice and event handlers, through `ExternalContextCreator`, so its
 * `@UseInterceptors(DeadlineInterceptor)` (and any global interceptor) applies; guards and
 * exception filters are HTTP concerns and are left out.
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
  ) {}

  onModuleInit(): void {
    this.invoke = this.contexts.create(
      this.handler,
      this.handler.decide as (...args: unknown[]) => unknown,
      'decide',
      undefined,
      undefined,
      undefined,
      undefined,
      { interceptors: true, guards: false, filters: false },
      CALL_DECISION_CONTEXT,
    ) as (job: DecisionJob) => Promise<DecisionReport>;
  }

  /** Starts the decision; shutdown waits for it (`InFlightTracker`). The promise never rejects. */
  start(job: DecisionJob): Promise<DecisionReport | undefined> {
    return this.inFlight.track(this.invoke(job).catch((error: unknown) => this.failed(job, error)));
  }

  private async failed(job: DecisionJob, error: unknown): Promise<undefined> {
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
