/** The operator API's shapes, as far as the console reads them (docs/operations.md). */
export interface CallView {
  id: string;
  state: string;
  direction: string | null;
  tenantId: string | null;
  caller: { kind: string; id: string | null; displayName: string | null } | null;
  isPolicyRecording: boolean;
  policyIdentifier: string | null;
  receivedAt: string;
  deadlineAt: string;
  decision: 'answer' | 'reject' | 'redirect' | 'defer' | null;
  decisionSource: string | null;
  decisionRule: string | null;
  fallbackReason: string | null;
  decidedAt: string | null;
  outcome: 'pending' | 'sent' | 'failed' | 'deadlineMissed';
  error: {
    status: number | null;
    code: string;
    message: string;
    explanation?: GraphErrorExplanation;
  } | null;
  timings: Record<string, number>;
  updatedAt: string;
}

export interface GraphErrorExplanation {
  summary: string;
  check: string;
  source: string;
}

/** One journal entry (docs/journal.md): `at`, `instance`, `kind` and the fields of its kind. */
export interface JournalEntry {
  at: string;
  instance: string;
  callId: string;
  kind: string;
  [field: string]: unknown;
}

/** `GET /api/overview`: the last minutes, one bucket a minute, oldest first. */
export interface Overview {
  generatedAt: string;
  minutes: number;
  instances: string[];
  buckets: OverviewBucket[];
  totals: {
    decisions: number;
    latencyMs: Percentiles;
    deadlineMisses: number;
    takeovers: number;
  };
}

export interface OverviewBucket {
  start: string;
  /** outcome → source → count. */
  decisions: Record<string, Record<string, number>>;
  latencyMs: Percentiles;
  deadlineMisses: number;
  takeovers: number;
}

export interface Percentiles {
  p50: number | null;
  p99: number | null;
}
