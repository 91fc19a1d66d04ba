import type { CallRecord } from './call-record';

/**
 * Freezes what is not frozen yet. Updates build a new record from the old one's parts, so the
 * parts they keep are frozen already and the walk stops there: a write costs what it changed.
 */
function freezeDeep(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key of Object.keys(value)) freezeDeep((value as Record<string, unknown>)[key]);
}

/**
 * The record as one object literal, fields in one order. Records reach the store built by
 * spreads in many places (`{ ...call, state }`), each in its own order; frozen, such objects
 * ended up with a hidden class of their own each (about 1 KiB of V8 shape data per held call,
 * and property reads that can no longer be cached). Built here, every stored record shares one.
 * A shallow copy: the parts (caller, timings, extensions...) are kept as they are.
 */
function inOneShape(call: CallRecord): CallRecord {
  const record: CallRecord = {
    id: call.id,
    state: call.state,
    direction: call.direction,
    tenantId: call.tenantId,
    notificationTenantId: call.notificationTenantId,
    scenarioId: call.scenarioId,
    caller: call.caller,
    isPolicyRecording: call.isPolicyRecording,
    policyIdentifier: call.policyIdentifier,
    receivedAt: call.receivedAt,
    deadlineAt: call.deadlineAt,
    decision: call.decision,
    decisionSource: call.decisionSource,
    decidedAt: call.decidedAt,
    outcome: call.outcome,
    error: call.error,
    participantCapacity: call.participantCapacity,
    participantsHandled: call.participantsHandled,
    contentSharingSessions: call.contentSharingSessions,
    etag: call.etag,
    updatedAt: call.updatedAt,
    timings: call.timings,
    operations: call.operations,
    nextKeepAliveAt: call.nextKeepAliveAt,
    lastKeepAliveAt: call.lastKeepAliveAt,
    pending: call.pending,
    incoming: call.incoming,
    extensions: call.extensions,
  };
  // A record without `notificationTenantId` gets it as undefined, never deleted: deleting a
  // property would turn the object into a slow dictionary. JSON drops it either way.
  return record;
}

/**
 * The memory store keeps and hands out immutable records instead of copying them on every read
 * and write; a caller that wants a changed call builds a new one (`{ ...call, state }`).
 */
export function frozenRecord(call: CallRecord): CallRecord {
  const record = inOneShape(call);
  freezeDeep(record);
  return record;
}
