import type { RepeatMarker } from './call-store';

/**
 * The Redis key layout (docs/reliability.md). Everything of one call shares the hash tag
 * `{<call id>}`, so it lives in one Cluster slot and a script may touch it all. The indexes that
 * span calls are sharded, each shard its own slot, so no key grows with the whole deployment and
 * scans go shard by shard.
 */
export const INDEX_SHARDS = 8;

/** A stable, cheap shard of an id (FNV-1a). */
export function shardOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % INDEX_SHARDS;
}

export class RedisKeys {
  constructor(private readonly prefix: string) {}

  call(id: string): string {
    return `${this.prefix}call:{${id}}`;
  }

  seats(id: string): string {
    return `${this.prefix}seats:{${id}}`;
  }

  /** The listing of calls for the operator API, shard `shard` (a sorted set by `receivedAt`). */
  listing(shard: number): string {
    return `${this.prefix}calls:byReceived:{shard-${shard}}`;
  }

  /** When each call of shard `shard` must be looked at again (a sorted set of epoch ms). */
  due(shard: number): string {
    return `${this.prefix}due:{shard-${shard}}`;
  }

  /**
   * A delivery's repeat marker: under its call's hash tag when it names one, so that the call's
   * own scripts may write it; else a slot of its own.
   */
  seen(marker: RepeatMarker): string {
    return marker.callId === undefined
      ? `${this.prefix}seen:{${marker.key}}`
      : `${this.prefix}seen:{${marker.callId.toLowerCase()}}:${marker.key}`;
  }

  group(group: string): string {
    return `${this.prefix}group:{${group}}`;
  }

  /**
   * One instance's overview minutes (`GET /api/overview`). Every overview key shares the tag
   * `{overview}`, so the index and the minutes it lists sit in one slot: one script writes both,
   * one MGET reads them all.
   */
  overviewMinutes(instanceToken: string): string {
    return `${this.prefix}overview:{overview}:${instanceToken}`;
  }

  /** The instances that published overview minutes (a sorted set by last publication, epoch ms). */
  overviewInstances(): string {
    return `${this.prefix}overview:{overview}:instances`;
  }

  /** Readiness' own call-shaped keys. */
  probe(token: string): { call: string; seats: string } {
    return {
      call: `${this.prefix}probe:{${token}}`,
      seats: `${this.prefix}probe-seats:{${token}}`,
    };
  }
}
