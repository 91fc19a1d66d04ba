import { performance } from 'node:perf_hooks';
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, mergeMap, Observable } from 'rxjs';
import { DomainError, DomainErrorCode } from '../../common/errors/domain.error';
import { answerConfig, AnswerConfigType } from '../../config';
import { CALL_DECISION_CONTEXT } from '../calls.constants';
import { CallsService } from '../calls.service';
import { assertCallId } from '../call-id';
import { attachDeadlineScope, DeadlineExceededError, DeadlineScope } from './deadline.scope';

/** What a handler run under `CALL_DECISION_CONTEXT` receives first: the call and its deadline. */
export interface DeadlineCarrier {
  /** `performance.now()` time of the call's deadline. */
  readonly deadlineAt: number;
}

interface Opened {
  carrier: object;
  deadlineAt: number;
}

/**
 * Every path that answers a call runs under this: the automatic decision (through Nest's
 * `ExternalContextCreator`, see `DecisionRunner`) and the operator API's decision routes.
 *
 * It opens a `DeadlineScope` for the handler (read with `deadlineScopeOf(job | request)`):
 * the decision budget (deadline − `answer.safetyMarginMs`) with its `decisionSignal`, and the
 * deadline itself with `signal`. The handler's result is bounded by a timer at the
 * deadline; when it fires, `signal` aborts, so an in-flight Graph request or a late custom handler
 * is cancelled rather than left running, and the handler fails with `DeadlineExceededError`
 * (an HTTP caller gets 410).
 */
@Injectable()
export class DeadlineInterceptor implements NestInterceptor {
  constructor(
    private readonly calls: CallsService,
    @Inject(answerConfig.KEY) private readonly config: AnswerConfigType,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    // The automatic decision (once per call) knows its deadline already: no promise to wait for.
    if (context.getType<string>() === CALL_DECISION_CONTEXT) {
      const carrier = context.getArgByIndex<DeadlineCarrier>(0);
      return this.bounded({ carrier, deadlineAt: carrier.deadlineAt }, next);
    }
    return from(this.open(context)).pipe(mergeMap((opened) => this.bounded(opened, next)));
  }

  /**
   * The handler's result, bounded by the deadline: one timer, no RxJS operators (this runs once
   * per call). Only the first value is timed, as the handler gives one; whatever ends the
   * subscription closes the scope.
   */
  private bounded({ carrier, deadlineAt }: Opened, next: CallHandler): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      const scope = new DeadlineScope(deadlineAt, this.config.safetyMarginMs);
      attachDeadlineScope(carrier, scope);
      const remaining = scope.remainingMs();
      if (remaining <= 0) {
        scope.expire();
        subscriber.error(new DeadlineExceededError());
        return () => scope.close();
      }
      let timer: NodeJS.Timeout | undefined = setTimeout(() => {
        timer = undefined;
        scope.expire();
        subscriber.error(new DeadlineExceededError());
      }, remaining);
      const stopTimer = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
      };
      const handled = next.handle().subscribe({
        next: (value) => {
          stopTimer();
          subscriber.next(value);
        },
        error: (error: unknown) => {
          stopTimer();
          subscriber.error(error);
        },
        complete: () => {
          stopTimer();
          subscriber.complete();
        },
      });
      return () => {
        stopTimer();
        handled.unsubscribe();
        scope.close();
      };
    });
  }

  /** An operator API route: the call's deadline is read from the store. */
  private async open(context: ExecutionContext): Promise<Opened> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      const id = assertCallId((request.params as Record<string, string> | undefined)?.id);
      const call = await this.calls.get(id);
      if (!call) throw new DomainError(DomainErrorCode.CallNotFound, `call ${id} not found`);
      // The record holds wall-clock time (any instance may read it); convert to the monotonic clock.
      const deadlineAt = performance.now() + (Date.parse(call.deadlineAt) - Date.now());
      if (deadlineAt <= performance.now()) {
        throw new DomainError(
          DomainErrorCode.DeadlinePassed,
          `the deadline of call ${id} has passed`,
        );
      }
      return { carrier: request, deadlineAt };
    }
    throw new Error(`DeadlineInterceptor cannot run in a ${context.getType()} context`);
  }
}
