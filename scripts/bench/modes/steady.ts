import type { BenchContext } from '../context';
import { printRun, ratio, saveResults, say } from '../results';
import type { ServerKind } from '../server-pool';
import { measure, type RunFigures } from '../server-run';
import { startServers } from '../context';

/** One server kind: warm-up at half the rate, then the measured phase. */
async function steadyRun(context: BenchContext, kind: ServerKind): Promise<RunFigures> {
  const { options, emulator, redis } = context;
  const pool = await startServers(context, kind);
  let notable: string[] = [];
  try {
    emulator.configure({ botBaseUrl: pool.urls[0] });
    say(`${kind}: ${pool.urls.join(', ')}; warm-up ${options.warmupSeconds} s`);
    await measure(emulator, pool, options, {
      rate: Math.ceil(options.rate / 2),
      seconds: options.warmupSeconds,
    });
    say(`${kind}: measuring ${options.seconds} s at ${options.rate} calls/s`);
    return await measure(emulator, pool, options, {
      rate: options.rate,
      seconds: options.seconds,
      redis: kind === 'switchboard' ? redis : undefined,
    });
  } finally {
    notable = await pool.stop();
    for (const line of notable) say(`[${kind}] ${line}`);
  }
}

/**
 * `--mode steady` (the default): a steady rate against the service, then (`--compare`) against
 * the bare server, and their ratios. Fails (exit 1) on a missed deadline or a p99 over target.
 */
export async function steadyMode(context: BenchContext): Promise<void> {
  const { options } = context;
  const service = await steadyRun(context, 'switchboard');
  printRun(service);
  const summary: Record<string, unknown> = {
    p99Ms: service.latencyMs.p99,
    cpuMsPerCall: service.cpuMsPerCall,
    deadlineMisses: service.deadlineMisses,
    redisCommandsPerCall: service.redis?.perCall,
    redisRoundTripsPerCall: service.redis?.roundTripsPerCall,
  };
  const details: Record<string, unknown> = { service };
  if (options.compare) {
    const bare = await steadyRun(context, 'bare');
    printRun(bare);
    const ratios = {
      p99: ratio(service.latencyMs.p99, bare.latencyMs.p99),
      p50: ratio(service.latencyMs.p50, bare.latencyMs.p50),
      cpuPerCall: ratio(service.cpuMsPerCall, bare.cpuMsPerCall),
    };
    say('-'.repeat(60));
    say(
      `ratios service / bare: p99 ${ratios.p99}×, p50 ${ratios.p50}×, CPU per call ${ratios.cpuPerCall}×`,
    );
    Object.assign(summary, { ratios, bareDeadlineMisses: bare.deadlineMisses });
    details.bare = bare;
  }
  say('latency: incoming notification sent → answer received, measured at the emulator');
  say(`results: ${saveResults(options, summary, details)}`);
  if (service.deadlineMisses > 0 || !(service.latencyMs.p99 <= options.p99TargetMs)) {
    process.exitCode = 1;
  }
}
