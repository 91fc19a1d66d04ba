/**
 * `npm run bench -- [flags]` (builds first): the hot path under load, on loopback. The Graph
 * emulator runs in this process and is the load generator; the built service (`node
 * dist/main.js`, or `--service <entry>`) runs in child processes configured for it. Latency is
 * notification sent → answer received, measured at the emulator. docs/performance.md explains
 * the modes and how to read them:
 *
 *   --mode steady (default)  a steady rate; `--compare` adds the bare Node.js server and ratios
 *   --mode ramp              the highest rate held at p99 < 50 ms without a missed deadline
 *   --mode memory            RSS with `--calls` active calls, then under simulated churn
 *   --mode validation        the notification validator alone: compiled against the libraries
 *   --store redis            a private redis-server; Redis commands per call are counted
 *   --instances 2            several service processes behind the one load generator
 *
 * Results: printed, and written to bench/results/ (one JSON per run, git-ignored, and the
 * headline of each mode in summary.json). BENCH_* variables of the first bench still apply.
 */
import { isScenarioName, startEmulator } from '../emulator';
import type { BenchContext } from './bench/context';
import { memoryMode } from './bench/modes/memory';
import { rampMode } from './bench/modes/ramp';
import { steadyMode } from './bench/modes/steady';
import { validationMode } from './bench/modes/validation';
import { type BenchMode, parseBenchOptions } from './bench/options';
import { PrivateRedis } from './bench/private-redis';

const MODES: Record<Exclude<BenchMode, 'validation'>, (context: BenchContext) => Promise<void>> = {
  steady: steadyMode,
  ramp: rampMode,
  memory: memoryMode,
};

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (!isScenarioName(options.scenario)) throw new Error(`unknown scenario ${options.scenario}`);
  if (options.mode === 'validation') return validationMode({ options });
  const emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    keyDir: null,
    log: null,
    // The emulator forgets ended calls past 50,000 by default, and the figures (answered, deadline
    // misses) are read from its calls: a long churn run places more, and would not count them.
    maxCalls: Number.POSITIVE_INFINITY,
  });
  let redis: PrivateRedis | undefined;
  try {
    if (options.store === 'redis') redis = await PrivateRedis.start();
    await MODES[options.mode]({ options, emulator, redis });
  } finally {
    await redis?.stop();
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(2);
});
