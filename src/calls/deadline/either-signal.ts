/**
 * A signal that aborts when either of two does, with that one's reason, as
 * `AbortSignal.any([first, second])` would; `release` unhooks it once the work it guards ended.
 *
 * `AbortSignal.any` keeps its sources by weak reference and leaves the clean-up to the garbage
 * collector: on Node 20 that cost about 15 µs per signal made, several times a controller and two
 * listeners, and a decision made two (its rules, its Graph request).
 */
export class EitherSignal {
  private readonly controller = new AbortController();

  constructor(
    private readonly first: AbortSignal,
    private readonly second: AbortSignal,
  ) {
    const aborted = first.aborted ? first : second.aborted ? second : undefined;
    if (aborted) {
      this.controller.abort(aborted.reason);
      return;
    }
    first.addEventListener('abort', this.onAbort, { once: true });
    second.addEventListener('abort', this.onAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  release(): void {
    this.first.removeEventListener('abort', this.onAbort);
    this.second.removeEventListener('abort', this.onAbort);
  }

  private readonly onAbort = (event: Event): void => {
    this.release();
    this.controller.abort((event.target as AbortSignal).reason);
  };
}
