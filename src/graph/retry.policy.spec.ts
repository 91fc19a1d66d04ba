import {
  decorrelatedJitter,
  nextRetry,
  type RetryDecision,
  type RetryInput,
  type RetrySettings,
} from './retry.policy';

const SETTINGS: RetrySettings = {
  maxAttempts: null,
  baseDelayMs: 50,
  maxDelayMs: 1000,
  maxRetryAfterMs: 30_000,
};

/** A failed retryable attempt with plenty of budget; each row overrides what it is about. */
const FAILED: RetryInput = {
  retryable: true,
  attempts: 1,
  previousDelayMs: 0,
  remainingMs: 15_000,
  minAttemptMs: 10,
};

describe('decorrelatedJitter', () => {
  it.each([
    // previous, random, expected: drawn in [base, max(base, 3 × previous)], capped at max
    [0, 0, 50],
    [0, 1, 50],
    [100, 0, 50],
    [100, 1, 300],
    [100, 0.5, 175],
    [300, 1, 900],
    [400, 1, 1000],
    [5000, 0.9, 1000],
  ])('after %i ms with random %d waits %i ms', (previous, random, expected) => {
    expect(decorrelatedJitter(previous, 50, 1000, () => random)).toBe(expected);
  });

  it('never goes below the base nor above the cap, whatever the previous pause', () => {
    let previous = 0;
    for (let i = 0; i < 200; i += 1) {
      previous = decorrelatedJitter(previous, 50, 1000);
      expect(previous).toBeGreaterThanOrEqual(50);
      expect(previous).toBeLessThanOrEqual(1000);
    }
  });
});

describe('nextRetry', () => {
  const cases: Array<[string, Partial<RetryInput>, Partial<RetrySettings>, RetryDecision]> = [
    [
      'a status Graph refused outright',
      { retryable: false },
      {},
      { retry: false, stop: 'notRetryable' },
    ],
    [
      'the 20th failure when no attempt bound is set',
      { attempts: 20, previousDelayMs: 1000 },
      {},
      { retry: true, delayMs: 1000 },
    ],
    [
      'the bound, when one is set',
      { attempts: 4 },
      { maxAttempts: 4 },
      { retry: false, stop: 'maxAttempts' },
    ],
    ['below the bound', { attempts: 3 }, { maxAttempts: 4 }, { retry: true, delayMs: 50 }],
    ['the first retry, at the base', {}, {}, { retry: true, delayMs: 50 }],
    [
      'a Retry-After longer than the backoff: at least that long',
      { retryAfterMs: 2000 },
      {},
      { retry: true, delayMs: 2000 },
    ],
    [
      'a Retry-After of 0: the backoff still paces it',
      { retryAfterMs: 0 },
      {},
      { retry: true, delayMs: 50 },
    ],
    [
      'a Retry-After over maxRetryAfterMs',
      { retryAfterMs: 31_000, remainingMs: Infinity },
      {},
      { retry: false, stop: 'retryAfterTooLong' },
    ],
    [
      'a Retry-After that would end past the budget: not cut short, stopped',
      { retryAfterMs: 3000, remainingMs: 2500 },
      {},
      { retry: false, stop: 'retryAfterPastBudget' },
    ],
    [
      'a backoff pause that would overrun the budget: shortened for a last attempt',
      { previousDelayMs: 1000, remainingMs: 400 },
      {},
      { retry: true, delayMs: 390 },
    ],
    ['no room left for an attempt', { remainingMs: 5 }, {}, { retry: false, stop: 'budgetSpent' }],
    ['a budget already over', { remainingMs: -100 }, {}, { retry: false, stop: 'budgetSpent' }],
    ['no budget at all (Infinity)', { remainingMs: Infinity }, {}, { retry: true, delayMs: 50 }],
  ];

  it.each(cases)('%s', (_name, input, settings, expected) => {
    // random() = 1: the top of the jitter range, the least favourable pause.
    expect(nextRetry({ ...FAILED, ...input }, { ...SETTINGS, ...settings }, () => 1)).toEqual(
      expected,
    );
  });

  it('keeps retrying a failing request until a 15 s budget runs out, never more than ~1 s apart', () => {
    let remainingMs = 15_000;
    let previousDelayMs = 0;
    let attempts = 0;
    for (;;) {
      attempts += 1;
      remainingMs -= 20; // each attempt's round trip
      const next = nextRetry({ ...FAILED, attempts, previousDelayMs, remainingMs }, SETTINGS);
      if (!next.retry) {
        expect(next.stop).toBe('budgetSpent');
        break;
      }
      expect(next.delayMs).toBeLessThanOrEqual(1000);
      remainingMs -= next.delayMs;
      previousDelayMs = next.delayMs;
    }
    // At most about one attempt a second once the backoff has grown, yet far more than a fixed 4.
    expect(attempts).toBeGreaterThan(14);
    expect(remainingMs).toBeLessThan(FAILED.minAttemptMs + 20);
  });
});
