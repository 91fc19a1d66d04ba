import type { Modality } from '@microsoft/microsoft-graph-types';
import { join } from 'node:path';
import type { CallRecord, IncomingCall } from '../calls';
import { type AppConfig } from '../config';
import { loadRawConfig } from '../config/config.loader';
import { validateConfig } from '../config/config.validation';
import { sampleCall } from '../store/call-record.testing';

export { callsProviders } from '../calls/calls.testing';

/** Shared by this module's unit specs only. */

const CONFIG_DIR = join(__dirname, '..', '..', 'config');

/** The shipped configuration with these sections' keys replaced, validated as at start-up. */
export function settings(overrides: { media?: object; answer?: object } = {}): AppConfig {
  const raw = loadRawConfig({ configDir: CONFIG_DIR, profile: 'test', env: {} });
  return validateConfig(
    {
      ...raw,
      media: { ...(raw.media as object), ...overrides.media },
      answer: { ...(raw.answer as object), ...overrides.answer },
    },
    'test',
  );
}

/** An incoming call received now, with the usual 15 s deadline. */
export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  return sampleCall({
    id: 'call-1',
    tenantId: 'tenant-1',
    scenarioId: 'scenario-1',
    deadlineAt: new Date(Date.now() + 15_000).toISOString(),
    ...overrides,
  });
}

export function incomingCall(requestedModalities: string[] = ['audio']): IncomingCall {
  return {
    // Any casing Graph sends, which its typings do not list.
    resource: {
      '@odata.type': '#microsoft.graph.call',
      requestedModalities: requestedModalities as Modality[],
    },
    facts: {
      caller: { kind: 'user', id: 'caller-1', displayName: null },
      tenantId: 'tenant-1',
      targetIds: [],
      calledIds: [],
      callRoutes: [],
      requestedModalities: requestedModalities.map((m) => m.toLowerCase()),
      meeting: false,
      pstn: false,
      isPolicyRecording: false,
      policyIdentifier: null,
      callChainId: null,
      direction: 'incoming',
    },
  };
}
