import { performance } from 'node:perf_hooks';
import {
  DeadlineExceededError,
  DeadlineScope,
  DecisionBudgetExceededError,
  ScopeClosedError,
} from './deadline.scope';

const scopeIn = (ms: number, marginMs = 100): DeadlineScope =>
  new DeadlineScope(performance.now() + ms, marginMs);

describe('DeadlineScope', () => {
  it('aborts both signals when the deadline passes, with the deadline as the reason', () => {
    const scope = scopeIn(1000);
    const { signal, decisionSignal } = scope;
    scope.expire();
    scope.close();
    expect(signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect(decisionSignal.reason).toBeInstanceOf(DeadlineExceededError);
  });

  it('hands out signals already aborted once the scope has ended', () => {
    const scope = scopeIn(1000);
    scope.close();
    expect(scope.signal.aborted).toBe(true);
    expect(scope.decisionSignal.reason).toBeInstanceOf(ScopeClosedError);
    expect(scope.signal).toBe(scope.signal);
  });

  it('ends the decision budget without ending the deadline', async () => {
    const scope = scopeIn(1000, 980);
    const result = await scope.decide(
      (signal) =>
        new Promise<string>((resolve) =>
          signal.addEventListener('abort', () => resolve('stopped')),
        ),
      () => 'fallback',
    );
    expect(result).toEqual({ value: 'fallback', late: true });
    expect(scope.decisionSignal.reason).toBeInstanceOf(DecisionBudgetExceededError);
    expect(scope.signal.aborted).toBe(false);
    scope.close();
  });

  it("gives the work's value, or its error, when it comes within the budget", async () => {
    const scope = scopeIn(5000);
    await expect(
      scope.decide(
        async () => 'answer',
        () => 'fallback',
      ),
    ).resolves.toEqual({
      value: 'answer',
      late: false,
    });
    await expect(
      scope.decide(
        () => {
          throw new Error('broken');
        },
        () => 'fallback',
      ),
    ).rejects.toThrow('broken');
    scope.close();
  });
});
