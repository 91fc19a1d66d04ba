import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { externalOrigin } from './core/options';
import type { EmulatorOptions } from './core/types';
import { parseServerNames } from './tls/server-names';

/** Flags of `npm run emulator`, each with an environment variable as fallback. */
const FLAGS = {
  port: { env: 'EMULATOR_PORT', help: 'port to listen on (default 8443; 0 = any free port)' },
  host: { env: 'EMULATOR_HOST', help: 'interface (default 127.0.0.1)' },
  'tenant-id': { env: 'EMULATOR_TENANT_ID', help: 'tenant id' },
  'client-id': { env: 'EMULATOR_CLIENT_ID', help: "the bot's app (client) id" },
  'client-secret': { env: 'EMULATOR_CLIENT_SECRET', help: "the bot's client secret" },
  bot: { env: 'EMULATOR_BOT_URL', help: 'where the bot listens (default http://127.0.0.1:3000)' },
  'public-base-url': {
    env: 'EMULATOR_PUBLIC_BASE_URL',
    help: "the bot's PUBLIC_BASE_URL, mapped to --bot (default https://switchboard.test)",
  },
  'token-lifetime': { env: 'EMULATOR_TOKEN_LIFETIME_S', help: 'Graph token lifetime in seconds' },
  'deadline-ms': { env: 'EMULATOR_DEADLINE_MS', help: 'answer deadline, regular calls (15000)' },
  'pbr-deadline-ms': {
    env: 'EMULATOR_PBR_DEADLINE_MS',
    help: 'answer deadline, policy-based recording (5000)',
  },
  'state-order': { env: 'EMULATOR_STATE_ORDER', help: 'normal | reversed' },
  'cert-dir': {
    env: 'EMULATOR_CERT_DIR',
    help: 'folder of the CA (ca.pem) and server certificate (default .emulator/certs)',
  },
  'cert-hosts': {
    env: 'EMULATOR_CERT_HOSTS',
    help: 'extra comma-separated names the server certificate covers, e.g. emulator',
  },
  'external-url': {
    env: 'EMULATOR_EXTERNAL_URL',
    help: 'https origin clients reach the emulator at, e.g. https://emulator:8443',
  },
} as const;

export type FlagName = keyof typeof FLAGS;

export function usage(command: string, extra: Record<string, string> = {}): string {
  const lines = Object.entries({
    ...Object.fromEntries(Object.entries(FLAGS).map(([k, v]) => [k, `${v.help} [${v.env}]`])),
    ...extra,
  }).map(([name, help]) => `  --${name.padEnd(18)} ${help}`);
  return `usage: ${command} [options]\n${lines.join('\n')}\n`;
}

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${name}: expected a non-negative integer, got ${value}`);
  return n;
}

/** Runs a parser on a flag's value, naming the flag in its error. */
function flagValue<T>(name: FlagName, parse: (value: string) => T, value: string): T {
  try {
    return parse(value);
  } catch (error) {
    throw new Error(`--${name}: ${(error as Error).message}`);
  }
}

/** Parses emulator flags (plus `extra` ones the caller handles) into emulator options. */
export function parseEmulatorArgs(
  argv: string[],
  extra: Record<string, { type: 'string' | 'boolean' }> = {},
  env: NodeJS.ProcessEnv = process.env,
): { options: Partial<EmulatorOptions>; values: Record<string, string | boolean | undefined> } {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(Object.keys(FLAGS).map((k) => [k, { type: 'string' as const }])),
      ...extra,
      help: { type: 'boolean' },
    },
    allowPositionals: false,
    strict: true,
  });
  const given = values as Record<string, string | boolean | undefined>;
  const get = (name: FlagName): string | undefined => {
    const v = given[name];
    return typeof v === 'string' ? v : env[FLAGS[name].env];
  };
  const stateOrder = get('state-order');
  if (stateOrder !== undefined && stateOrder !== 'normal' && stateOrder !== 'reversed') {
    throw new Error('--state-order: normal or reversed');
  }
  // Blank counts as unset, so that `EMULATOR_CERT_DIR=` in a compose file means the default.
  const text = (name: FlagName): string | undefined => get(name)?.trim() || undefined;
  const certDir = text('cert-dir');
  const certHosts = text('cert-hosts');
  const externalUrl = text('external-url');
  const regularMs = int('deadline-ms', get('deadline-ms'));
  const policyRecordingMs = int('pbr-deadline-ms', get('pbr-deadline-ms'));
  const options: Partial<EmulatorOptions> = {
    port: int('port', get('port')) ?? 8443,
    host: get('host'),
    tenantId: get('tenant-id'),
    clientId: get('client-id'),
    clientSecret: get('client-secret'),
    botBaseUrl: get('bot'),
    publicBaseUrl: get('public-base-url'),
    tokenLifetimeSeconds: int('token-lifetime', get('token-lifetime')),
    stateOrder,
    certDir: certDir === undefined ? undefined : resolve(certDir),
    certHosts:
      certHosts === undefined ? undefined : flagValue('cert-hosts', parseServerNames, certHosts),
    externalUrl:
      externalUrl === undefined ? undefined : externalOrigin(externalUrl, '--external-url'),
  };
  if (regularMs !== undefined || policyRecordingMs !== undefined) {
    options.deadlines = {
      regularMs: regularMs ?? 15_000,
      policyRecordingMs: policyRecordingMs ?? 5_000,
    };
  }
  return { options, values: given };
}

/**
 * Arguments of `ensure-certs.ts`: `[dir] [--cert-dir <dir>] [--cert-hosts <names>]
 * [--trust-bundle]`. Unlike the
 * emulator it reads no environment variables: scripts/run-tests.mjs trusts the CA it prints for
 * the in-process emulators of the tests, which always use the default folder, so an
 * EMULATOR_CERT_DIR meant for a standalone emulator must not redirect it.
 */
export function parseEnsureCertsArgs(
  argv: string[],
  defaultDir: string,
): { dir: string; hosts: string[]; help: boolean; trustBundle: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'cert-dir': { type: 'string' },
      'cert-hosts': { type: 'string' },
      'trust-bundle': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new Error('at most one folder');
  if (positionals.length === 1 && values['cert-dir'] !== undefined) {
    throw new Error('give the folder either as an argument or as --cert-dir, not both');
  }
  const dir = values['cert-dir'] ?? positionals[0];
  const hosts = values['cert-hosts'];
  return {
    dir: dir ? resolve(dir) : defaultDir,
    hosts: hosts === undefined ? [] : flagValue('cert-hosts', parseServerNames, hosts),
    help: values.help === true,
    trustBundle: values['trust-bundle'] === true,
  };
}
