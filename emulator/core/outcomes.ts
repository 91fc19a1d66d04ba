import type { BotAction, CallRecord, EmulatorStats } from './types';
import { percentile } from './util';

/** The decision of a call that ended undecided. */
export const NO_ACTION: BotAction = {
  callId: '',
  kind: 'none',
  accepted: false,
  deadlineMissed: false,
  latencyMs: null,
  body: null,
  clientRequestId: null,
  scenarioId: null,
  at: null,
};

/** How a participant's call ended, in words. */
export function resultOf(action: BotAction): string {
  if (action.deadlineMissed) return 'deadlineMissed';
  switch (action.kind) {
    case 'answer':
      return 'answered';
    case 'reject':
      return 'rejected';
    case 'redirect':
      return 'redirected';
    default:
      return 'pending';
  }
}

export function computeStats(records: readonly CallRecord[]): EmulatorStats {
  const count = (outcome: string): number => records.filter((r) => r.outcome === outcome).length;
  const latencies = records
    .map((r) => (r.action?.accepted ? r.action.latencyMs : null))
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  return {
    calls: records.length,
    answered: count('answered'),
    rejected: count('rejected'),
    redirected: count('redirected'),
    deadlineMisses: count('deadlineMissed'),
    pending: count('pending'),
    undeliverable: records.filter((r) =>
      r.deliveries.some((d) => d.kind === 'incoming' && d.status === 0),
    ).length,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? null,
    },
  };
}
