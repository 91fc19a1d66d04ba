/**
 * What `npm run bench -- [flags]` was asked: flags first, then the BENCH_* variables the first
 * version of the bench read, then defaults sized for a run of about half a minute per mode.
 */
export type BenchMode = 'steady' | 'ramp' | 'memory' | 'validation';
export type StoreDriver = 'memory' | 'redis';

export interface BenchOptions {
  readonly mode: BenchMode;
  /** Also run the bare Node.js server through the same load, in the same run. */
  readonly compare: boolean;
  readonly store: StoreDriver;
  readonly instances: number;
  /** calls/s of the steady mode, start rate of the ramp, placement rate of the memory mode. */
  readonly rate: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly scenario: string;
  readonly p99TargetMs: number;
  readonly logLevel: string;
  /** Entry point of the service under test (another build, for before/after). */
  readonly serviceEntry: string;
  readonly cpuProfileDir?: string;
  /** NODE_OPTIONS of the service processes (e.g. heap sizes, to compare with the defaults). */
  readonly nodeOptions?: string;
  /** Ramp: the p99 that ends it, the time per step, the factor between steps, the top rate. */
  readonly rampP99Ms: number;
  readonly rampStepSeconds: number;
  readonly rampFactor: number;
  readonly rampMaxRate: number;
  /** Memory: active calls held, then the churn (calls an hour, 5-minute calls) simulated. */
  readonly activeCalls: number;
  readonly callsPerHour: number;
  readonly callMinutes: number;
  /** Memory: calls placed and not decided yet, at most (placement waits for the service). */
  readonly maxPending: number;
  /** Memory: how long RSS is sampled after the last held call is answered (V8 shrinks late). */
  readonly settleSeconds: number;
  readonly resultsDir: string;
}

/** Calls/s: the 200/s, a ramp's first step, the pace of filling memory. */
const DEFAULT_RATES: Record<BenchMode, number> = {
  steady: 200,
  ramp: 100,
  memory: 500,
  validation: 1,
};

const isMode = (mode: string): mode is BenchMode => Object.hasOwn(DEFAULT_RATES, mode);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function flagsOf(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    // Split at the first '=' only: a value may hold one (--node-options=--max-old-space-size=128).
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    const next = argv[i + 1];
    if (inline !== undefined) flags.set(name, inline);
    else if (next !== undefined && !next.startsWith('--')) flags.set(name, argv[++i]);
    else flags.set(name, 'true');
  }
  return flags;
}

export function parseBenchOptions(argv: readonly string[], env = process.env): BenchOptions {
  const flags = flagsOf(argv);
  const text = (flag: string, variable: string | null, fallback: string): string =>
    flags.get(flag) ?? (variable ? env[variable] : undefined) ?? fallback;
  const number = (flag: string, variable: string | null, fallback: number, max: number) => {
    const value = Number(text(flag, variable, String(fallback)));
    if (!Number.isFinite(value) || value <= 0 || value > max) {
      throw new Error(`--${flag} must be a number above 0 and at most ${max}`);
    }
    return value;
  };
  const mode = text('mode', 'BENCH_MODE', 'steady');
  if (!isMode(mode))
    throw new Error(`--mode must be one of ${Object.keys(DEFAULT_RATES).join(', ')}`);
  const store = text('store', 'BENCH_STORE', 'memory');
  if (store !== 'memory' && store !== 'redis') throw new Error('--store must be memory or redis');
  const logLevel = text('log-level', 'BENCH_LOG_LEVEL', 'info');
  if (!LOG_LEVELS.includes(logLevel))
    throw new Error(`--log-level: one of ${LOG_LEVELS.join(', ')}`);
  return {
    mode,
    compare: flags.has('compare'),
    store,
    instances: Math.round(number('instances', 'BENCH_INSTANCES', 1, 4)),
    rate: Math.round(number('rate', 'BENCH_RATE', DEFAULT_RATES[mode], 2000)),
    // Up to an hour: the memory mode's churn needs `3600 / speed-up` s for a full simulated hour.
    seconds: Math.round(number('seconds', 'BENCH_SECONDS', 15, 3600)),
    warmupSeconds: Math.round(number('warmup', 'BENCH_WARMUP_SECONDS', 3, 30)),
    scenario: text('scenario', 'BENCH_SCENARIO', 'p2p-service-hosted'),
    p99TargetMs: number('p99-target', 'BENCH_P99_TARGET_MS', 15, 15_000),
    logLevel,
    serviceEntry: text('service', 'BENCH_SERVICE', 'dist/main.js'),
    cpuProfileDir: flags.get('cpu-prof') ?? env.BENCH_CPU_PROFILE_DIR,
    nodeOptions: flags.get('node-options'),
    rampP99Ms: number('ramp-p99', null, 50, 15_000),
    rampStepSeconds: Math.round(number('step-seconds', null, 3, 60)),
    rampFactor: number('factor', null, 1.4, 4),
    rampMaxRate: Math.round(number('max-rate', null, 2000, 5000)),
    activeCalls: Math.round(number('calls', null, 10_000, 100_000)),
    callsPerHour: Math.round(number('calls-per-hour', null, 100_000, 1_000_000)),
    callMinutes: number('call-minutes', null, 5, 60),
    maxPending: Math.round(number('max-pending', null, 100, 100_000)),
    settleSeconds: Math.max(2, Math.round(number('settle-seconds', null, 60, 600))),
    resultsDir: text('results', 'BENCH_RESULTS_DIR', 'bench/results'),
  };
}
