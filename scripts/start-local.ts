/**
 * `npm start`: builds dist/ when a source changed since the last build, then the Graph emulator
 * in-process, the service as a child process (`node dist/main.js`) configured for it, and a few
 * demo calls every few seconds, one line per outcome. The demo's own lines start with
 * `[start-local]`; every other line is the service's. Ctrl-C stops both.
 *
 * Environment: EMULATOR_PORT (8443), PORT (3000), DEMO_INTERVAL_MS (4000), DEMO_CALLS (unset:
 * forever), SWITCHBOARD_ENTRY (dist/main.js, built when stale; another entry is run as it is);
 * any variable the service reads that is already set wins over the emulator's values, and
 * OPERATOR_API_KEYS, when unset, gets a key made for this run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { type Emulator, type ScenarioName, startEmulator } from '../emulator';
import { trustBundle } from '../emulator/tls/trust-bundle';
import { staleBuildReason } from './build-freshness';
import { stopChild, waitForReady } from './child-service';

const REPO_ROOT = resolve(__dirname, '..');
const DEMO_SCENARIOS: ScenarioName[] = ['p2p-service-hosted', 'pstn', 'policy-recording'];
const READY_TIMEOUT_MS = 60_000;

function say(line: string): void {
  process.stdout.write(`[start-local] ${line}\n`);
}

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/**
 * A key of this run's own, so that the operator API works during the demo without a key anyone
 * else knows (the service listens on every interface by default).
 */
function demoOperatorKey(): string {
  return `demo-${randomBytes(16).toString('hex')}`;
}

/** The service's environment: the emulator's settings, overridden by whatever the user set. */
export function serviceEnvironment(emulator: Emulator, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...emulator.serviceEnv(),
    LOG_LEVEL: 'info',
    OPERATOR_API_KEYS: demoOperatorKey(),
    ...base,
    // Trusting the emulator is not optional: whatever the machine trusts already is kept beside it.
    NODE_EXTRA_CA_CERTS: trustBundle(emulator.caPath, base.NODE_EXTRA_CA_CERTS),
  };
}

async function demoCall(emulator: Emulator, scenario: ScenarioName): Promise<void> {
  const placed = await emulator.placeCall(scenario);
  const action = await emulator.waitForAction(placed.callId);
  const outcome = action.deadlineMissed
    ? 'deadline missed'
    : `${action.kind} in ${action.latencyMs?.toFixed(1) ?? '?'} ms`;
  say(`demo ${scenario} call ${placed.callId}: service responded ${placed.status}, ${outcome}`);
  if (action.kind === 'answer' && action.accepted) {
    await emulator.waitForState(placed.callId, 'established', 5_000).catch(() => undefined);
    setTimeout(() => {
      try {
        emulator.hangUp(placed.callId);
      } catch {
        // Already ended.
      }
    }, 2_000).unref();
  }
}

/** Builds dist/ when it is missing or older than its sources; says which it was. */
function buildIfStale(): void {
  const reason = staleBuildReason(REPO_ROOT);
  if (!reason) {
    say('dist/ is up to date with src/: not rebuilding');
    return;
  }
  say(`building (${reason})`);
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? 'null'})`);
}

/** How to look at the calls: the key itself only when this run made it (a user's stays unsaid). */
function sayHowToLook(servicePort: number, env: NodeJS.ProcessEnv): void {
  const [key] = (env.OPERATOR_API_KEYS ?? '').split(',');
  if (!key) {
    say('the operator API is off (OPERATOR_API_KEYS is empty)');
    return;
  }
  const bearer = process.env.OPERATOR_API_KEYS === undefined ? key : '<your OPERATOR_API_KEYS>';
  say(
    `the calls: curl -H 'authorization: Bearer ${bearer}' http://localhost:${servicePort}/api/calls`,
  );
  say(`the operator console, with the same key: http://localhost:${servicePort}/console/`);
}

async function main(): Promise<void> {
  if (process.env.SWITCHBOARD_ENTRY === undefined) buildIfStale();
  const servicePort = intEnv('PORT', 3000);
  const emulator = await startEmulator({
    port: intEnv('EMULATOR_PORT', 8443),
    botBaseUrl: `http://127.0.0.1:${servicePort}`,
    publicBaseUrl: process.env.PUBLIC_BASE_URL,
  });
  say(`Graph emulator on ${emulator.url} (control API ${emulator.url}/_emulator)`);

  const env = serviceEnvironment(emulator, process.env);
  const child = spawn(process.execPath, [process.env.SWITCHBOARD_ENTRY ?? 'dist/main.js'], {
    cwd: REPO_ROOT,
    env,
    stdio: 'inherit',
  });
  let stopping = false;
  const timers: { demo?: NodeJS.Timeout } = {};
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (timers.demo) clearInterval(timers.demo);
    await stopChild(child);
    await emulator.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  child.on('exit', (code) => {
    if (!stopping) {
      say(`the service exited (code ${code ?? 'null'})`);
      void stop(code ?? 1);
    }
  });

  try {
    await waitForReady(`http://127.0.0.1:${servicePort}/health/ready`, child, {
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 250,
    });
  } catch (error) {
    say((error as Error).message);
    await stop(1);
    return;
  }
  say('service ready; placing demo calls (Ctrl-C to stop)');
  sayHowToLook(servicePort, env);
  const interval = intEnv('DEMO_INTERVAL_MS', 4_000);
  const limit = process.env.DEMO_CALLS === undefined ? Infinity : intEnv('DEMO_CALLS', 3);
  let placed = 0;
  const next = (): void => {
    if (placed >= limit) {
      if (timers.demo) clearInterval(timers.demo);
      return;
    }
    const scenario = DEMO_SCENARIOS[placed % DEMO_SCENARIOS.length];
    placed += 1;
    demoCall(emulator, scenario).catch((error: Error) =>
      say(`demo ${scenario} call failed: ${error.message}`),
    );
  };
  next();
  timers.demo = setInterval(next, interval);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`[start-local] ${(error as Error).message}\n`);
    process.exit(1);
  });
}
