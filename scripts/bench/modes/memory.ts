import { type BenchContext, configDirWith, removeConfigDir, startServers } from '../context';
import { MiB } from '../process-stats';
import { saveResults, say } from '../results';
import type { ServerPool } from '../server-pool';
import { measure, round, type RunFigures } from '../server-run';

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
 * RSS once a second for `seconds` after the load stops (index = seconds since). V8 gives memory
 * back late: its memory reducer runs some seconds after a full collection, once allocation is low.
 */
async function rssAfterLoad(pool: ServerPool, seconds: number): Promise<number[]> {
  const samples = [totalRssMiB(pool)];
  for (let i = 1; i <= seconds; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    samples.push(totalRssMiB(pool));
  }
  return samples;
}

/**
 * A deadline missed means the service could not keep up with placement, even with placement
 * held back: the figures then include a backlog of queued notifications.
 */
function warnIfBehind(phase: string, figures: RunFigures): void {
  if (figures.deadlineMisses === 0) return;
  say(
    `${phase}: ${figures.deadlineMisses} deadlines missed (answers after Graph's deadline get 404 ` +
      `"Call not found"): the service fell behind; lower --max-pending or --rate`,
  );
}

const placedRate = (figures: RunFigures): number => round(figures.calls / figures.seconds);

/** Phase 1: `--calls` calls answered and held established. */
async function hold(context: BenchContext): Promise<Record<string, unknown>> {
  const { options, emulator } = context;
  const pool = await startServers(context, 'switchboard');
  try {
    emulator.configure({ botBaseUrl: pool.urls[0] });
    const idleMiB = totalRssMiB(pool);
    const placeSeconds = options.activeCalls / options.rate;
    say(
      `holding ${options.activeCalls} active calls (up to ${options.rate}/s, ` +
        `at most ${options.maxPending} undecided)`,
    );
    const [held, peakMiB] = await peakRssWhile(
      pool,
      measure(emulator, pool, options, {
        rate: options.rate,
        seconds: placeSeconds,
        maxPending: options.maxPending,
      }),
    );
    const afterLoad = await rssAfterLoad(pool, options.settleSeconds);
    const settledMiB = afterLoad[afterLoad.length - 1];
    // What the bench reported before it waited longer: RSS 2 s after the last call.
    const twoSecondsAfterMiB = afterLoad[Math.min(2, afterLoad.length - 1)];
    warnIfBehind('hold', held);
    const perThousand = round(((settledMiB - idleMiB) * 1000) / Math.max(1, held.answered));
    say(
      `active calls: ${held.answered} (placed at ${placedRate(held)}/s, ` +
        `${held.cpuMsPerCall} ms CPU per call); RSS idle ${idleMiB} MiB, ` +
        `peak ${peakMiB} MiB, 2 s after ${twoSecondsAfterMiB} MiB, settled ${settledMiB} MiB ` +
        `${options.settleSeconds} s after (${perThousand} MiB per 1,000 calls)`,
    );
    say(`RSS each second after the last call (MiB): ${afterLoad.join(' ')}`);
    return {
      activeCalls: held.answered,
      deadlineMisses: held.deadlineMisses,
      placedPerSecond: placedRate(held),
      cpuMsPerCall: held.cpuMsPerCall,
      idleMiB,
      peakMiB,
      twoSecondsAfterMiB,
      settleSeconds: options.settleSeconds,
      settledMiB,
      miBPer1000Calls: perThousand,
      rssAfterLoadMiB: afterLoad,
    };
  } finally {
    for (const line of await pool.stop()) say(`[switchboard] ${line}`);
  }
}

/** `notification.dedupeTtlMs` of config/default.yaml. */
const DEFAULT_DEDUPE_TTL_MS = 600_000;

/**
 * Phase 2, on a fresh process: `--calls-per-hour` calls of `--call-minutes`, simulated at speed.
 * Calls are placed at `--rate` and hung up after the call length divided by the speed-up
 * (rate × 3600 / calls-per-hour); the terminated-call retention and the repeat markers' lifetime
 * are divided by it too.
 */
async function churn(context: BenchContext): Promise<Record<string, unknown>> {
  const { options, emulator } = context;
  const speedUp = (options.rate * 3600) / options.callsPerHour;
  const holdMs = (options.callMinutes * 60_000) / speedUp;
  const retentionMs = Math.max(1000, Math.round(3_600_000 / speedUp));
  // Repeat markers are kept for a time too (the default's 10 minutes): scaled like the retention,
  // so that the process holds as many as in a real hour, not the speed-up times as many.
  const dedupeTtlMs = Math.max(1000, Math.round(DEFAULT_DEDUPE_TTL_MS / speedUp));
  const configDir = configDirWith(options.serviceEntry, {
    store: { terminatedRetentionMs: retentionMs },
    notification: { dedupeTtlMs },
  });
  const hangUps = new Set<NodeJS.Timeout>();
  const pool = await startServers(context, 'switchboard', { CONFIG_DIR: configDir });
  try {
    emulator.configure({ botBaseUrl: pool.urls[0] });
    say(
      `churn: ${options.callsPerHour} calls/h of ${options.callMinutes} min at ${speedUp.toFixed(1)}× ` +
        `(${options.rate}/s, hung up after ${(holdMs / 1000).toFixed(1)} s, ` +
        `retention ${retentionMs / 1000} s, repeat markers ${dedupeTtlMs / 1000} s) ` +
        `for ${options.seconds} s`,
    );
    const hangUpLater = (callId: string): void => {
      const timer = setTimeout(() => {
        hangUps.delete(timer);
        try {
          emulator.hangUp(callId);
        } catch {
          // Already ended.
        }
      }, holdMs);
      hangUps.add(timer);
    };
    const [figures, peakMiB] = await peakRssWhile(
      pool,
      measure(emulator, pool, options, {
        rate: options.rate,
        seconds: options.seconds,
        onAnswered: hangUpLater,
        maxPending: options.maxPending,
      }),
    );
    const endMiB = totalRssMiB(pool);
    warnIfBehind('churn', figures);
    // Held-back placement simulates fewer calls an hour than asked: say how many.
    const callsPerHour = Math.round((placedRate(figures) * 3600) / speedUp);
    const steady = figures.seconds >= (holdMs + retentionMs) / 1000;
    say(
      `churn: ${figures.answered} answered (placed at ${placedRate(figures)}/s: ${callsPerHour} calls/h ` +
        `simulated, ${figures.cpuMsPerCall} ms CPU per call), misses ${figures.deadlineMisses}; RSS peak ${peakMiB} MiB, end ${endMiB} MiB` +
        (steady
          ? ' (steady state)'
          : ` (steady state needs --seconds ${Math.ceil((holdMs + retentionMs) / 1000)})`),
    );
    return {
      simulatedMinutes: round((figures.seconds * speedUp) / 60),
      speedUp: round(speedUp),
      placedPerSecond: placedRate(figures),
      cpuMsPerCall: figures.cpuMsPerCall,
      simulatedCallsPerHour: callsPerHour,
      steadyState: steady,
      answered: figures.answered,
      deadlineMisses: figures.deadlineMisses,
      peakMiB,
      endMiB,
    };
  } finally {
    for (const timer of hangUps) clearTimeout(timer);
    for (const line of await pool.stop()) say(`[switchboard] ${line}`);
    removeConfigDir(configDir);
  }
}

/**
 * `--mode memory`: RSS of the service (1) holding `--calls` active calls, (2) under churn of
 * `--calls-per-hour` calls of `--call-minutes` minutes, simulated at speed for `--seconds`.
 * A full simulated hour takes `3600 / speed-up` seconds: pass `--seconds` accordingly.
 */
export async function memoryMode(context: BenchContext): Promise<void> {
  const held = await hold(context);
  const churned = await churn(context);
  say(`results: ${saveResults(context.options, { held, churn: churned }, {})}`);
}
