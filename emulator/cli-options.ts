import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './core/types';

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
  };
  if (regularMs !== undefined || policyRecordingMs !== undefined) {
    options.deadlines = {
      regularMs: regularMs ?? 15_000,
      policyRecordingMs: policyRecordingMs ?? 5_000,
    };
  }
  return { options, values: given };
}
