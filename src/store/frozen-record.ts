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
 * The memory store keeps and hands out immutable records instead of copying them on every read
 * and write; a caller that wants a changed call builds a new one (`{ ...call, state }`).
 */
export function frozenRecord(call: CallRecord): CallRecord {
  freezeDeep(call);
  return call;
}
