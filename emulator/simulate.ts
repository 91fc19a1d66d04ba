/**
 * `npm run simulate -- --scenario <name> --calls <n> --rate <per second> [--emulator <url>] [--bot <url>]`
 *
 * Places calls against a running Switchboard service and prints what happened: answered,
 * rejected, redirected, deadline misses and the notification-to-decision latency measured at the
 * emulator (from sending the incoming notification to receiving the bot's decision). Without
 * --emulator it runs its own emulator in-process on EMULATOR_PORT (8443), the port a service
 * started for the emulator expects. Bounded in count and time, and loopback only.
 */
import { spawnSync } from 'node:child_process';
import { DEFAULT_CERT_DIR } from './paths';
import { parseEmulatorArgs, usage } from './cli-options';
import { EmulatorClient, type SimulationTarget } from './control/client';
import { computeStats } from './core/outcomes';
import {
  type BotAction,
  type CallRecord,
  type EmulatorStats,
  isScenarioName,
  type PlacedCall,
  SCENARIOS,
  type ScenarioName,
} from './core/types';
import { sleep } from './core/util';
import { startEmulator } from './index';
import { ensureCertificates } from './tls/certificates';

const LIMITS = { calls: 100_000, rate: 2_000, participants: 1_000 };
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface SimulationPlan {
  scenario: ScenarioName;
  calls: number;
  rate: number;
  participants: number;
  /** Hang up answered calls after this long (negative: leave them up). */
  holdMs: number;
  /** Stop placing calls after this long, whatever is left. */
  maxSeconds: number;
}

export interface SimulationResult {
  plan: SimulationPlan;
  placed: number;
  elapsedMs: number;
  incomingStatuses: Record<string, number>;
  stats: EmulatorStats;
  groups: { participants: number; byResult: Record<string, number> } | null;
  errors: string[];
}

function assertLoopback(url: string, flag: string): void {
  const host = new URL(url).hostname;
  if (!LOOPBACK.has(host))
    throw new Error(`${flag} must be a loopback URL (127.0.0.1, localhost, [::1])`);
}

function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}

/** Places the calls at the given rate and waits for every outcome. */
export async function runSimulation(
  target: SimulationTarget,
  plan: SimulationPlan,
  deadlineMs: number,
): Promise<SimulationResult> {
  const started = Date.now();
  const stopAt = started + plan.maxSeconds * 1000;
  const interval = 1000 / plan.rate;
  const incomingStatuses: Record<string, number> = {};
  const callIds: string[] = [];
  const groupIds: string[] = [];
  const errors: string[] = [];
  const runs: Array<Promise<void>> = [];

  const runOne = async (): Promise<void> => {
    let placed: PlacedCall;
    try {
      placed = await target.placeCall(plan.scenario, {
        participants: plan.scenario === 'policy-recording' ? plan.participants : undefined,
      });
    } catch (error) {
      errors.push(`placeCall: ${(error as Error).message}`);
      return;
    }
    callIds.push(placed.callId);
    count(incomingStatuses, placed.status === 0 ? 'no response' : String(placed.status));
    let action: BotAction;
    try {
      action = await target.waitForAction(placed.callId, deadlineMs + 5_000);
    } catch (error) {
      errors.push(`call ${placed.callId}: ${(error as Error).message}`);
      return;
    }
    if (placed.groupId) {
      groupIds.push(placed.groupId);
      await target
        .waitForGroup(placed.groupId, deadlineMs * (plan.participants + 1) + 10_000)
        .catch((error: Error) => {
          errors.push(`group ${placed.groupId}: ${error.message}`);
        });
    }
    if (action.kind === 'answer' && action.accepted && plan.holdMs >= 0) {
      await sleep(plan.holdMs);
      await Promise.resolve(target.hangUp(placed.callId)).catch(() => undefined);
    }
  };

  for (let i = 0; i < plan.calls; i++) {
    const due = started + i * interval;
    if (due > stopAt) {
      errors.push(`stopped after ${plan.maxSeconds} s with ${plan.calls - i} calls not placed`);
      break;
    }
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    runs.push(runOne());
  }
  await Promise.all(runs);

  const groups = await Promise.all(
    groupIds.map((id) => target.waitForGroup(id, 1).catch(() => null)),
  );
  const groupCallIds = groups.flatMap((g) => g?.participants.map((p) => p.callId) ?? []);
  const ids = [...new Set([...callIds, ...groupCallIds.filter((id): id is string => id !== null)])];
  const records = await Promise.all(ids.map((id) => Promise.resolve(target.getCall(id))));
  const stats = computeStats(records.filter((r): r is CallRecord => r !== undefined));
  const byResult: Record<string, number> = {};
  for (const group of groups)
    for (const p of group?.participants ?? []) count(byResult, `${p.route}/${p.result}`);
  return {
    plan,
    placed: callIds.length,
    elapsedMs: Date.now() - started,
    incomingStatuses,
    stats,
    groups:
      groupIds.length > 0
        ? { participants: groups.reduce((n, g) => n + (g?.participants.length ?? 0), 0), byResult }
        : null,
    errors,
  };
}

function ms(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(1)} ms`;
}

export function formatResult(result: SimulationResult): string {
  const { plan, stats } = result;
  const rows: Array<[string, string]> = [
    ['scenario', plan.scenario],
    [
      'calls placed',
      `${result.placed} of ${plan.calls} at ${plan.rate}/s in ${(result.elapsedMs / 1000).toFixed(1)} s`,
    ],
    [
      'incoming → bot HTTP',
      Object.entries(result.incomingStatuses)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ') || '-',
    ],
    ['calls (incl. invited)', String(stats.calls)],
    ['answered', String(stats.answered)],
    ['rejected', String(stats.rejected)],
    ['redirected', String(stats.redirected)],
    ['deadline misses', String(stats.deadlineMisses)],
    ['no decision yet', String(stats.pending)],
    ['latency p50', ms(stats.latencyMs.p50)],
    ['latency p95', ms(stats.latencyMs.p95)],
    ['latency p99', ms(stats.latencyMs.p99)],
    ['latency max', ms(stats.latencyMs.max)],
  ];
  if (result.groups) {
    rows.push(['policy participants', String(result.groups.participants)]);
    for (const [key, value] of Object.entries(result.groups.byResult).sort())
      rows.push([`  ${key}`, String(value)]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  const rule = '-'.repeat(Math.max(...lines.map((l) => l.length)));
  const notes = result.errors.slice(0, 10).map((e) => `! ${e}`);
  if (result.errors.length > 10) notes.push(`! ... and ${result.errors.length - 10} more`);
  return [
    rule,
    ...lines,
    rule,
    'latency: incoming notification sent → decision (answer/reject/redirect) received, at the emulator',
    ...notes,
    '',
  ].join('\n');
}

function positive(
  name: string,
  raw: string | boolean | undefined,
  fallback: number,
  max: number,
): number {
  if (raw === undefined || typeof raw === 'boolean') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max)
    throw new Error(`--${name}: a number in (0, ${max}]`);
  return value;
}

async function main(): Promise<void> {
  const extra = {
    scenario: { type: 'string' as const },
    calls: { type: 'string' as const },
    rate: { type: 'string' as const },
    participants: { type: 'string' as const },
    'hold-ms': { type: 'string' as const },
    'max-seconds': { type: 'string' as const },
    emulator: { type: 'string' as const },
    'fake-bot': { type: 'boolean' as const },
    json: { type: 'boolean' as const },
  };
  const { options, values } = parseEmulatorArgs(process.argv.slice(2), extra);
  if (values.help) {
    process.stdout.write(
      usage('npm run simulate --', {
        scenario: SCENARIOS.join(' | '),
        calls: 'how many calls (default 10)',
        rate: 'calls per second (default 10)',
        participants: 'policy-recording: participants per group (default 1)',
        'hold-ms': 'hang answered calls up after this long (default 1000; -1 keeps them)',
        'max-seconds': 'stop placing calls after this long (default calls/rate + 30)',
        emulator: 'use a running emulator (its control API) instead of starting one',
        'fake-bot': 'answer with a built-in bot instead of a running service (self-test)',
        json: 'print the result as JSON',
      }),
    );
    return;
  }
  const scenario = values.scenario ?? 'p2p-service-hosted';
  if (!isScenarioName(scenario)) throw new Error(`--scenario: one of ${SCENARIOS.join(', ')}`);
  const calls = Math.floor(positive('calls', values.calls, 10, LIMITS.calls));
  const rate = positive('rate', values.rate, 10, LIMITS.rate);
  const holdMs = values['hold-ms'] === undefined ? 1000 : Number(values['hold-ms']);
  const plan: SimulationPlan = {
    scenario,
    calls,
    rate,
    participants: Math.floor(positive('participants', values.participants, 1, LIMITS.participants)),
    holdMs: Number.isFinite(holdMs) ? holdMs : 1000,
    maxSeconds: positive('max-seconds', values['max-seconds'], calls / rate + 30, 3600),
  };
  if (options.botBaseUrl) assertLoopback(options.botBaseUrl, '--bot');
  const deadlineMs =
    scenario === 'policy-recording'
      ? (options.deadlines?.policyRecordingMs ?? 5_000)
      : (options.deadlines?.regularMs ?? 15_000);

  let target: SimulationTarget;
  let shutdown: () => Promise<void>;
  if (typeof values.emulator === 'string') {
    assertLoopback(values.emulator, '--emulator');
    // The running emulator's CA: the folder it was told to use (same flags, same environment).
    const caPath = ensureCertificates(options.certDir ?? DEFAULT_CERT_DIR).caPath;
    const client = new EmulatorClient(values.emulator, caPath);
    if (options.botBaseUrl) await client.configure({ botBaseUrl: options.botBaseUrl });
    target = client;
    shutdown = async () => client.close();
  } else {
    const emulator = await startEmulator(options);
    target = emulator;
    let stopBot = async (): Promise<void> => undefined;
    if (values['fake-bot']) {
      if (process.env.NODE_EXTRA_CA_CERTS !== emulator.caPath) {
        // The built-in bot fetches our JWKS over TLS; Node reads NODE_EXTRA_CA_CERTS only at start.
        await emulator.close();
        rerunTrusting(emulator.caPath);
        return;
      }
      const { FakeBot } = await import('./testing/fake-bot');
      const bot = await FakeBot.start(emulator, { participantCapacity: 2 });
      stopBot = () => bot.close();
    }
    process.stderr.write(
      `emulator on ${emulator.url}, calling the bot at ${emulator.options.botBaseUrl}${emulator.options.botPath}\n`,
    );
    shutdown = async () => {
      await stopBot();
      await emulator.close();
    };
  }
  try {
    const result = await runSimulation(target, plan, deadlineMs);
    process.stdout.write(
      values.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result),
    );
    process.exitCode = result.stats.deadlineMisses > 0 || result.errors.length > 0 ? 1 : 0;
  } finally {
    await shutdown();
  }
}

function rerunTrusting(caPath: string): void {
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath },
  });
  process.exitCode = child.status ?? 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`simulate: ${(error as Error).message}\n`);
    process.exit(2);
  });
}
