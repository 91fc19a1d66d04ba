import type { CallRecord } from './call-record';

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}

/**
 * A deep copy of a call, field by field: several times faster than `structuredClone` for this
 * shape, and the memory store copies on every read and write. The free-form parts (`incoming`,
 * `extensions`) are plain JSON by contract and copied as such.
 */
export function cloneCallRecord(call: CallRecord): CallRecord {
  return {
    ...call,
    caller: call.caller && { ...call.caller },
    error: call.error && { ...call.error },
    contentSharingSessions: [...call.contentSharingSessions],
    timings: { ...call.timings },
    operations: call.operations.map((operation) => ({ ...operation })),
    incoming: call.incoming && jsonCopy(call.incoming),
    extensions: isEmpty(call.extensions) ? {} : jsonCopy(call.extensions),
  };
}
