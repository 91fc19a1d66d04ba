import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Emulator } from '../../emulator';
import type { BenchOptions } from './options';
import type { PrivateRedis } from './private-redis';
import { REPO_ROOT, type ServerKind, ServerPool } from './server-pool';

/** What every mode works with: its options, the emulator (the load generator), the Redis. */
export interface BenchContext {
  readonly options: BenchOptions;
  readonly emulator: Emulator;
  readonly redis?: PrivateRedis;
}

/**
 * The `config/` folder shipped with the build at `serviceEntry` (found upwards from it, as the
 * service finds its own), so that another build (`--service`) gets the keys it knows.
 */
function configOf(serviceEntry: string): string {
  for (
    let dir = dirname(resolve(REPO_ROOT, serviceEntry));
    dir !== dirname(dir);
    dir = dirname(dir)
  ) {
    if (existsSync(join(dir, 'config', 'default.yaml'))) return join(dir, 'config');
  }
  return join(REPO_ROOT, 'config');
}

/**
 * A configuration folder: the YAML files of the service under test plus `local.yaml` with
 * `overrides` (e.g. a retention scaled to a simulated hour). The caller removes it.
 */
export function configDirWith(serviceEntry: string, overrides: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-config-'));
  const source = configOf(serviceEntry);
  for (const file of readdirSync(source).filter((f) => f.endsWith('.yaml') && f !== 'local.yaml')) {
    copyFileSync(join(source, file), join(dir, file));
  }
  // JSON is YAML: no serializer needed for a few keys.
  writeFileSync(join(dir, 'local.yaml'), `${JSON.stringify(overrides)}\n`);
  return dir;
}

export function removeConfigDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Starts `instances` servers of `kind` configured for the emulator (and the bench's Redis). */
export function startServers(
  context: BenchContext,
  kind: ServerKind,
  extraEnv: Record<string, string> = {},
): Promise<ServerPool> {
  const { options, emulator, redis } = context;
  const store: Record<string, string> = redis
    ? { STORE_DRIVER: 'redis', REDIS_URL: redis.url }
    : { STORE_DRIVER: 'memory' };
  return ServerPool.start({
    kind,
    instances: options.instances,
    serviceEntry: options.serviceEntry,
    cpuProfileDir: kind === 'switchboard' ? options.cpuProfileDir : undefined,
    env: {
      ...emulator.serviceEnv(),
      NODE_ENV: 'development',
      LOG_LEVEL: options.logLevel,
      ...store,
      ...(options.nodeOptions && kind === 'switchboard'
        ? { NODE_OPTIONS: options.nodeOptions }
        : {}),
      ...extraEnv,
    },
  });
}
