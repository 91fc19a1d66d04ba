import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection kept before it
 * runs the next one, in percent of that: V8's own factor is up to 4 on a heap far from its limit.
 *
 * Under load, objects of requests in flight outlive two young-generation collections and are
 * promoted; they are garbage soon after, but stay in the old generation until the next full
 * collection, and the pages they took stay committed until V8's memory reducer runs (only once
 * allocation has been low for a while, 19–43 s after the load stops). With 10,000 held calls
 * (~47 MiB live) the default let RSS reach 325–363 MiB; at 100 % it peaks at 225–257 MiB, for
 * about the same CPU per call (within the run-to-run spread; full collections are marked
 * concurrently and incrementally); 50 % kept it near 210 MiB but cost 7–13 % more CPU per call
 * (docs/performance.md, "Memory"). The old space itself is not capped: an hour of retained
 * ended calls must fit.
 */
export const HEAP_GROWING_PERCENT = 100;

const FLAG_NAMES = ['--heap-growing-percent', '--heap_growing_percent'];

/** The V8 flag to set, or none when the process was started with its own choice. */
export function heapGrowthFlag(execArgv: readonly string[]): string | undefined {
  const chosen = execArgv.some((arg) =>
    FLAG_NAMES.some((name) => arg === name || arg.startsWith(`${name}=`)),
  );
  return chosen ? undefined : `${FLAG_NAMES[0]}=${HEAP_GROWING_PERCENT}`;
}

/**
 * Sets the heap growth of this process (before anything is loaded: the flag is read at every full
 * collection, so setting it at run time takes effect from the next one).
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  const flag = heapGrowthFlag(execArgv);
  if (flag) setFlagsFromString(flag);
}
