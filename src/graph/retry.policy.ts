/** Statuses worth another attempt: throttling and the gateway-side 5xx. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** How retries of one Graph request are paced and bounded (`graph.retry` in the config). */
export interface RetrySettings {
  /** Optional upper bound on attempts, the first included; without one only the budget bounds them. */
  readonly maxAttempts?: number | null;
  /** The shortest pause between attempts, and the first step of the backoff. */
  readonly baseDelayMs: number;
  /** The longest pause the backoff itself picks (a `Retry-After` may ask for more). */
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for. */
  readonly maxRetryAfterMs: number;
}

/** What the policy needs to know about the attempt that just failed. */
export interface RetryInput {
  /** The failure may pass if tried again (429/502/503/504, a dropped connection, a timeout). */
  readonly retryable: boolean;
  /** Graph's `Retry-After`, in ms, when it sent one. */
  readonly retryAfterMs?: number;
  /** Attempts made so far (a 401's re-authorised repeat not counted). */
  readonly attempts: number;
  /** The previous pause (0 before the first retry): decorrelated jitter grows from it. */
  readonly previousDelayMs: number;
  /** Time left in the budget (Infinity without one). */
  readonly remainingMs: number;
  /** Time an attempt needs before the budget ends to be worth starting. */
  readonly minAttemptMs: number;
}

/**
 * Why retries stopped. `budgetSpent`: no room for another attempt before the budget ends (Graph kept
 * failing until then); `retryAfterPastBudget`: Graph asked for a pause that would end after it.
 */
export type RetryStop =
  'notRetryable' | 'maxAttempts' | 'retryAfterTooLong' | 'retryAfterPastBudget' | 'budgetSpent';

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly stop: RetryStop };

/**
 * "Decorrelated jitter": each pause is drawn between the base and three times the previous one,
 * capped. Clients that failed together spread out quickly, no pause is shorter than the base, and
 * the cap keeps attempts about `maxMs` apart during a long outage.
 */
export function decorrelatedJitter(
  previousMs: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const upper = Math.max(baseMs, previousMs * 3);
  return Math.round(Math.min(maxMs, baseMs + random() * (upper - baseMs)));
}

/**
 * Whether to try a failed request again, and after how long. Retries go on while the budget (the
 * caller's deadline) leaves room for another attempt, not for a fixed count; `maxAttempts`, when
 * set, is an extra bound. A `Retry-After` is a floor for the pause: one that cannot be honoured
 * inside the budget stops the retries at once rather than being cut short. A backoff pause that
 * would overrun the budget is shortened so that one last attempt still fits.
 */
export function nextRetry(
  input: RetryInput,
  settings: RetrySettings,
  random: () => number = Math.random,
): RetryDecision {
  if (!input.retryable) return { retry: false, stop: 'notRetryable' };
  if (settings.maxAttempts != null && input.attempts >= settings.maxAttempts) {
    return { retry: false, stop: 'maxAttempts' };
  }
  const { retryAfterMs } = input;
  if (retryAfterMs !== undefined && retryAfterMs > settings.maxRetryAfterMs) {
    return { retry: false, stop: 'retryAfterTooLong' };
  }
  const usableMs = input.remainingMs - input.minAttemptMs;
  if (usableMs < 0) return { retry: false, stop: 'budgetSpent' };
  if (retryAfterMs !== undefined && retryAfterMs > usableMs) {
    return { retry: false, stop: 'retryAfterPastBudget' };
  }
  const jitter = decorrelatedJitter(
    input.previousDelayMs,
    settings.baseDelayMs,
    settings.maxDelayMs,
    random,
  );
  const wanted = Math.max(retryAfterMs ?? 0, jitter);
  return { retry: true, delayMs: Math.min(wanted, usableMs) };
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so that clients
 * that failed together do not retry together, yet no retry is immediate. (The token service's pace.)
 */
export function backoffDelay(
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** `Retry-After` as delta-seconds or an HTTP-date, in ms from now; undefined when absent or invalid. */
export function parseRetryAfter(
  value: string | null,
  nowEpochMs: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowEpochMs);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Settles with `promise`, or rejects with the signal's reason when it aborts first. The work
 * behind `promise` is shared (a token being fetched), so it is not cancelled, only stopped waiting for.
 */
export function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: Error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
