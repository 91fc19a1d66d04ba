import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { startEmulator, type Emulator } from '../../emulator';
import { freePort, waitForReady } from '../../scripts/child-service';
import { PrivateRedis } from './private-redis';

const root = resolve(__dirname, '../..');

/**
 * `node dist/main.js` as a container runs it, compiled into a folder of the test's own (inside
 * the repository, so that it resolves node_modules like dist/ does) so parallel runs never share
 * a build.
 */
export function buildService(): { mainJs: string; dispose(): void } {
  mkdirSync(join(root, '.test-dist'), { recursive: true });
  const outDir = mkdtempSync(join(root, '.test-dist', 'dist-'));
  const build = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir],
    { cwd: root, encoding: 'utf8' },
  );
  const mainJs = join(outDir, 'main.js');
  if (!existsSync(mainJs)) throw new Error(`build failed:\n${build.stdout}`);
  return { mainJs, dispose: () => rmSync(outDir, { recursive: true, force: true }) };
}

/** One service process, its JSON log lines, and how it ended. */
export interface ServiceProcess {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** Every JSON log line so far. */
  readonly logs: Array<Record<string, unknown>>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Log lines whose `msg` is `msg`. */
  lines(msg: string): Array<Record<string, unknown>>;
  dispose(): void;
}

/**
 * Starts the built service with `env` (over PATH only) and `config` as its local.yaml beside
 * config/default.yaml; resolves once `/health/ready` is 200.
 */
export async function startServiceProcess(
  mainJs: string,
  env: Record<string, string>,
  config: Record<string, unknown> = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(root, '.test-dist', 'config-'));
  copyFileSync(join(root, 'config', 'default.yaml'), join(dir, 'default.yaml'));
  writeFileSync(join(dir, 'local.yaml'), stringify(config));
  const child = spawn(process.execPath, [mainJs], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      CONFIG_DIR: dir,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // Not a log line.
      }
    }
  });
  child.stderr?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const dispose = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForReady(`${baseUrl}/health/ready`, child, { timeoutMs: 30_000, intervalMs: 100 });
  } catch (error) {
    dispose();
    throw error;
  }
  return {
    baseUrl,
    child,
    logs,
    exited,
    lines: (msg) => logs.filter((l) => l.msg === msg),
    dispose,
  };
}

/** What a spec of service processes works with; see `useServiceProcesses`. */
export interface ServiceProcessesFixture {
  readonly emulator: Emulator;
  /** A Redis of the spec's own, for the processes to share. */
  readonly redis: PrivateRedis;
  /**
   * Starts the built service with the emulator's environment under `env`; killed after the test
   * (whatever it did to the process meanwhile).
   */
  start(env: Record<string, string>, config?: Record<string, unknown>): Promise<ServiceProcess>;
}

/**
 * A build of the service, the Graph emulator and a private Redis for the spec (Jest hooks: set up
 * before all its tests, gone after them), and the processes each test starts, killed after it.
 */
export function useServiceProcesses(): ServiceProcessesFixture {
  let build: ReturnType<typeof buildService> | undefined;
  let emulator: Emulator | undefined;
  let redis: PrivateRedis | undefined;
  const processes: ServiceProcess[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useServiceProcesses: used before beforeAll');
    return value;
  };

  beforeAll(async () => {
    build = buildService();
    emulator = await startEmulator({ port: 0, keyDir: null });
    redis = await PrivateRedis.start();
  }, 120_000);

  afterEach(() => {
    emulator?.faults.clear();
    for (const p of processes.splice(0)) p.dispose();
  });

  afterAll(async () => {
    await emulator?.close();
    await redis?.stop();
    build?.dispose();
  });

  return {
    get emulator() {
      return ready(emulator);
    },
    get redis() {
      return ready(redis);
    },
    async start(env, config) {
      const started = await startServiceProcess(
        ready(build).mainJs,
        { ...ready(emulator).serviceEnv(), ...env },
        config,
      );
      processes.push(started);
      return started;
    },
  };
}
