import { DECISION_SOURCES, type DecisionSource } from '../store';
import { emptyHistogram, observe, type LatencyHistogram } from './latency-histogram';

/** The outcomes a decision ends with (`pending` is not an end). */
export const OVERVIEW_OUTCOMES = ['sent', 'failed', 'deadlineMissed'] as const;
export type OverviewOutcome = (typeof OVERVIEW_OUTCOMES)[number];

/** Who made a decision, in the words of `switchboard_decision_sources_total`'s `source` label. */
export const OVERVIEW_SOURCES = DECISION_SOURCES;

export const MINUTE_MS = 60_000;
/** How far back an instance keeps (and publishes) its minutes; the most `?minutes=` may ask. */
export const RETAINED_MINUTES = 60;

/** One minute of one instance's decisions. Sparse: a count is absent until it is 1. */
export interface MinuteBucket {
  /** Epoch ms of the minute's first millisecond. */
  start: number;
  decisions: Partial<Record<OverviewOutcome, Partial<Record<DecisionSource, number>>>>;
  /** Latency of the decisions Graph accepted, as `switchboard_decision_latency_seconds` measures it. */
  latency: LatencyHistogram;
  deadlineMisses: number;
  takeovers: number;
}

export function minuteOf(epochMs: number): number {
  return Math.floor(epochMs / MINUTE_MS) * MINUTE_MS;
}

export function emptyBucket(start: number): MinuteBucket {
  return { start, decisions: {}, latency: emptyHistogram(), deadlineMisses: 0, takeovers: 0 };
}

/**
 * One instance's decisions per minute over the last hour, in memory. Counting is O(1) (the current
 * minute's bucket is at hand); older minutes are dropped when a new one starts, so memory stays at
 * about an hour of buckets whatever the traffic.
 */
export class MinuteBuckets {
  private readonly buckets = new Map<number, MinuteBucket>();
  private current: MinuteBucket | undefined;
  /** Bumped by every count: a publisher sends only when something changed. */
  version = 0;

  recordDecision(
    at: number,
    outcome: OverviewOutcome,
    source: DecisionSource,
    latencyMs: number | undefined,
  ): void {
    const bucket = this.bucketAt(at);
    const bySource = (bucket.decisions[outcome] ??= {});
    bySource[source] = (bySource[source] ?? 0) + 1;
    if (outcome === 'deadlineMissed') bucket.deadlineMisses += 1;
    if (latencyMs !== undefined && Number.isFinite(latencyMs) && latencyMs >= 0) {
      observe(bucket.latency, latencyMs);
    }
    this.version += 1;
  }

  recordTakeover(at: number): void {
    this.bucketAt(at).takeovers += 1;
    this.version += 1;
  }

  /** The minutes kept at `now` (the last `RETAINED_MINUTES`, the current one included), oldest first. */
  recent(now: number): MinuteBucket[] {
    const oldest = minuteOf(now) - (RETAINED_MINUTES - 1) * MINUTE_MS;
    return [...this.buckets.values()]
      .filter((bucket) => bucket.start >= oldest)
      .sort((a, b) => a.start - b.start);
  }

  private bucketAt(at: number): MinuteBucket {
    const start = minuteOf(at);
    if (this.current?.start === start) return this.current;
    let bucket = this.buckets.get(start);
    if (!bucket) {
      bucket = emptyBucket(start);
      this.buckets.set(start, bucket);
      this.prune(start);
    }
    // A late count for an earlier minute (clock step) goes to its own minute, not the current.
    if (!this.current || start >= this.current.start) this.current = bucket;
    return bucket;
  }

  /** Once per new minute: drops what fell out of the hour. */
  private prune(newest: number): void {
    const oldest = newest - (RETAINED_MINUTES - 1) * MINUTE_MS;
    for (const start of this.buckets.keys()) if (start < oldest) this.buckets.delete(start);
  }
}
