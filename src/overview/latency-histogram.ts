/**
 * Decision latency as a fixed-bucket histogram: every instance uses the same bucket edges, so
 * histograms from several instances (and minutes) merge by adding counts, and percentiles come from
 * the merged counts. Buckets grow geometrically (8 per doubling, each about 9 % wider than the last)
 * from 0.1 ms, so a percentile is off by at most one bucket's width, whatever the scale.
 */

/** Upper edge of bucket 0, in milliseconds. */
const LOWEST_EDGE_MS = 0.1;
/** Buckets per doubling of latency. */
const PER_DOUBLING = 8;
/** The last bucket: 0.1 ms × 2^(200/8) ≈ 56 minutes, far past any call's deadline. */
export const LAST_BUCKET = 200;

/** Sparse counts: bucket index → how many latencies fell in it. */
export type BucketCounts = Record<number, number>;

/** A histogram and the exact extremes seen, so that a percentile never leaves the observed range. */
export interface LatencyHistogram {
  counts: BucketCounts;
  count: number;
  minMs: number;
  maxMs: number;
}

export interface LatencyPercentiles {
  p50: number | null;
  p99: number | null;
}

export function emptyHistogram(): LatencyHistogram {
  return { counts: {}, count: 0, minMs: Infinity, maxMs: -Infinity };
}

/** The bucket `ms` falls in: bucket i holds (edge(i - 1), edge(i)]. */
export function bucketOf(ms: number): number {
  if (!(ms > LOWEST_EDGE_MS)) return 0;
  const index = Math.ceil(Math.log2(ms / LOWEST_EDGE_MS) * PER_DOUBLING);
  return Math.min(index, LAST_BUCKET);
}

/** The upper edge of bucket `index`, in milliseconds. */
export function upperEdgeMs(index: number): number {
  return LOWEST_EDGE_MS * 2 ** (index / PER_DOUBLING);
}

/** Counts one latency. O(1): it runs once per decision. */
export function observe(histogram: LatencyHistogram, ms: number): void {
  const index = bucketOf(ms);
  histogram.counts[index] = (histogram.counts[index] ?? 0) + 1;
  histogram.count += 1;
  if (ms < histogram.minMs) histogram.minMs = ms;
  if (ms > histogram.maxMs) histogram.maxMs = ms;
}

/** Adds `from` into `into` (counts summed, extremes widened). */
export function mergeInto(into: LatencyHistogram, from: LatencyHistogram): void {
  for (const [index, count] of Object.entries(from.counts)) {
    const i = Number(index);
    into.counts[i] = (into.counts[i] ?? 0) + count;
  }
  into.count += from.count;
  into.minMs = Math.min(into.minMs, from.minMs);
  into.maxMs = Math.max(into.maxMs, from.maxMs);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * The `q` quantile (0 < q ≤ 1) by nearest rank: the upper edge of the bucket holding the
 * ⌈q·n⌉-th latency, kept within the observed minimum and maximum (so one latency reads back as
 * itself). Null when nothing was observed.
 */
export function quantile(histogram: LatencyHistogram, q: number): number | null {
  if (histogram.count === 0) return null;
  const rank = Math.max(1, Math.ceil(q * histogram.count));
  const indexes = Object.keys(histogram.counts)
    .map(Number)
    .sort((a, b) => a - b);
  let seen = 0;
  for (const index of indexes) {
    seen += histogram.counts[index];
    if (seen >= rank) {
      const edge = upperEdgeMs(index);
      return round(Math.min(Math.max(edge, histogram.minMs), histogram.maxMs));
    }
  }
  return round(histogram.maxMs);
}

export function percentiles(histogram: LatencyHistogram): LatencyPercentiles {
  return { p50: quantile(histogram, 0.5), p99: quantile(histogram, 0.99) };
}
