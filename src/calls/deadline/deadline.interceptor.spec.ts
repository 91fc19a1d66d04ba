import { performance } from 'node:perf_hooks';
import { Injectable, UseInterceptors } from '@nestjs/common';
import { ExternalContextCreator } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Test } from '@nestjs/testing';
import { firstValueFrom, of } from 'rxjs';
import { DomainError, DomainErrorCode } from '../../common/errors/domain.error';
import { answerConfig } from '../../config';
import { decisionContextInvoker } from '../dispatch/decision.runner';
import { CallsService } from '../calls.service';
import { DeadlineInterceptor } from './deadline.interceptor';
import {
  DeadlineExceededError,
  DeadlineScope,
  deadlineScopeOf,
  DecisionBudgetExceededError,
} from './deadline.scope';

const SAFETY_MARGIN_MS = 300;

interface Job {
  deadlineAt: number;
  work: (scope: DeadlineScope) => Promise<unknown>;
}

/** A handler as the automatic decision is one: a method with the interceptor on it. */
@Injectable()
class ProbeHandler {
  @UseInterceptors(DeadlineInterceptor)
  async run(job: Job): Promise<unknown> {
    return job.work(deadlineScopeOf(job));
  }
}

/** Resolves when `signal` aborts, with its reason: what a fetch given the signal would see. */
function abortedWith(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(signal.reason);
    signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
  });
}

const never = (): Promise<never> => new Promise<never>(() => undefined);

describe('DeadlineInterceptor', () => {
  let invoke: (job: Job) => Promise<unknown>;
  let sut: DeadlineInterceptor;
  const calls = { get: jest.fn() };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        ProbeHandler,
        DeadlineInterceptor,
        { provide: CallsService, useValue: calls },
        { provide: answerConfig.KEY, useValue: { safetyMarginMs: SAFETY_MARGIN_MS } },
      ],
    }).compile();
    const handler = moduleRef.get(ProbeHandler);
    sut = moduleRef.get(DeadlineInterceptor);
    invoke = decisionContextInvoker(moduleRef.get(ExternalContextCreator), handler, 'run');
  });

  const inMs = (ms: number): number => performance.now() + ms;

  describe('on the automatic decision (ExternalContextCreator)', () => {
    it('passes the result through and cancels leftovers once the handler is done', async () => {
      let seen: DeadlineScope | undefined;

      const result = await invoke({
        deadlineAt: inMs(2000),
        work: async (scope) => {
          seen = scope;
          return 'answered';
        },
      });

      expect(result).toBe('answered');
      expect(seen?.signal.aborted).toBe(true);
    });

    it('gives a decision that misses its budget the fallback, and aborts the late work', async () => {
      let lateWorkSaw: Promise<unknown> | undefined;
      const started = performance.now();

      const result = await invoke({
        deadlineAt: inMs(800),
        work: async (scope) => {
          const { value, late } = await scope.decide(
            (signal) => {
              lateWorkSaw = abortedWith(signal);
              return never();
            },
            () => 'fallback',
          );
          expect(scope.signal.aborted).toBe(false);
          return { value, late };
        },
      });
      const elapsed = performance.now() - started;

      expect(result).toEqual({ value: 'fallback', late: true });
      expect(await lateWorkSaw).toBeInstanceOf(DecisionBudgetExceededError);
      // The budget is the deadline minus the safety margin: 500 ms here, before the deadline (800).
      expect(elapsed).toBeGreaterThanOrEqual(450);
      expect(elapsed).toBeLessThan(800);
    });

    it('uses the work result when it arrives within the budget', async () => {
      const result = await invoke({
        deadlineAt: inMs(1000),
        work: (scope) =>
          scope.decide(
            async () => 'decided',
            () => 'fallback',
          ),
      });

      expect(result).toEqual({ value: 'decided', late: false });
    });

    it('stops a handler at the deadline and aborts what it was waiting for', async () => {
      let requestSaw: Promise<unknown> | undefined;

      const outcome = invoke({
        deadlineAt: inMs(150),
        work: (scope) => {
          requestSaw = abortedWith(scope.signal);
          return never();
        },
      });

      await expect(outcome).rejects.toBeInstanceOf(DeadlineExceededError);
      expect(await requestSaw).toBeInstanceOf(DeadlineExceededError);
    });

    it('does not run the handler at all when the deadline has already passed', async () => {
      const work = jest.fn();

      await expect(invoke({ deadlineAt: inMs(-1), work })).rejects.toBeInstanceOf(
        DeadlineExceededError,
      );
      expect(work).not.toHaveBeenCalled();
    });

    it('goes straight to the fallback when no budget is left, without starting the work', async () => {
      const work = jest.fn();

      const result = await invoke({
        deadlineAt: inMs(SAFETY_MARGIN_MS / 2),
        work: (scope) => scope.decide(work, () => 'fallback'),
      });

      expect(result).toEqual({ value: 'fallback', late: true });
      expect(work).not.toHaveBeenCalled();
    });
  });

  describe('on an HTTP route', () => {
    function http(id: string): ExecutionContextHost {
      const context = new ExecutionContextHost([{ params: { id } }, {}]);
      context.setType('http');
      return context;
    }

    const run = (id: string): Promise<unknown> =>
      firstValueFrom(sut.intercept(http(id), { handle: () => of('done') }));

    it('refuses an unknown call with CallNotFound (404)', async () => {
      calls.get.mockResolvedValueOnce(undefined);

      await expect(run('abc')).rejects.toMatchObject({ code: DomainErrorCode.CallNotFound });
    });

    it('refuses a call whose deadline has passed with DeadlinePassed (410)', async () => {
      calls.get.mockResolvedValueOnce({ deadlineAt: new Date(Date.now() - 10).toISOString() });

      await expect(run('abc')).rejects.toMatchObject({ code: DomainErrorCode.DeadlinePassed });
    });

    it('refuses an id Graph could not have given with InvalidRequest (400)', async () => {
      await expect(run('a/b')).rejects.toBeInstanceOf(DomainError);
      await expect(run('a/b')).rejects.toMatchObject({ code: DomainErrorCode.InvalidRequest });
    });

    it('runs the route within the call deadline', async () => {
      calls.get.mockResolvedValueOnce({ deadlineAt: new Date(Date.now() + 5000).toISOString() });

      await expect(run('abc')).resolves.toBe('done');
    });
  });
});
