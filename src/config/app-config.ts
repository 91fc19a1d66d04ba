import { AppConfig } from './app-config.schema';
import { loadRawConfig } from './config.loader';
import { type ConfigSource, configLayers, sourceFromEnv } from './config.source';
import { validateConfig } from './config.validation';
import { ENV_BINDINGS } from './env.mapping';

let cached: { key: string; config: AppConfig } | undefined;

function cacheKey(source: ConfigSource): string {
  const env = ENV_BINDINGS.map((b) => source.env[b.variable] ?? '');
  return JSON.stringify([
    source.configDir,
    source.overlayDir,
    source.profile,
    source.readLocal,
    env,
  ]);
}

/**
 * The configuration as the files and the environment say now, validated, without the cache:
 * for a reload, which must see the files as they are (and leave the running config alone).
 */
export function readAppConfig(source: ConfigSource = sourceFromEnv()): AppConfig {
  return validateConfig(loadRawConfig(source), source.profile);
}

/**
 * The validated configuration for the current environment. Loaded and validated once per
 * distinct environment: every `registerAs` namespace reads from the same result, and a test
 * that changes the environment gets a fresh load.
 */
export function loadAppConfig(source: ConfigSource = sourceFromEnv()): AppConfig {
  const key = cacheKey(source);
  if (cached?.key !== key) {
    cached = { key, config: validateConfig(loadRawConfig(source), source.profile) };
    const { ignoredLocal } = configLayers(source);
    // Said once per load, before any logger exists: a file someone wrote and expects to count.
    if (ignoredLocal) {
      process.stderr.write(
        `config notice: ${ignoredLocal} not read: local.yaml is read in development and test only (CONFIG_LOCAL=true reads it in ${source.profile})\n`,
      );
    }
  }
  return cached.config;
}
