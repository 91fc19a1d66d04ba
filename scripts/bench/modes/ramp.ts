import { type BenchContext, startServers } from '../context';
import { ratio, saveResults, say } from '../results';
import type { ServerKind } from '../server-pool';
import { measure, round, type RunFigures } from '../server-run';

interface RampResult {
  readonly server: ServerKind;
  readonly instances: number;
  /** The highest rate whose step passed: no miss, every call decided, p99 under the bound. */
  readonly sustainedRate: number;
  readonly stoppedBecause: string;
  readonly steps: RunFigures[];
}

function failure(step: RunFigures, p99Bound: number): string | undefined {
  if (step.deadlineMisses > 0) return `${step.deadlineMisses} deadline misses at ${step.rate}/s`;
  if (step.noDecision > 0 || step.answered < step.calls) {
    return `${step.calls - step.answered} calls not answered at ${step.rate}/s`;
  }
  if (!(step.latencyMs.p99 < p99Bound)) return `p99 ${step.latencyMs.p99} ms at ${step.rate}/s`;
  return undefined;
}

/**
 * Cores each party used in a step (CPU per call × calls/s): whether the instances, the load
 * generator (with the emulator) or Redis ran out, or the machine itself was full.
 */
function whereTheCpuWent(step: RunFigures | undefined): Record<string, unknown> | undefined {
  if (!step) return undefined;
  const cores = (msPerCall: number): number =>
    round((msPerCall * step.calls) / step.seconds / 1000);
  return {
    rate: step.rate,
    instances: step.cpuMsPerCallByInstance.map(cores),
    loadGenerator: cores(step.loadGeneratorCpuMsPerCall),
    redis: step.redisCpuMsPerCall !== undefined ? cores(step.redisCpuMsPerCall) : undefined,
    machineBusyShare: step.machineBusyShare,
  };
}

async function ramp(context: BenchContext, kind: ServerKind): Promise<RampResult> {
  const { options, emulator } = context;
  const pool = await startServers(context, kind);
  const steps: RunFigures[] = [];
  let sustainedRate = 0;
  let stoppedBecause = `reached --max-rate ${options.rampMaxRate}/s`;
  try {
    emulator.configure({ botBaseUrl: pool.urls[0] });
    await measure(emulator, pool, options, { rate: options.rate, seconds: options.warmupSeconds });
    for (
      let rate = options.rate;
      rate <= options.rampMaxRate;
      rate = Math.round(rate * options.rampFactor)
    ) {
      const step = await measure(emulator, pool, options, {
        rate,
        seconds: options.rampStepSeconds,
        redis: kind === 'switchboard' ? context.redis : undefined,
      });
      steps.push(step);
      say(
        `${kind} × ${pool.urls.length} at ${rate}/s: p99 ${step.latencyMs.p99} ms, ` +
          `CPU ${step.cpuMsPerCall} ms/call (${step.cpuMsPerCallByInstance.join(' + ')}), ` +
          `generator ${step.loadGeneratorCpuMsPerCall} ms/call` +
          (step.redisCpuMsPerCall !== undefined
            ? `, redis ${step.redisCpuMsPerCall} ms/call`
            : '') +
          `, machine ${Math.round(step.machineBusyShare * 100)}% busy, misses ${step.deadlineMisses}`,
      );
      const failed = failure(step, options.rampP99Ms);
      if (failed) {
        stoppedBecause = failed;
        break;
      }
      sustainedRate = rate;
    }
  } finally {
    for (const line of await pool.stop()) say(`[${kind}] ${line}`);
  }
  return { server: kind, instances: pool.urls.length, sustainedRate, stoppedBecause, steps };
}

/**
 * `--mode ramp`: raises the rate by `--factor` every `--step-seconds` from `--rate` until p99
 * passes `--ramp-p99` ms, a deadline is missed or a call goes unanswered; reports the last rate
 * that held. `--instances 2` ramps two service processes behind the one load generator.
 */
export async function rampMode(context: BenchContext): Promise<void> {
  const { options } = context;
  const service = await ramp(context, 'switchboard');
  say(`sustained: ${service.sustainedRate} calls/s (stopped: ${service.stoppedBecause})`);
  const bound = whereTheCpuWent(service.steps[service.steps.length - 1]);
  if (bound) say(`at the last step, CPU in cores: ${JSON.stringify(bound)}`);
  const summary: Record<string, unknown> = {
    sustainedRate: service.sustainedRate,
    stoppedBecause: service.stoppedBecause,
    lastStepCores: bound,
  };
  const details: Record<string, unknown> = { service };
  if (options.compare) {
    const bare = await ramp(context, 'bare');
    say(`bare sustained: ${bare.sustainedRate} calls/s (stopped: ${bare.stoppedBecause})`);
    summary.bareSustainedRate = bare.sustainedRate;
    summary.ratio = ratio(service.sustainedRate, bare.sustainedRate);
    details.bare = bare;
  }
  say(
    "note: the load generator shares the machine; a bare rate near --max-rate is its limit, not the server's",
  );
  say(`results: ${saveResults(options, summary, details)}`);
}
