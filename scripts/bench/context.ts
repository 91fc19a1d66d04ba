import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
 * A configuration folder: the repository's YAML files plus `local.yaml` with `overrides`
 * (e.g. a retention scaled to a simulated hour). The caller removes it.
 */
export function configDirWith(overrides: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-config-'));
  const source = join(REPO_ROOT, 'config');
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
      ...extraEnv,
    },
  });
}
