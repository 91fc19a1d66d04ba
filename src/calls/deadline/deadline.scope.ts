import { performance } from 'node:perf_hooks';
import { DomainError, DomainErrorCode } from '../../common/errors/domain.error';

/** The call's deadline passed before the work finished; nothing more is sent to Graph. */
export class DeadlineExceededError extends DomainError {
  constructor(message = 'the call deadline has passed') {
    super(DomainErrorCode.DeadlinePassed, message);
    this.name = 'DeadlineExceededError';
  }
}

/** The decision budget ran out; what was still deciding is cancelled. */
export class DecisionBudgetExceededError extends Error {
  override readonly name = 'DecisionBudgetExceededError';
}

/** The work ended (normally or not): anything it left running is cancelled. */
export class ScopeClosedError extends Error {
  override readonly name = 'ScopeClosedError';
}

/** One instance for every scope: closing happens once per call, and a stack trace costs. */
const SCOPE_CLOSED = new ScopeClosedError('the work on this call has ended');

export interface BudgetedResult<T> {
  readonly value: T;
  /** True when the budget ran out and `value` is the fallback. */
  readonly late: boolean;
}

/**
 * The time a piece of work on a call has, opened by `DeadlineInterceptor`. Times are on the
 * `performance.now()` clock, the clock of the notification's arrival (`receivedAtMono`), so that a
 * wall-clock step cannot move a deadline.
 *
 * - `signal` aborts at the deadline (and when the work ends): hand it to every Graph request.
 * - `decisionSignal` aborts when the decision budget (deadline − safety margin) runs out: hand it
 *   to whatever decides (custom handler, answer contributors, a media provider).
 */
export class DeadlineScope {
  /** `performance.now()` time at which the decision budget ends: `decisionSignal` aborts then. */
  readonly budgetAt: number;
  // Made when first asked for, and linked by hand rather than by a listener: a scope opens and
  // closes once per call, and work that never reads a signal needs no controller.
  private deadlineController: AbortController | undefined;
  private decisionController: AbortController | undefined;
  private ended: unknown;

  constructor(
    /** `performance.now()` time of the deadline. */
    readonly deadlineAt: number,
    safetyMarginMs: number,
  ) {
    this.budgetAt = deadlineAt - safetyMarginMs;
  }

  get signal(): AbortSignal {
    return this.controller('deadline').signal;
  }

  get decisionSignal(): AbortSignal {
    return this.controller('decision').signal;
  }

  /** Milliseconds left before the deadline (negative once passed). */
  remainingMs(now = performance.now()): number {
    return this.deadlineAt - now;
  }

  /** Milliseconds left for deciding. */
  budgetRemainingMs(now = performance.now()): number {
    return this.budgetAt - now;
  }

  /**
   * Runs `work` within the decision budget. When the budget runs out first, `decisionSignal` is
   * aborted (so the work stops, not merely goes unheard) and `fallback()` is the result. Errors of
   * the work propagate.
   */
  async decide<T>(
    work: (signal: AbortSignal) => Promise<T>,
    fallback: () => T,
  ): Promise<BudgetedResult<T>> {
    const budget = this.budgetRemainingMs();
    if (budget <= 0 || this.decisionSignal.aborted) {
      this.controller('decision').abort(new DecisionBudgetExceededError('no decision budget left'));
      return { value: fallback(), late: true };
    }
    // One timer and a race rather than an RxJS pipeline: this runs once per call.
    const working = (async () => ({ value: await work(this.decisionSignal) }))();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, budget, undefined);
    });
    try {
      const done = await Promise.race([working, expired]);
      if (done) return { value: done.value, late: false };
    } finally {
      clearTimeout(timer);
    }
    this.controller('decision').abort(
      new DecisionBudgetExceededError(`no decision within ${Math.round(budget)} ms`),
    );
    return { value: fallback(), late: true };
  }

  /** The deadline passed: everything still running for this call is cancelled. */
  expire(): void {
    this.end(new DeadlineExceededError());
  }

  /** The work finished: cancel whatever it left behind (a late custom handler, a media provider). */
  close(): void {
    this.end(SCOPE_CLOSED);
  }

  /** The deadline's end also ends the decision budget; only the first reason counts. */
  private end(reason: unknown): void {
    if (this.ended !== undefined) return;
    this.ended = reason;
    this.deadlineController?.abort(reason);
    this.decisionController?.abort(reason);
  }

  /** A controller asked for after the scope ended is born aborted, with the reason it ended. */
  private controller(which: 'deadline' | 'decision'): AbortController {
    const existing = which === 'deadline' ? this.deadlineController : this.decisionController;
    if (existing) return existing;
    const controller = new AbortController();
    if (this.ended !== undefined) controller.abort(this.ended);
    if (which === 'deadline') this.deadlineController = controller;
    else this.decisionController = controller;
    return controller;
  }
}

const scopes = new WeakMap<object, DeadlineScope>();

/** Hands a scope to the handler through the object it receives (the decision job, the request). */
export function attachDeadlineScope(carrier: object, scope: DeadlineScope): void {
  scopes.set(carrier, scope);
}

/** The scope `DeadlineInterceptor` opened for this carrier. */
export function deadlineScopeOf(carrier: object): DeadlineScope {
  const scope = scopes.get(carrier);
  if (!scope)
    throw new Error('no deadline scope: is the handler decorated with DeadlineInterceptor?');
  return scope;
}
