import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ENV_BINDINGS, parseEnvValue } from './env.mapping';

export type PlainObject = Record<string, unknown>;

export interface ConfigSource {
  /** Folder of the YAML files; `CONFIG_DIR`, default `./config`. */
  readonly configDir: string;
  /** The profile; `NODE_ENV`, default `development`. */
  readonly profile: string;
  readonly env: NodeJS.ProcessEnv;
}

export function sourceFromEnv(env: NodeJS.ProcessEnv = process.env): ConfigSource {
  return {
    configDir: resolve(env.CONFIG_DIR ?? './config'),
    profile: env.NODE_ENV && env.NODE_ENV.length > 0 ? env.NODE_ENV : 'development',
    env,
  };
}

export class ConfigFileError extends Error {}

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars of a later layer replace the earlier ones. */
export function deepMerge(base: PlainObject, override: PlainObject): PlainObject {
  const merged: PlainObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const previous = merged[key];
    merged[key] =
      isPlainObject(previous) && isPlainObject(value) ? deepMerge(previous, value) : value;
  }
  return merged;
}

function readYaml(file: string, required: boolean): PlainObject {
  if (!existsSync(file)) {
    if (required) throw new ConfigFileError(`${file}: configuration file not found`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigFileError(`${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed)) throw new ConfigFileError(`${file}: must hold a YAML mapping`);
  return parsed;
}

function setPath(target: PlainObject, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node[key] = isPlainObject(next) ? { ...next } : {};
    node = node[key] as PlainObject;
  }
  node[keys[keys.length - 1]] = value;
}

export function environmentLayer(env: NodeJS.ProcessEnv): PlainObject {
  const layer: PlainObject = {};
  for (const binding of ENV_BINDINGS) {
    const raw = env[binding.variable];
    if (raw !== undefined && raw !== '')
      setPath(layer, binding.path, parseEnvValue(raw, binding.kind));
  }
  return layer;
}

/**
 * Merges, in order, `default.yaml`, `<profile>.yaml`, `local.yaml` and the contract's environment
 * variables. Only `default.yaml` is required.
 */
export function loadRawConfig(source: ConfigSource): PlainObject {
  const layers = [
    readYaml(join(source.configDir, 'default.yaml'), true),
    readYaml(join(source.configDir, `${source.profile}.yaml`), false),
    readYaml(join(source.configDir, 'local.yaml'), false),
    environmentLayer(source.env),
  ];
  return layers.reduce((merged, layer) => deepMerge(merged, layer), {});
}
