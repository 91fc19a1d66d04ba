import type { GraphLocalErrorCode } from './graph-request.error';

/**
 * One attempt's cancellation: the caller's signal, or a timer (attempt timeout or deadline).
 * Remembers which fired, so the error can say so.
 */
export class AttemptGuard {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private fired: GraphLocalErrorCode | undefined;

  constructor(
    private readonly caller: AbortSignal | undefined,
    ms: number,
    onTimer: 'timeout' | 'deadlineExceeded',
  ) {
    if (caller?.aborted) this.fire('aborted');
    else caller?.addEventListener('abort', this.onCallerAbort, { once: true });
    if (Number.isFinite(ms)) this.timer = setTimeout(() => this.fire(onTimer), Math.max(0, ms));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get why(): GraphLocalErrorCode | undefined {
    return this.fired;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }

  private readonly onCallerAbort = (): void => this.fire('aborted');

  private fire(code: GraphLocalErrorCode): void {
    this.fired ??= code;
    this.controller.abort(new Error(code));
  }
}
