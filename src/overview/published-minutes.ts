import { LAST_BUCKET, emptyHistogram, type LatencyHistogram } from './latency-histogram';
import {
  MINUTE_MS,
  OVERVIEW_OUTCOMES,
  type MinuteBucket,
  type OverviewOutcome,
} from './minute-buckets';
import type { InstanceMinutes } from './overview.merge';

/**
 * How an instance's minutes travel through Redis: JSON, the histogram's extremes as null when it
 * is empty (JSON has no Infinity). Read back defensively: an entry written by another version, or
 * by hand, is skipped rather than allowed to break the overview.
 */
interface PublishedBucket {
  start: number;
  decisions: MinuteBucket['decisions'];
  latency: { counts: Record<string, number>; count: number; minMs: number; maxMs: number } | null;
  deadlineMisses: number;
  takeovers: number;
}

interface Published {
  instance: string;
  buckets: PublishedBucket[];
}

export function serializeMinutes(instance: string, buckets: readonly MinuteBucket[]): string {
  const published: Published = {
    instance,
    buckets: buckets.map((bucket) => ({
      start: bucket.start,
      decisions: bucket.decisions,
      latency: bucket.latency.count > 0 ? bucket.latency : null,
      deadlineMisses: bucket.deadlineMisses,
      takeovers: bucket.takeovers,
    })),
  };
  return JSON.stringify(published);
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseDecisions(value: unknown): MinuteBucket['decisions'] | undefined {
  if (!isObject(value)) return undefined;
  const decisions: Record<string, Record<string, number>> = {};
  for (const [outcome, bySource] of Object.entries(value)) {
    if (!OVERVIEW_OUTCOMES.includes(outcome as OverviewOutcome) || !isObject(bySource)) {
      return undefined;
    }
    if (!Object.values(bySource).every(isCount)) return undefined;
    decisions[outcome] = bySource as Record<string, number>;
  }
  return decisions;
}

function parseLatency(value: unknown): LatencyHistogram | undefined {
  if (value === null) return emptyHistogram();
  if (!isObject(value) || !isObject(value.counts) || !isCount(value.count)) return undefined;
  const { minMs, maxMs } = value;
  if (typeof minMs !== 'number' || typeof maxMs !== 'number' || !(minMs <= maxMs)) return undefined;
  const counts: Record<number, number> = {};
  for (const [index, count] of Object.entries(value.counts)) {
    const i = Number(index);
    if (!Number.isInteger(i) || i < 0 || i > LAST_BUCKET || !isCount(count)) return undefined;
    counts[i] = count;
  }
  return { counts, count: value.count, minMs, maxMs };
}

function parseBucket(value: unknown): MinuteBucket | undefined {
  if (!isObject(value)) return undefined;
  const { start, deadlineMisses, takeovers } = value;
  if (!isCount(start) || start % MINUTE_MS !== 0) return undefined;
  if (!isCount(deadlineMisses) || !isCount(takeovers)) return undefined;
  const decisions = parseDecisions(value.decisions);
  const latency = parseLatency(value.latency);
  if (!decisions || !latency) return undefined;
  return { start, decisions, latency, deadlineMisses, takeovers };
}

/** An instance's published minutes, or undefined when the text is not what `serializeMinutes` writes. */
export function parseMinutes(text: string): InstanceMinutes | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || typeof value.instance !== 'string' || !Array.isArray(value.buckets)) {
    return undefined;
  }
  const buckets: MinuteBucket[] = [];
  for (const item of value.buckets) {
    const bucket = parseBucket(item);
    if (!bucket) return undefined;
    buckets.push(bucket);
  }
  return { instance: value.instance, buckets };
}
