import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigFileError } from './config.errors';
import { type ConfigSource, configLayers } from './config.source';
import { ENV_BINDINGS, parseEnvValue } from './env.mapping';

export type PlainObject = Record<string, unknown>;

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
 * Merges the files of `configLayers` (the built-in defaults, then `CONFIG_DIR`, then `local.yaml`),
 * then the environment variables. Only the built-in `default.yaml` is required.
 */
export function loadRawConfig(source: ConfigSource): PlainObject {
  const layers = [
    ...configLayers(source).files.map((file) => readYaml(file.path, file.required)),
    environmentLayer(source.env),
  ];
  return layers.reduce((merged, layer) => deepMerge(merged, layer), {});
}
