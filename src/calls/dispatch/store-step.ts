import { performance } from 'node:perf_hooks';
import { StoreUnavailableError } from '../../store';

const FIRST_PAUSE_MS = 50;
const MAX_PAUSE_MS = 400;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one store step of a decision (claim, outcome, lease), trying again while the store is
 * unavailable and `untilMono` (`performance.now()` time) has not passed: a Redis restart of a
 * few seconds must not lose a call that still has time. Other errors, and the last failure,
 * propagate.
 */
export async function retryStoreStep<T>(step: () => Promise<T>, untilMono: number): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      const wait = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** retry);
      if (performance.now() + wait >= untilMono) throw error;
      await pause(wait);
    }
  }
}

/** A wall-clock time as the monotonic clock's (records hold wall-clock time: any instance reads them). */
export function monoOf(epochMs: number): number {
  return performance.now() + (epochMs - Date.now());
}
