import { emptyHistogram, mergeInto, percentiles } from './latency-histogram';
import {
  emptyBucket,
  MINUTE_MS,
  minuteOf,
  OVERVIEW_OUTCOMES,
  OVERVIEW_SOURCES,
  type MinuteBucket,
} from './minute-buckets';
import type { DecisionCounts, Overview } from './overview';

/** One instance's minutes, as it keeps or published them. */
export interface InstanceMinutes {
  readonly instance: string;
  readonly buckets: readonly MinuteBucket[];
}

function zeroCounts(): DecisionCounts {
  const zero = (): Record<string, number> =>
    Object.fromEntries(OVERVIEW_SOURCES.map((source) => [source, 0]));
  return { sent: zero(), failed: zero(), deadlineMissed: zero() };
}

function add(into: MinuteBucket, from: MinuteBucket): void {
  for (const outcome of OVERVIEW_OUTCOMES) {
    for (const [source, count] of Object.entries(from.decisions[outcome] ?? {})) {
      const bySource = (into.decisions[outcome] ??= {}) as Record<string, number>;
      bySource[source] = (bySource[source] ?? 0) + count;
    }
  }
  mergeInto(into.latency, from.latency);
  into.deadlineMisses += from.deadlineMisses;
  into.takeovers += from.takeovers;
}

function decisionCounts(bucket: MinuteBucket): DecisionCounts {
  const counts = zeroCounts();
  for (const outcome of OVERVIEW_OUTCOMES) {
    for (const [source, count] of Object.entries(bucket.decisions[outcome] ?? {})) {
      counts[outcome][source] = (counts[outcome][source] ?? 0) + count;
    }
  }
  return counts;
}

function total(bucket: MinuteBucket): number {
  let sum = 0;
  for (const bySource of Object.values(bucket.decisions)) {
    for (const count of Object.values(bySource)) sum += count;
  }
  return sum;
}

/**
 * The overview of the last `minutes` minutes at `now` (the current minute last), from every
 * instance's minutes: counts added, latency histograms added, and percentiles read from the sums
 * (never averaged across instances or minutes). Minutes outside the window are ignored; minutes
 * without decisions are there with zeros, so a chart has one point per minute.
 */
export function buildOverview(
  sources: readonly InstanceMinutes[],
  now: number,
  minutes: number,
): Overview {
  const last = minuteOf(now);
  const first = last - (minutes - 1) * MINUTE_MS;
  const window = Array.from({ length: minutes }, (_, i) => emptyBucket(first + i * MINUTE_MS));
  for (const source of sources) {
    for (const bucket of source.buckets) {
      if (bucket.start < first || bucket.start > last || bucket.start % MINUTE_MS !== 0) continue;
      add(window[(bucket.start - first) / MINUTE_MS], bucket);
    }
  }
  const latency = emptyHistogram();
  let decisions = 0;
  let deadlineMisses = 0;
  let takeovers = 0;
  for (const bucket of window) {
    mergeInto(latency, bucket.latency);
    decisions += total(bucket);
    deadlineMisses += bucket.deadlineMisses;
    takeovers += bucket.takeovers;
  }
  return {
    generatedAt: new Date(now).toISOString(),
    minutes,
    instances: sources.map((source) => source.instance),
    buckets: window.map((bucket) => ({
      start: new Date(bucket.start).toISOString(),
      decisions: decisionCounts(bucket),
      latencyMs: percentiles(bucket.latency),
      deadlineMisses: bucket.deadlineMisses,
      takeovers: bucket.takeovers,
    })),
    totals: { decisions, latencyMs: percentiles(latency), deadlineMisses, takeovers },
  };
}
