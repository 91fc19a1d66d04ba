/**
 * The call states Graph documents (`ringing` is in its SDKs only), in lower camel case, whatever
 * casing Graph sent: the one list the state machine, the operator API and the notification DTOs
 * read.
 */
export const CALL_STATES = [
  'incoming',
  'establishing',
  'ringing',
  'established',
  'hold',
  'transferring',
  'transferAccepted',
  'redirecting',
  'terminating',
  'terminated',
] as const;

/** `unknown`: a state Graph added after this code was written (the call stays as it was). */
export type CallState = (typeof CALL_STATES)[number] | 'unknown';

export type DecisionAction = 'answer' | 'reject' | 'redirect' | 'defer';
export type DecisionOutcome = 'pending' | 'sent' | 'failed' | 'deadlineMissed';
/** Who made the decision that was (or is being) sent. */
/** Who made a decision: the words of `decisionSource` and of the metrics' `source` label. */
export const DECISION_SOURCES = ['handler', 'rule', 'default', 'operator', 'fallback'] as const;
export type DecisionSource = (typeof DECISION_SOURCES)[number];

/** A decision as it goes to Graph, kept so that whichever instance sends it sends the same. */
export interface StoredDecisionRequest {
  action: Exclude<DecisionAction, 'defer'>;
  /** The Graph request body, validated when it was built. */
  body: Record<string, unknown>;
  source: DecisionSource;
  rule: string | null;
}

/**
 * The decision still owed to Graph, as leased work (docs/reliability.md): written with the call
 * before the notification is acknowledged, removed when the outcome is recorded. The instance
 * named `owner` works on it and renews `leaseUntil`; once that passes, any instance may take it.
 */
export interface PendingDecision {
  owner: string;
  /** Epoch milliseconds. */
  leaseUntil: number;
  /** Set when a decision was claimed for sending; a taker sends exactly this. */
  request: StoredDecisionRequest | null;
}

export interface CallError {
  status: number | null;
  code: string;
  message: string;
}

/** A tracked Graph operation (playPrompt, updateRecordingStatus...). */
export interface CallOperation {
  id: string;
  kind: string;
  clientContext: string | null;
  status: string;
  updatedAt: string;
}

/** Who is calling, as far as the incoming notification says. */
export interface CallerInfo {
  kind: 'user' | 'application' | 'phone' | 'guest' | 'anonymous';
  id: string | null;
  displayName: string | null;
}

/**
 * A call as the store keeps it: plain JSON, so that every driver (memory, Redis) holds the same
 * thing. The operator API shows a view of it (see `src/calls/operator/call.view.ts`).
 */
export interface CallRecord {
  /** The call id as Graph gave it. */
  id: string;
  state: CallState;
  direction: 'incoming' | 'outgoing' | null;
  tenantId: string | null;
  /**
   * The verified `tid` of the notification that created the call: every later notification about
   * it must carry the same (tenant binding). Absent on records written before it existed.
   */
  notificationTenantId?: string | null;
  /** `X-Microsoft-Skype-Chain-ID` or `callChainId`: sent as `Scenario-Id` on Graph requests. */
  scenarioId: string | null;
  caller: CallerInfo | null;
  isPolicyRecording: boolean;
  policyIdentifier: string | null;
  receivedAt: string;
  deadlineAt: string;
  decision: DecisionAction | null;
  decisionSource: DecisionSource | null;
  /** When the decision was taken for sending (the claim that makes a second decision a 409). */
  decidedAt: string | null;
  outcome: DecisionOutcome;
  error: CallError | null;
  participantCapacity: number | null;
  participantsHandled: number | null;
  contentSharingSessions: string[];
  /** Last `@odata.etag` applied, e.g. `W/"5445"`. */
  etag: string | null;
  updatedAt: string;
  /** Milliseconds spent in each answering stage (authentication, decision, token, graphRequest). */
  timings: Record<string, number>;
  operations: CallOperation[];
  /** When the next `keepAlive` is due (established calls only); any instance may send it. */
  nextKeepAliveAt: string | null;
  lastKeepAliveAt: string | null;
  /** The decision owed to Graph, from the acknowledgement until its outcome is recorded. */
  pending: PendingDecision | null;
  /**
   * The incoming call's `resourceData`, kept until the decision's outcome, so that whichever
   * instance takes the decision over (or gets the operator's decision) can decide from it.
   */
  incoming: Record<string, unknown> | null;
  /** Feature modules keep their own small facts here (e.g. `media`, `policyRecording`). */
  extensions: Record<string, unknown>;
}

/**
 * A call whose story is over: terminated, or decided other than by an accepted answer. Such a call
 * is only kept for reading, for the retention `expire` gave it; a live call's lifetime is renewed
 * by each write.
 */
export function isSettled(call: Pick<CallRecord, 'state' | 'outcome' | 'decision'>): boolean {
  if (call.state === 'terminated') return true;
  return call.outcome !== 'pending' && !(call.decision === 'answer' && call.outcome === 'sent');
}
