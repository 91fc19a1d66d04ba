import type { Emulator, ScenarioName } from '../../emulator';
import type { BenchOptions } from './options';
import { commandDeltas, type PrivateRedis } from './private-redis';
import { cpuSeconds, machineTicks, MiB } from './process-stats';
import { drive, type DriveOptions, type Latency, latencyOf, type Phase } from './load';
import type { ServerPool } from './server-pool';

/** What one measured phase of one server kind gave. */
export interface RunFigures {
  readonly server: string;
  readonly instances: number;
  readonly rate: number;
  readonly calls: number;
  readonly seconds: number;
  readonly webhookResponses: Record<string, number>;
  readonly answered: number;
  readonly deadlineMisses: number;
  readonly noDecision: number;
  readonly latencyMs: Latency;
  /** Service CPU (all instances) per placed call: incoming + state notifications + Graph POST. */
  readonly cpuMsPerCall: number;
  readonly cpuShareOfOneCore: number;
  /** The same per instance, to see whether the load was shared evenly. */
  readonly cpuMsPerCallByInstance: number[];
  /**
   * Who else spent CPU on each call: this process (the load generator and the Graph emulator),
   * the bench's redis-server, and the whole machine's busy share of all its cores (other
   * processes included): what bounds a rate on a machine shared with its load generator.
   */
  readonly loadGeneratorCpuMsPerCall: number;
  readonly redisCpuMsPerCall?: number;
  readonly machineBusyShare: number;
  readonly logLinesPerCall: number;
  readonly logBytesPerCall: number;
  readonly rssMiB: number[];
  /**
   * Redis commands per call (INFO commandstats deltas), by command and in all; round trips per
   * call (the services' `switchboard_store_round_trips_total` deltas), by client and in all.
   */
  readonly redis?: {
    readonly perCall: number;
    readonly byCommand: Record<string, number>;
    readonly roundTripsPerCall: number;
    readonly roundTripsByClient: Record<string, number>;
  };
}

export interface MeasureOptions {
  readonly rate: number;
  readonly seconds: number;
  readonly redis?: PrivateRedis;
  readonly onAnswered?: DriveOptions['onAnswered'];
  readonly maxPending?: DriveOptions['maxPending'];
}

/** Drives one phase at `rate` against `pool` and measures it. */
export async function measure(
  emulator: Emulator,
  pool: ServerPool,
  bench: BenchOptions,
  options: MeasureOptions,
): Promise<RunFigures> {
  const cpuBefore = pool.cpuSecondsEach();
  const generatorBefore = process.cpuUsage();
  const redisCpuBefore = cpuSeconds(options.redis?.pid);
  const machineBefore = machineTicks();
  const logMark = pool.logMark();
  const redisBefore = await options.redis?.commandCounts();
  const tripsBefore = options.redis ? await pool.roundTrips() : undefined;
  const phase: Phase = await drive(emulator, {
    scenario: bench.scenario as ScenarioName,
    rate: options.rate,
    seconds: options.seconds,
    botUrls: pool.urls,
    onAnswered: options.onAnswered,
    maxPending: options.maxPending,
  });
  const cpuMsEach = pool.cpuSecondsEach().map((seconds, i) => (seconds - cpuBefore[i]) * 1000);
  const cpuMs = cpuMsEach.reduce((a, b) => a + b, 0);
  const generator = process.cpuUsage(generatorBefore);
  const redisCpuMs = (cpuSeconds(options.redis?.pid) - redisCpuBefore) * 1000;
  const machineAfter = machineTicks();
  const logged = pool.logSince(logMark);
  const stats = emulator.stats(phase.callIds);
  const calls = Math.max(1, phase.callIds.length);
  let redis: RunFigures['redis'];
  if (options.redis && redisBefore && tripsBefore) {
    const byCommand = commandDeltas(redisBefore, await options.redis.commandCounts());
    const byClient = commandDeltas(tripsBefore, await pool.roundTrips());
    redis = {
      perCall: perCall(byCommand, calls).total,
      byCommand: perCall(byCommand, calls).each,
      roundTripsPerCall: perCall(byClient, calls).total,
      roundTripsByClient: perCall(byClient, calls).each,
    };
  }
  return {
    server: pool.kind,
    instances: pool.urls.length,
    rate: options.rate,
    calls: phase.callIds.length,
    seconds: round(phase.elapsedMs / 1000),
    webhookResponses: phase.statuses,
    answered: stats.answered,
    deadlineMisses: stats.deadlineMisses,
    noDecision: stats.pending,
    latencyMs: mapValues(latencyOf(phase), round),
    cpuMsPerCall: round(cpuMs / calls),
    cpuShareOfOneCore: round(cpuMs / phase.elapsedMs),
    cpuMsPerCallByInstance: cpuMsEach.map((ms) => round(ms / calls)),
    loadGeneratorCpuMsPerCall: round((generator.user + generator.system) / 1000 / calls),
    redisCpuMsPerCall: options.redis ? round(redisCpuMs / calls) : undefined,
    machineBusyShare: round(
      (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
    ),
    logLinesPerCall: round(logged.lines / calls),
    logBytesPerCall: Math.round(logged.bytes / calls),
    rssMiB: pool.rssBytes().map((bytes) => round(bytes / MiB)),
    redis,
  };
}

/** Counts divided by the calls placed, each and in all. */
function perCall(
  counts: Record<string, number>,
  calls: number,
): { total: number; each: Record<string, number> } {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const each = Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, round(n / calls)]));
  return { total: round(total / calls), each };
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function mapValues<T extends object>(object: T, f: (value: number) => number): T {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, f(v as number)])) as T;
}
