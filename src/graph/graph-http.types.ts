import type { GraphTimings } from './graph-request.error';

/** Per-call options of every Graph request. */
export interface GraphRequestOptions {
  /** Cancels the request in flight and any wait between attempts (`code: 'aborted'`). */
  signal?: AbortSignal;
  /**
   * The call's deadline on the `performance.now()` clock (the clock of the notification's
   * `receivedAtMono`), so that wall-clock jumps cannot move it. No attempt or wait starts that would
   * run past it, and a request still in flight at that moment is cancelled (`deadlineExceeded`).
   */
  deadlineAt?: number;
  /** The call's correlation id, sent as `Scenario-Id`. */
  scenarioId?: string;
}

export interface GraphHttpOptions {
  /** Graph root with its version, e.g. `https://graph.microsoft.com/v1.0` (tests: a local http URL). */
  baseUrl: string;
  requestTimeoutMs: number;
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number };
}

export interface GraphResponse<T> {
  status: number;
  /** The parsed JSON body, when there was one. */
  body: T | undefined;
  /** `Location` (operations answer with theirs). */
  location: string | undefined;
  requestId: string | undefined;
  clientRequestId: string;
  timings: GraphTimings;
}

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';
