/** Lower camel case, as Graph documents them, whatever casing Graph sent. */
export type CallState =
  | 'incoming'
  | 'establishing'
  | 'ringing'
  | 'established'
  | 'hold'
  | 'transferring'
  | 'transferAccepted'
  | 'redirecting'
  | 'terminating'
  | 'terminated'
  | 'unknown';

export type DecisionAction = 'answer' | 'reject' | 'redirect' | 'defer';
export type DecisionOutcome = 'pending' | 'sent' | 'failed' | 'deadlineMissed';

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

/**
 * A call as the store keeps it: plain JSON, so that every driver (memory, Redis) holds the same
 * thing and the operator API can return it as it is.
 */
export interface CallRecord {
  /** The call id as Graph gave it. */
  id: string;
  state: CallState;
  direction: 'incoming' | 'outgoing' | null;
  tenantId: string | null;
  /** `X-Microsoft-Skype-Chain-ID` or `callChainId`: sent as `Scenario-Id` on Graph requests. */
  scenarioId: string | null;
  isPolicyRecording: boolean;
  policyIdentifier: string | null;
  receivedAt: string;
  deadlineAt: string;
  decision: DecisionAction | null;
  outcome: DecisionOutcome;
  error: CallError | null;
  participantCapacity: number | null;
  participantsHandled: number | null;
  contentSharingSessions: string[];
  /** Last `@odata.etag` seen, e.g. `W/"5445"`. */
  etag: string | null;
  updatedAt: string;
  /** Milliseconds spent in each answering stage (authentication, decision, token, graphRequest). */
  timings: Record<string, number>;
  operations: CallOperation[];
  /** Feature modules keep their own small facts here (e.g. `media`, `policyRecording`). */
  extensions: Record<string, unknown>;
}
