import { randomUUID } from 'node:crypto';
import type { CallRecord } from './call-record';

/*
 * Specs of every module build their calls with this (out of the build, like every `*.testing.ts`,
 * and so not on the store's public `index.ts`).
 */

/** A complete, valid record of an incoming call with a fresh id; tests override what they look at. */
export function sampleCall(overrides: Partial<CallRecord> = {}): CallRecord {
  const now = new Date().toISOString();
  return {
    id: `Call-${randomUUID()}`,
    state: 'incoming',
    direction: 'incoming',
    tenantId: null,
    scenarioId: null,
    caller: null,
    isPolicyRecording: false,
    policyIdentifier: null,
    receivedAt: now,
    deadlineAt: now,
    decision: null,
    decisionSource: null,
    decidedAt: null,
    outcome: 'pending',
    error: null,
    participantCapacity: null,
    participantsHandled: null,
    contentSharingSessions: [],
    etag: null,
    updatedAt: now,
    timings: {},
    operations: [],
    nextKeepAliveAt: null,
    lastKeepAliveAt: null,
    pending: null,
    incoming: null,
    extensions: {},
    ...overrides,
  };
}
