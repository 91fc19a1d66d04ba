import { DEFAULT_CERT_DIR, DEFAULT_KEY_DIR } from '../paths';
import type { EmulatorOptions } from './types';

/** The Graph resources of the four clouds (docs/configuration.md). */
export const GRAPH_RESOURCES = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
];

/** Obviously fake, but stable, so that `npm start`, the README and tests agree without set-up. */
export const DEFAULT_TENANT_ID = '11111111-1111-4111-8111-111111111111';
export const DEFAULT_CLIENT_ID = '22222222-2222-4222-8222-222222222222';
export const DEFAULT_CLIENT_SECRET = 'emulator-client-secret';
export const DEFAULT_PUBLIC_BASE_URL = 'https://switchboard.test';

export const DEFAULT_OPTIONS: EmulatorOptions = {
  port: 0,
  host: '127.0.0.1',
  tenantId: DEFAULT_TENANT_ID,
  clientId: DEFAULT_CLIENT_ID,
  clientSecret: DEFAULT_CLIENT_SECRET,
  clientCertificatePem: null,
  botBaseUrl: 'http://127.0.0.1:3000',
  botPath: '/api/calling',
  publicBaseUrl: DEFAULT_PUBLIC_BASE_URL,
  tokenLifetimeSeconds: 3600,
  graphResources: GRAPH_RESOURCES,
  notificationIssuer: 'https://graph.microsoft.com',
  notificationTokenReuseSeconds: 60,
  deadlines: { regularMs: 15_000, policyRecordingMs: 5_000 },
  stateOrder: 'normal',
  autoEstablish: true,
  establishDelayMs: 5,
  joinIntervalMs: 20,
  duplicateDelayMs: 0,
  promptDurationMs: 100,
  notificationTimeoutMs: 10_000,
  maxRecordedRequests: 10_000,
  maxCalls: 50_000,
  certDir: DEFAULT_CERT_DIR,
  keyDir: DEFAULT_KEY_DIR,
  log: null,
};

export function resolveOptions(
  partial: Partial<EmulatorOptions> = {},
  base: EmulatorOptions = DEFAULT_OPTIONS,
): EmulatorOptions {
  const defined = Object.fromEntries(
    Object.entries(partial).filter(([, value]) => value !== undefined),
  ) as Partial<EmulatorOptions>;
  return {
    ...base,
    ...defined,
    deadlines: { ...base.deadlines, ...(defined.deadlines ?? {}) },
  };
}

/**
 * Validates `externalUrl` and returns its origin: clients derive every endpoint from it, so a
 * path, query or plain http would only produce URLs nothing answers.
 */
export function externalOrigin(value: string, name = 'externalUrl'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name}: not a URL: ${value}`);
  }
  if (url.protocol !== 'https:') throw new Error(`${name}: must be https: ${value}`);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new Error(`${name}: only scheme, host and port are allowed: ${value}`);
  }
  return url.origin;
}

/** The host of an origin as a certificate names it (IPv6 without brackets). */
export function certificateHostOf(origin: string): string {
  return new URL(origin).hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Options that may change while running (`configure()` and PATCH /_emulator/config). */
export const RUNTIME_OPTIONS = [
  'botBaseUrl',
  'botPath',
  'publicBaseUrl',
  'tokenLifetimeSeconds',
  'graphResources',
  'notificationIssuer',
  'notificationTokenReuseSeconds',
  'deadlines',
  'stateOrder',
  'autoEstablish',
  'establishDelayMs',
  'joinIntervalMs',
  'duplicateDelayMs',
  'promptDurationMs',
  'notificationTimeoutMs',
] as const satisfies ReadonlyArray<keyof EmulatorOptions>;
export type RuntimeOptions = Pick<EmulatorOptions, (typeof RUNTIME_OPTIONS)[number]>;
