import type { CallRecord } from './call-record';
import { frozenRecord } from './frozen-record';

/** A stored record as this instance last read or wrote it: the JSON Redis holds, and its parse. */
export interface KnownRecord {
  readonly json: string;
  readonly record: CallRecord;
}

/**
 * The last version of each recent call this instance saw, so that an update can go straight to
 * the compare-and-set (one round trip instead of a read and a write) and a read that finds the
 * same JSON does not parse it again. Only a hint: the compare-and-set in Redis decides, and a
 * stale entry costs one retry, whose script hands back the current version. Bounded, oldest
 * first out, so memory does not grow with the calls held.
 */
export class RedisRecordCache {
  private readonly entries = new Map<string, KnownRecord>();

  constructor(private readonly capacity: number) {}

  get(key: string): KnownRecord | undefined {
    return this.entries.get(key);
  }

  /** The record for `json` read from Redis: the known one when unchanged, else parsed and kept. */
  fromJson(key: string, json: string): CallRecord {
    const known = this.entries.get(key);
    if (known?.json === json) return known.record;
    return this.remember(key, json, JSON.parse(json) as CallRecord);
  }

  /** Keeps `record` (frozen: callers share it read-only) as what Redis holds under `json`. */
  remember(key: string, json: string, record: CallRecord): CallRecord {
    const frozen = frozenRecord(record);
    // Re-inserted at the end: the map's order is the order of last use.
    this.entries.delete(key);
    this.entries.set(key, { json, record: frozen });
    if (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return frozen;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
