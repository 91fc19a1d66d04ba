import { join } from 'node:path';
import type { Provider } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { CallsService, type CallRecord, type IncomingCall } from '../calls';
import { type AppConfig } from '../config';
import { loadRawConfig } from '../config/config.loader';
import { validateConfig } from '../config/config.validation';
import { CALL_STORE, MemoryCallStore } from '../store';

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

export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  const now = new Date();
  return {
    id: 'call-1',
    state: 'incoming',
    direction: 'incoming',
    tenantId: 'tenant-1',
    scenarioId: 'scenario-1',
    caller: null,
    isPolicyRecording: false,
    policyIdentifier: null,
    receivedAt: now.toISOString(),
    deadlineAt: new Date(now.getTime() + 15_000).toISOString(),
    decision: null,
    decisionSource: null,
    decidedAt: null,
    outcome: 'pending',
    error: null,
    participantCapacity: null,
    participantsHandled: null,
    contentSharingSessions: [],
    etag: null,
    updatedAt: now.toISOString(),
    timings: {},
    operations: [],
    nextKeepAliveAt: null,
    lastKeepAliveAt: null,
    incoming: null,
    extensions: {},
    ...overrides,
  };
}

export function incomingCall(requestedModalities: string[] = ['audio']): IncomingCall {
  return {
    resource: { '@odata.type': '#microsoft.graph.call', requestedModalities },
    facts: {
      caller: { kind: 'user', id: 'caller-1', displayName: null },
      tenantId: 'tenant-1',
      targetIds: [],
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

/** The real `CallsService` over an in-memory store, as the feature modules use it. */
export function callsProviders(store = new MemoryCallStore()): Provider[] {
  return [
    CallsService,
    { provide: CALL_STORE, useValue: store },
    { provide: PinoLogger, useValue: { logger: pino({ level: 'silent' }) } },
  ];
}
