import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigFileError } from './config.errors';

/** The profiles a deployment can name with `NODE_ENV`; anything else is refused at start-up. */
export const PROFILES = ['development', 'test', 'production'] as const;

/** Profiles that read `local.yaml` without being asked: a developer's machine and the test suite. */
const LOCAL_PROFILES: ReadonlySet<string> = new Set(['development', 'test']);

/** Where the configuration comes from; `sourceFromEnv` builds it from the process environment. */
export interface ConfigSource {
  /** The defaults shipped with the build (the package's own `config/`); holds `default.yaml`. */
  readonly configDir: string;
  /** `CONFIG_DIR`: a deployment's own folder, whose files layer over the built-in ones. */
  readonly overlayDir?: string;
  /** The profile: `NODE_ENV`, default `development`. */
  readonly profile: string;
  /** Whether `local.yaml` is read; unset: in development and test only. */
  readonly readLocal?: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The `config/` folder of the package this file belongs to: found by walking up to the folder that
 * holds `package.json`, so it is the same from `src/`, `dist/` or any other build output folder,
 * whatever the working directory.
 */
export function packageConfigDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'config', 'default.yaml')))
      return join(dir, 'config');
    if (dirname(dir) === dir) return resolve('config');
  }
}

/** `NODE_ENV` as a profile, or a one-line refusal that lists the profiles there are. */
export function profileFromEnv(env: NodeJS.ProcessEnv): string {
  const profile = env.NODE_ENV && env.NODE_ENV.length > 0 ? env.NODE_ENV : 'development';
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new ConfigFileError(
      `NODE_ENV=${profile} is not a profile; use one of ${PROFILES.join(', ')}`,
    );
  }
  return profile;
}

function overlayFromEnv(env: NodeJS.ProcessEnv, configDir: string): string | undefined {
  if (!env.CONFIG_DIR) return undefined;
  const dir = resolve(env.CONFIG_DIR);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ConfigFileError(`CONFIG_DIR=${env.CONFIG_DIR}: no such folder`);
  return dir === configDir ? undefined : dir;
}

function readLocalFromEnv(env: NodeJS.ProcessEnv, profile: string): boolean {
  const asked = env.CONFIG_LOCAL?.trim().toLowerCase();
  if (asked === 'true' || asked === '1') return true;
  if (asked === 'false' || asked === '0') return false;
  if (asked) throw new ConfigFileError(`CONFIG_LOCAL=${env.CONFIG_LOCAL}: use true or false`);
  return LOCAL_PROFILES.has(profile);
}

export function sourceFromEnv(env: NodeJS.ProcessEnv = process.env): ConfigSource {
  const configDir = packageConfigDir();
  const profile = profileFromEnv(env);
  return {
    configDir,
    overlayDir: overlayFromEnv(env, configDir),
    profile,
    readLocal: readLocalFromEnv(env, profile),
    env,
  };
}

export interface ConfigFile {
  readonly path: string;
  readonly required: boolean;
}

export interface ConfigLayers {
  /** In the order they are merged, each overriding the ones before. */
  readonly files: readonly ConfigFile[];
  /** A `local.yaml` that exists but is not read in this profile (said at start-up). */
  readonly ignoredLocal?: string;
}

/**
 * The files of a source: the built-in `default.yaml` and `<profile>.yaml`, then the same two from
 * `CONFIG_DIR`, then `local.yaml` of the folder that holds a deployment's own settings (`CONFIG_DIR`
 * when set, so that a developer's `config/local.yaml` never leaks into a mounted configuration).
 */
export function configLayers(source: ConfigSource): ConfigLayers {
  const { configDir, overlayDir, profile } = source;
  const files: ConfigFile[] = [
    { path: join(configDir, 'default.yaml'), required: true },
    { path: join(configDir, `${profile}.yaml`), required: false },
  ];
  if (overlayDir) {
    files.push({ path: join(overlayDir, 'default.yaml'), required: false });
    files.push({ path: join(overlayDir, `${profile}.yaml`), required: false });
  }
  const local = join(overlayDir ?? configDir, 'local.yaml');
  if (source.readLocal ?? LOCAL_PROFILES.has(profile)) {
    return { files: [...files, { path: local, required: false }] };
  }
  return { files, ignoredLocal: existsSync(local) ? local : undefined };
}
