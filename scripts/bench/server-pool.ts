import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort, stopChild, waitForReady } from '../child-service';
import { cpuSeconds, rssBytes } from './process-stats';
import { ServiceLog } from './service-log';

export const REPO_ROOT = resolve(__dirname, '../..');

/** Which server answers the calls: the built service, or the bare Node.js baseline. */
export type ServerKind = 'switchboard' | 'bare';

export interface PoolOptions {
  readonly kind: ServerKind;
  readonly instances: number;
  /** Environment of every instance (emulator settings, store, log level). */
  readonly env: Record<string, string>;
  readonly serviceEntry: string;
  readonly cpuProfileDir?: string;
}

/** Node arguments of one instance: the service (maybe profiled), or the bare server. */
function argsOf(options: PoolOptions): string[] {
  if (options.kind === 'bare') return ['--import', 'tsx', 'scripts/bench/bare-server.ts'];
  if (!options.cpuProfileDir) return [options.serviceEntry];
  // The service re-raises SIGTERM once shut down, which would skip the exit-time write of the
  // profile: when profiling, SIGTERM exits at once instead.
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${resolve(options.cpuProfileDir)}`,
    '--import',
    'data:text/javascript,process.on("SIGTERM",()=>process.exit(0))',
    options.serviceEntry,
  ];
}

/** One or more server processes on loopback, each with its own log file. */
export class ServerPool {
  private constructor(
    readonly kind: ServerKind,
    readonly urls: readonly string[],
    private readonly children: readonly ChildProcess[],
    readonly logs: readonly ServiceLog[],
  ) {}

  static async start(options: PoolOptions): Promise<ServerPool> {
    const urls: string[] = [];
    const children: ChildProcess[] = [];
    const logs: ServiceLog[] = [];
    const pool = new ServerPool(options.kind, urls, children, logs);
    try {
      for (let i = 0; i < options.instances; i++) {
        const port = await freePort();
        const log = new ServiceLog();
        const child = spawn(process.execPath, argsOf(options), {
          cwd: REPO_ROOT,
          env: { PATH: process.env.PATH, ...options.env, PORT: String(port), HOST: '127.0.0.1' },
          stdio: ['ignore', log.fd, 'inherit'],
        });
        urls.push(`http://127.0.0.1:${port}`);
        children.push(child);
        logs.push(log);
      }
      await Promise.all(children.map((c, i) => waitForReady(`${urls[i]}/health/ready`, c)));
      return pool;
    } catch (error) {
      await pool.stop();
      throw error;
    }
  }

  get pids(): number[] {
    return this.children.map((child) => child.pid ?? -1);
  }

  /** CPU seconds used by all instances so far. */
  cpuSeconds(): number {
    return this.cpuSecondsEach().reduce((sum, seconds) => sum + seconds, 0);
  }

  /** CPU seconds used by each instance so far. */
  cpuSecondsEach(): number[] {
    return this.pids.map((pid) => cpuSeconds(pid));
  }

  /** Resident memory of each instance, bytes. */
  rssBytes(): number[] {
    return this.pids.map((pid) => rssBytes(pid));
  }

  /**
   * `switchboard_store_round_trips_total` of all instances, by client (`store`, `journal`),
   * from their /metrics.
   */
  async roundTrips(): Promise<Record<string, number>> {
    const totals: Record<string, number> = {};
    for (const url of this.urls) {
      const text = await (await fetch(`${url}/metrics`)).text();
      for (const match of text.matchAll(
        /^switchboard_store_round_trips_total\{client="(\w+)"\} (\d+)/gm,
      )) {
        totals[match[1]] = (totals[match[1]] ?? 0) + Number(match[2]);
      }
    }
    return totals;
  }

  /** Where each log ends now, for `logSince`. */
  logMark(): number[] {
    return this.logs.map((log) => log.size());
  }

  /** Lines and bytes logged by all instances since `mark`. */
  logSince(mark: readonly number[]): { lines: number; bytes: number } {
    let lines = 0;
    let bytes = 0;
    this.logs.forEach((log, i) => {
      const end = log.size();
      lines += log.lines(mark[i], end);
      bytes += end - mark[i];
    });
    return { lines, bytes };
  }

  /** Stops every instance; returns their lines at warn and above. */
  async stop(): Promise<string[]> {
    await Promise.all(this.children.map((child) => stopChild(child)));
    const notable = this.logs.flatMap((log) => log.notable());
    for (const log of this.logs) log.remove();
    return notable;
  }
}
