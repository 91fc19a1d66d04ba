import { type BenchContext, configDirWith, removeConfigDir, startServers } from '../context';
import { MiB } from '../process-stats';
import { saveResults, say } from '../results';
import type { ServerPool } from '../server-pool';
import { measure, round } from '../server-run';

/** Highest total RSS of the pool seen while `work` runs, sampled every 250 ms. */
async function peakRssWhile<T>(pool: ServerPool, work: Promise<T>): Promise<[T, number]> {
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(
      peak,
      pool.rssBytes().reduce((a, b) => a + b, 0),
    );
  };
  const timer = setInterval(sample, 250);
  try {
    const result = await work;
    sample();
    return [result, round(peak / MiB)];
  } finally {
    clearInterval(timer);
  }
}

const totalRssMiB = (pool: ServerPool): number =>
  round(pool.rssBytes().reduce((a, b) => a + b, 0) / MiB);

/**
 * `--mode memory`: (1) `--calls` calls answered and held established, RSS reported (peak while
 * placing, and settled); (2) churn: `--calls-per-hour` calls of `--call-minutes` minutes,
 * simulated at speed: calls are placed at `--rate` and hung up after the call length divided by
 * the speed-up (rate × 3600 / calls-per-hour); the service's terminated-call retention is scaled
 * by the same factor, so `--seconds` of churn stand for `seconds × speed-up` of real time.
 */
export async function memoryMode(context: BenchContext): Promise<void> {
  const { options, emulator } = context;
  const speedUp = (options.rate * 3600) / options.callsPerHour;
  const holdMs = (options.callMinutes * 60_000) / speedUp;
  const retentionMs = Math.max(1000, Math.round(3_600_000 / speedUp));
  const configDir = configDirWith({ store: { terminatedRetentionMs: retentionMs } });
  const pool = await startServers(context, 'switchboard', { CONFIG_DIR: configDir });
  const hangUps = new Set<NodeJS.Timeout>();
  try {
    emulator.configure({ botBaseUrl: pool.urls[0] });
    const idleMiB = totalRssMiB(pool);
    const placeSeconds = options.activeCalls / options.rate;
    say(
      `holding ${options.activeCalls} active calls (${options.rate}/s, ${placeSeconds.toFixed(0)} s)`,
    );
    const [held, holdPeakMiB] = await peakRssWhile(
      pool,
      measure(emulator, pool, options, { rate: options.rate, seconds: placeSeconds }),
    );
    await new Promise((r) => setTimeout(r, 2000));
    const heldMiB = totalRssMiB(pool);
    say(
      `active calls: ${held.answered}; RSS idle ${idleMiB} MiB, peak ${holdPeakMiB} MiB, settled ${heldMiB} MiB`,
    );
    for (const callId of emulator.listCalls().map((c) => c.id)) {
      try {
        emulator.hangUp(callId);
      } catch {
        // Already ended.
      }
    }

    say(
      `churn: ${options.callsPerHour} calls/h of ${options.callMinutes} min at ${speedUp.toFixed(1)}× ` +
        `(${options.rate}/s, hung up after ${(holdMs / 1000).toFixed(1)} s, retention ${retentionMs / 1000} s) for ${options.seconds} s`,
    );
    const [churn, churnPeakMiB] = await peakRssWhile(
      pool,
      measure(emulator, pool, options, {
        rate: options.rate,
        seconds: options.seconds,
        onAnswered: (callId) => {
          const timer = setTimeout(() => {
            hangUps.delete(timer);
            try {
              emulator.hangUp(callId);
            } catch {
              // Already ended.
            }
          }, holdMs);
          hangUps.add(timer);
        },
      }),
    );
    const churnEndMiB = totalRssMiB(pool);
    say(
      `churn: ${churn.answered} answered, misses ${churn.deadlineMisses}; RSS peak ${churnPeakMiB} MiB, end ${churnEndMiB} MiB`,
    );
    const summary = {
      activeCalls: held.answered,
      rssIdleMiB: idleMiB,
      rssHeldPeakMiB: holdPeakMiB,
      rssHeldMiB: heldMiB,
      churnSimulatedMinutes: round((options.seconds * speedUp) / 60),
      rssChurnPeakMiB: churnPeakMiB,
      rssChurnEndMiB: churnEndMiB,
      deadlineMisses: held.deadlineMisses + churn.deadlineMisses,
    };
    say(`results: ${saveResults(options, summary, { held, churn, speedUp, holdMs, retentionMs })}`);
  } finally {
    for (const timer of hangUps) clearTimeout(timer);
    for (const line of await pool.stop()) say(`[switchboard] ${line}`);
    removeConfigDir(configDir);
  }
}
