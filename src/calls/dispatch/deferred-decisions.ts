import { Injectable } from '@nestjs/common';

/**
 * Deferred calls waiting on this instance. When the operator's decision arrives here, the waiting
 * automatic decision stops at once; when it arrives at another instance, the waiter runs out its
 * budget and finds the call already decided (the store's claim), so nothing is sent twice.
 */
@Injectable()
export class DeferredDecisions {
  private readonly waiting = new Map<string, () => void>();

  /** Resolves when `release(callId)` is called; rejects when `signal` aborts. */
  wait(callId: string, signal: AbortSignal): Promise<void> {
    const key = callId.toLowerCase();
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.waiting.delete(key);
      };
      const onAbort = (): void => {
        done();
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(key, () => {
        done();
        resolve();
      });
    });
  }

  release(callId: string): void {
    this.waiting.get(callId.toLowerCase())?.();
  }
}
