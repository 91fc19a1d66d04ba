import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { stringify } from 'yaml';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { createApp, type CreateAppOptions } from '../../src/app.factory';

const REPO_CONFIG_DIR = resolve(__dirname, '../../config');

export interface StackOptions {
  /** Emulator options; the stack defaults to a free port and throw-away signing keys. */
  emulator?: Partial<EmulatorOptions>;
  /**
   * Environment of the service, over `emulator.serviceEnv()` and `NODE_ENV=test`; `undefined`
   * removes a variable (e.g. `{ NOTIFICATION_ISSUERS: undefined }` for the cloud's defaults).
   */
  env?: Record<string, string | undefined>;
  /** YAML overrides, written as `local.yaml` beside copies of config/default.yaml and test.yaml. */
  config?: Record<string, unknown>;
  /** The user's own modules, as a deployment adds them (`createApp({ imports })`). */
  imports?: CreateAppOptions['imports'];
  /** Runs after the app is built and before it starts, e.g. to register handlers first. */
  beforeListen?: (app: NestFastifyApplication) => void | Promise<void>;
  /** Readiness checks to wait for before resolving (default: the notification signing keys). */
  waitFor?: readonly string[];
}

export interface TestStack {
  readonly emulator: Emulator;
  readonly app: NestFastifyApplication;
  /** `http://127.0.0.1:<port>`, where the service listens. */
  readonly baseUrl: string;
  /** `${baseUrl}/api/calling`. */
  readonly callbackUrl: string;
  /** Resolves once every named check of `/health/ready` is `ok`. */
  waitForReady(checks?: readonly string[], timeoutMs?: number): Promise<void>;
  /** Closes the service, then the emulator, and restores the environment. */
  close(): Promise<void>;
}

let running = false;

function applyEnv(changes: Record<string, string | undefined>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(changes)) {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/**
 * A config folder of the test's own: copies of config/default.yaml and test.yaml, and `overrides`
 * as local.yaml. Remove it with `rmSync(dir, { recursive: true })`.
 */
export function testConfigDir(overrides: Record<string, unknown> | undefined): string {
  // A copy, so that a developer's config/local.yaml never leaks into a test.
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
  copyFileSync(join(REPO_CONFIG_DIR, 'default.yaml'), join(dir, 'default.yaml'));
  copyFileSync(join(REPO_CONFIG_DIR, 'test.yaml'), join(dir, 'test.yaml'));
  if (overrides) writeFileSync(join(dir, 'local.yaml'), stringify(overrides));
  return dir;
}

async function readiness(baseUrl: string): Promise<Record<string, string>> {
  const response = await fetch(`${baseUrl}/health/ready`);
  const body = (await response.json()) as { checks?: Record<string, string> };
  return body.checks ?? {};
}

/**
 * The Graph emulator and the real service (`createApp()`, as `main.ts` builds it) listening on
 * 127.0.0.1:0, wired to each other: the service gets the emulator's AAD, Graph and signing keys
 * through the contract's environment variables, and the emulator delivers to the service.
 *
 * One stack at a time per Jest worker: the configuration is read from `process.env`.
 *
 * ```ts
 * const stack = await startStack({ env: { NOTIFICATION_ALLOWED_TENANTS: 'x' } });
 * const result = await stack.emulator.deliver(body);
 * await stack.close();
 * ```
 */
export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  if (running) throw new Error('startStack: a stack is already running in this process');
  running = true;
  let restoreEnv: () => void = () => undefined;
  let emulator: Emulator | undefined;
  let app: NestFastifyApplication | undefined;
  const dir = testConfigDir(options.config);
  const close = async (): Promise<void> => {
    try {
      await app?.close();
      await emulator?.close();
    } finally {
      restoreEnv();
      rmSync(dir, { recursive: true, force: true });
      running = false;
    }
  };
  try {
    emulator = await startEmulator({ port: 0, keyDir: null, ...options.emulator });
    const serviceEnv = { ...emulator.serviceEnv() };
    // Node reads NODE_EXTRA_CA_CERTS at start-up only; scripts/run-tests.mjs has set it already.
    delete serviceEnv.NODE_EXTRA_CA_CERTS;
    restoreEnv = applyEnv({
      ...serviceEnv,
      NODE_ENV: 'test',
      CONFIG_DIR: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      // Each stack journals into its own throw-away folder unless a test names one.
      JOURNAL_DIR: join(dir, 'journal'),
      ...options.env,
    });
    app = await createApp({ imports: options.imports });
    await options.beforeListen?.(app);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    emulator.configure({ botBaseUrl: baseUrl });

    const waitForReady = async (
      checks: readonly string[] = ['notificationKeys'],
      timeoutMs = 10_000,
    ): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      let last: Record<string, string> = {};
      while (Date.now() < deadline) {
        last = await readiness(baseUrl);
        if (checks.every((name) => last[name] === 'ok')) return;
        await new Promise((done) => setTimeout(done, 25));
      }
      throw new Error(`not ready within ${timeoutMs} ms: ${JSON.stringify(last)}`);
    };
    await waitForReady(options.waitFor ?? ['notificationKeys']);
    return {
      emulator,
      app,
      baseUrl,
      callbackUrl: `${baseUrl}/api/calling`,
      waitForReady,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
