import type { LatencyPercentiles } from './latency-histogram';
import type { OverviewOutcome } from './minute-buckets';

/** Decisions by outcome, then by source: every outcome and every source present, zeros included. */
export type DecisionCounts = Record<OverviewOutcome, Record<string, number>>;

/** One minute of the whole deployment (every instance merged). */
export interface OverviewMinute {
  /** ISO time of the minute's start. */
  start: string;
  decisions: DecisionCounts;
  latencyMs: LatencyPercentiles;
  deadlineMisses: number;
  takeovers: number;
}

/** `GET /api/overview`. */
export interface Overview {
  generatedAt: string;
  minutes: number;
  /** The instances whose minutes were merged (this one first). */
  instances: string[];
  /** Oldest first, one per minute, the current (partial) minute last. */
  buckets: OverviewMinute[];
  totals: {
    decisions: number;
    latencyMs: LatencyPercentiles;
    deadlineMisses: number;
    takeovers: number;
  };
}
