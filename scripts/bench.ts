/**
 * `npm run bench` (builds first): the hot path under load. The Graph emulator runs in this
 * process, the built service (`node dist/main.js`) in a child process configured for it, and the
 * emulator places incoming calls at a steady rate, measuring notification sent → answer received.
 *
 * Environment: BENCH_RATE (calls/s, 200), BENCH_SECONDS (15), BENCH_WARMUP_SECONDS (3),
 * BENCH_SCENARIO (p2p-service-hosted), BENCH_P99_TARGET_MS (15), BENCH_LOG_LEVEL (the service's
 * LOG_LEVEL: `info`, the default users run; its lines go to a temporary file, are counted, and
 * those at warn and above are shown at the end), BENCH_CPU_PROFILE_DIR
 * (the service writes a `.cpuprofile` there). Bounded (at most 60 s, 1000/s)
 * and loopback only. Exits 1 when a call missed its deadline or p99 is over the target.
 */
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type BotAction,
  type Emulator,
  isScenarioName,
  type ScenarioName,
  startEmulator,
} from '../emulator';
import { freePort, stopChild, waitForReady } from './child-service';

const REPO_ROOT = resolve(__dirname, '..');

function intEnv(name: string, fallback: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > max) {
    throw new Error(`${name} must be an integer from 1 to ${max}`);
  }
  return value;
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Phase {
  callIds: string[];
  actions: BotAction[];
  statuses: Record<string, number>;
  elapsedMs: number;
}

/** Places `rate` calls a second for `seconds`, then waits for every decision. */
async function drive(
  emulator: Emulator,
  scenario: ScenarioName,
  rate: number,
  seconds: number,
): Promise<Phase> {
  const total = rate * seconds;
  const interval = 1000 / rate;
  const started = performance.now();
  const statuses: Record<string, number> = {};
  const calls: Array<Promise<BotAction | undefined>> = [];
  const callIds: string[] = [];
  for (let i = 0; i < total; i++) {
    const wait = started + i * interval - performance.now();
    if (wait > 1) await sleep(wait);
    calls.push(
      emulator.placeCall(scenario).then(
        (placed) => {
          callIds.push(placed.callId);
          const status = placed.status === 0 ? 'no response' : String(placed.status);
          statuses[status] = (statuses[status] ?? 0) + 1;
          return emulator.waitForAction(placed.callId, 20_000);
        },
        (error: Error) => {
          const key = `error: ${error.message.slice(0, 80)}`;
          statuses[key] = (statuses[key] ?? 0) + 1;
          return undefined;
        },
      ),
    );
  }
  const elapsedMs = performance.now() - started;
  const actions = (await Promise.all(calls)).filter((a): a is BotAction => a !== undefined);
  return { callIds, actions, statuses, elapsedMs };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Service log levels BENCH_LOG_LEVEL accepts (those of LOG_LEVEL). */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The service's log lines: a file, as a log collector's disk would take them, rather than a pipe
 * this process drains (the emulator shares this event loop, and a pipe it is slow to read blocks
 * the service's synchronous writes). Lines at warn and above are shown once the run is over.
 */
class ServiceLog {
  private readonly dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  readonly path = join(this.dir, 'service.log');
  readonly fd = openSync(this.path, 'w');

  /** Bytes written so far. */
  size(): number {
    return fstatSync(this.fd).size;
  }

  /** Lines in `[from, to)` (byte offsets). */
  lines(from: number, to: number): number {
    const text = readFileSync(this.path).subarray(from, to).toString('utf8');
    return text.split('\n').length - 1;
  }

  /** The first lines at warn or above (pino levels 40, 50, 60), or not JSON. */
  notable(max = 20): string[] {
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !/"level":(?:10|20|30),/.test(line))
      .slice(0, max);
  }

  remove(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const rate = intEnv('BENCH_RATE', 200, 1000);
  const seconds = intEnv('BENCH_SECONDS', 15, 60);
  const warmup = intEnv('BENCH_WARMUP_SECONDS', 3, 30);
  const target = intEnv('BENCH_P99_TARGET_MS', 15, 15_000);
  const scenario = process.env.BENCH_SCENARIO ?? 'p2p-service-hosted';
  if (!isScenarioName(scenario)) throw new Error(`unknown BENCH_SCENARIO ${scenario}`);
  const logLevel = process.env.BENCH_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new Error(`BENCH_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }

  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', keyDir: null, log: null });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  // The service re-raises SIGTERM once shut down, which would skip the exit-time write of the
  // profile: when profiling, SIGTERM exits at once instead.
  const nodeArgs = profileDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${resolve(profileDir)}`,
        '--import',
        'data:text/javascript,process.on("SIGTERM",()=>process.exit(0))',
      ]
    : [];
  const serviceLog = new ServiceLog();
  const child = spawn(process.execPath, [...nodeArgs, 'dist/main.js'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      ...emulator.serviceEnv(),
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: logLevel,
    },
    stdio: ['ignore', serviceLog.fd, 'inherit'],
  });
  try {
    await waitForReady(`${baseUrl}/health/ready`, child);
    emulator.configure({ botBaseUrl: baseUrl });
    say(`service ${baseUrl} (pid ${child.pid}), emulator ${emulator.url}`);

    say(`warm-up: ${warmup} s at ${Math.ceil(rate / 2)} calls/s`);
    await drive(emulator, scenario, Math.ceil(rate / 2), warmup);

    say(`measuring: ${seconds} s at ${rate} calls/s (${scenario}, LOG_LEVEL=${logLevel})`);
    const cpuBefore = cpuSeconds(child.pid);
    const logBefore = serviceLog.size();
    const phase = await drive(emulator, scenario, rate, seconds);
    const serviceCpuMs = (cpuSeconds(child.pid) - cpuBefore) * 1000;
    const logAfter = serviceLog.size();
    const logLines = serviceLog.lines(logBefore, logAfter);
    const logBytes = logAfter - logBefore;
    const stats = emulator.stats(phase.callIds);
    const latencies = phase.actions
      .filter((a) => a.accepted && a.latencyMs !== null)
      .map((a) => a.latencyMs as number)
      .sort((a, b) => a - b);
    const p99 = percentile(latencies, 99);
    const rows: Array<[string, string]> = [
      ['calls placed', `${phase.callIds.length} in ${(phase.elapsedMs / 1000).toFixed(1)} s`],
      ['webhook responses', JSON.stringify(phase.statuses)],
      ['answered', String(stats.answered)],
      ['rejected / redirected', `${stats.rejected} / ${stats.redirected}`],
      ['deadline misses', String(stats.deadlineMisses)],
      ['no decision', String(stats.pending)],
      ['latency p50', `${percentile(latencies, 50).toFixed(2)} ms`],
      ['latency p95', `${percentile(latencies, 95).toFixed(2)} ms`],
      ['latency p99', `${p99.toFixed(2)} ms (target ≤ ${target} ms)`],
      ['latency max', `${latencies[latencies.length - 1]?.toFixed(2) ?? '-'} ms`],
      [
        'service CPU',
        `${(serviceCpuMs / phase.callIds.length).toFixed(2)} ms per call (incoming + 2 state notifications), ` +
          `${((100 * serviceCpuMs) / phase.elapsedMs).toFixed(0)}% of one core`,
      ],
      [
        'service log',
        `LOG_LEVEL=${logLevel}: ${(logLines / phase.callIds.length).toFixed(2)} lines, ` +
          `${Math.round(logBytes / phase.callIds.length)} bytes per call`,
      ],
      [
        'machine load',
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} (2 cores)`,
      ],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    say('-'.repeat(60));
    for (const [key, value] of rows) say(`${key.padEnd(width)}  ${value}`);
    say('-'.repeat(60));
    say('latency: incoming notification sent → answer received, measured at the emulator');
    if (stats.deadlineMisses > 0 || !(p99 <= target)) process.exitCode = 1;
  } finally {
    await stopChild(child);
    await emulator.close();
    for (const line of serviceLog.notable()) say(`[service] ${line}`);
    serviceLog.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(2);
});
