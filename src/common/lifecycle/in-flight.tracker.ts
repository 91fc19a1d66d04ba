import { Injectable } from '@nestjs/common';

/**
 * Work that outlives its HTTP request (an answer being sent after the 202), so that a graceful
 * shutdown can wait for it instead of cutting a call off mid-answer.
 */
@Injectable()
export class InFlightTracker {
  private readonly pending = new Set<Promise<unknown>>();

  get size(): number {
    return this.pending.size;
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = (): void => {
      this.pending.delete(work);
    };
    work.then(forget, forget);
    return work;
  }

  /** Resolves when everything tracked has settled, or after `timeoutMs`, whichever is first. */
  async idle(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const drained = (async (): Promise<true> => {
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
      return true;
    })();
    try {
      return await Promise.race([drained, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
