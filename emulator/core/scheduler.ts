/**
 * The engine's timers (deadlines, establish delays, prompt completions) and bounded waits in one
 * place, so that reset() and close() can cancel every one of them: none fires into a closed
 * engine, and none keeps the process alive after it.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Rejecters of the waits in progress (see waitFor). */
  private readonly waits = new Set<(error: Error) => void>();
  private stopped = false;

  /** Once true, timers that were already due do nothing and deliveries are refused. */
  get closed(): boolean {
    return this.stopped;
  }

  schedule(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  unschedule(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  /**
   * `promise`, or a rejection with `message` after `ms`. A reset or close rejects it at once, so
   * that nobody waits for a call the engine has forgotten.
   */
  waitFor<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
    if (this.stopped) return Promise.reject(new Error('emulator closed'));
    let abandon!: (error: Error) => void;
    const stop = new Promise<never>((_, reject) => {
      abandon = reject;
    });
    const timer = this.schedule(ms, () => abandon(new Error(message)));
    this.waits.add(abandon);
    return Promise.race([promise, stop]).finally(() => {
      this.unschedule(timer);
      this.waits.delete(abandon);
    });
  }

  cancelAll(reason = 'emulator reset'): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const abandon of this.waits) abandon(new Error(reason));
    this.waits.clear();
  }

  close(): void {
    this.stopped = true;
    this.cancelAll('emulator closed');
  }
}
