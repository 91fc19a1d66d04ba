import type { BotAction, Emulator, ScenarioName } from '../../emulator';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface Phase {
  readonly callIds: string[];
  readonly actions: BotAction[];
  readonly statuses: Record<string, number>;
  readonly elapsedMs: number;
}

export interface DriveOptions {
  readonly scenario: ScenarioName;
  readonly rate: number;
  readonly seconds: number;
  /** Where the calls go: round robin over these, as a load balancer without affinity would. */
  readonly botUrls: readonly string[];
  /** Called with each answered call id (the memory mode hangs calls up later). */
  readonly onAnswered?: (callId: string) => void;
  /**
   * Calls placed and not decided yet, at most: placement waits below `rate` while the service
   * lags. Without it, a rate the service cannot carry queues notifications until Graph's deadline
   * passes (answers then get 404), and memory measures that backlog, not the calls held.
   */
  readonly maxPending?: number;
}

/**
 * Places `rate` calls a second for `seconds`, then waits for every decision. With several bot
 * URLs, the emulator is pointed at the next one before each call; the state notifications that
 * follow go to whichever is current then, so that every instance sees calls it did not answer.
 */
export async function drive(emulator: Emulator, options: DriveOptions): Promise<Phase> {
  const { rate, seconds, botUrls } = options;
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const started = performance.now();
  const statuses: Record<string, number> = {};
  const calls: Array<Promise<BotAction | undefined>> = [];
  const callIds: string[] = [];
  const count = (key: string): void => void (statuses[key] = (statuses[key] ?? 0) + 1);
  const maxPending = options.maxPending ?? Infinity;
  let pending = 0;
  let shift = 0;
  for (let i = 0; i < total; i++) {
    if (pending >= maxPending) {
      const from = performance.now();
      while (pending >= maxPending) await sleep(5);
      // The schedule moves by the time spent waiting, so placement does not burst to catch up.
      shift += performance.now() - from;
    }
    const wait = started + shift + i * interval - performance.now();
    if (wait > 1) await sleep(wait);
    pending += 1;
    if (botUrls.length > 1) emulator.configure({ botBaseUrl: botUrls[i % botUrls.length] });
    calls.push(
      emulator
        .placeCall(options.scenario)
        .then(
          async (placed) => {
            callIds.push(placed.callId);
            count(placed.status === 0 ? 'no response' : String(placed.status));
            const action = await emulator.waitForAction(placed.callId, 20_000);
            if (action.accepted && action.kind === 'answer') options.onAnswered?.(placed.callId);
            return action;
          },
          (error: Error) => {
            count(`error: ${error.message.slice(0, 80)}`);
            return undefined;
          },
        )
        .finally(() => (pending -= 1)),
    );
  }
  const elapsedMs = performance.now() - started;
  const actions = (await Promise.all(calls)).filter((a): a is BotAction => a !== undefined);
  return { callIds, actions, statuses, elapsedMs };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Notification sent → answer received, as the emulator measured it, over the accepted actions. */
export function latencyOf(phase: Phase): Latency {
  const sorted = phase.actions
    .filter((a) => a.accepted && a.latencyMs !== null)
    .map((a) => a.latencyMs as number)
    .sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}
