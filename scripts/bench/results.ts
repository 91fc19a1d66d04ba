import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchOptions } from './options';
import type { RunFigures } from './server-run';
import { REPO_ROOT } from './server-pool';

export const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** The figures of one phase as the lines the bench prints. */
export function printRun(figures: RunFigures): void {
  const rows: Array<[string, string]> = [
    ['server', `${figures.server} × ${figures.instances}`],
    ['calls placed', `${figures.calls} in ${figures.seconds} s (${figures.rate}/s)`],
    ['webhook responses', JSON.stringify(figures.webhookResponses)],
    ['answered', String(figures.answered)],
    ['deadline misses', String(figures.deadlineMisses)],
    ['no decision', String(figures.noDecision)],
    [
      'latency p50/p95/p99/max',
      `${figures.latencyMs.p50} / ${figures.latencyMs.p95} / ${figures.latencyMs.p99} / ${figures.latencyMs.max} ms`,
    ],
    [
      'CPU per call',
      `${figures.cpuMsPerCall} ms (${Math.round(figures.cpuShareOfOneCore * 100)}% of one core)`,
    ],
    [
      'CPU per call elsewhere',
      `load generator ${figures.loadGeneratorCpuMsPerCall} ms` +
        (figures.redisCpuMsPerCall !== undefined
          ? `, redis-server ${figures.redisCpuMsPerCall} ms`
          : '') +
        `; machine ${Math.round(figures.machineBusyShare * 100)}% busy`,
    ],
    ['log per call', `${figures.logLinesPerCall} lines, ${figures.logBytesPerCall} bytes`],
    ['RSS', `${figures.rssMiB.join(' + ')} MiB`],
  ];
  if (figures.redis) {
    rows.push([
      'Redis commands/call',
      `${figures.redis.perCall} ${JSON.stringify(figures.redis.byCommand)}`,
    ]);
    rows.push([
      'Redis round trips/call',
      `${figures.redis.roundTripsPerCall} ${JSON.stringify(figures.redis.roundTripsByClient)}`,
    ]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  say('-'.repeat(60));
  for (const [key, value] of rows) say(`${key.padEnd(width)}  ${value}`);
}

/** `service / bare`, the way the targets are stated. */
export function ratio(service: number, bare: number): number {
  return Math.round((service / bare) * 100) / 100;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Writes the whole result to `<resultsDir>/<mode>-<time>.json` (git-ignored) and its headline
 * (`summary`) under its mode, store and instance count in `<resultsDir>/summary.json` (kept).
 */
export function saveResults(
  options: BenchOptions,
  summary: Record<string, unknown>,
  details: Record<string, unknown>,
): string {
  const dir = resolve(REPO_ROOT, options.resultsDir);
  mkdirSync(dir, { recursive: true });
  const at = new Date().toISOString();
  const machine = {
    cores: cpus().length,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  const { mode, store, instances, compare, rate, seconds, scenario, logLevel, serviceEntry } =
    options;
  const run = {
    at,
    commit: commit(),
    mode,
    store,
    instances,
    compare,
    rate,
    seconds,
    scenario,
    logLevel,
    serviceEntry,
    machine,
  };
  const file = join(dir, `${mode}-${at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ ...run, summary, ...details }, null, 2)}\n`);
  const summaryFile = join(dir, 'summary.json');
  const all = existsSync(summaryFile)
    ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as Record<string, unknown>)
    : {};
  all[`${mode} store=${store} instances=${instances}${compare ? ' compare' : ''}`] = {
    ...run,
    ...summary,
  };
  writeFileSync(summaryFile, `${JSON.stringify(all, null, 2)}\n`);
  return file;
}
