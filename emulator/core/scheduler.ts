/**
 * The engine's timers (deadlines, establish delays, prompt completions) in one place, so that
 * reset() and close() can cancel every one of them and none fires into a closed engine.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
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

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  close(): void {
    this.stopped = true;
    this.cancelAll();
  }
}
