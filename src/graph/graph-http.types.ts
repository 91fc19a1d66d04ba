import type { GraphTimings } from './graph-request.error';
import type { RetrySettings } from './retry.policy';

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
  /** Retry pacing; `defaultBudgetMs` bounds the retries of a request that carries no deadline. */
  retry: RetrySettings & { readonly defaultBudgetMs: number };
  pool: GraphPoolOptions;
}

/** The connection pool to Graph (one undici `Agent`). */
export interface GraphPoolOptions {
  /** Connections per origin at most; requests beyond them queue instead of opening more. */
  connections: number;
  /** An idle connection is kept this long when Graph sends no keep-alive hint. */
  keepAliveTimeoutMs: number;
  /** The longest idle time kept, whatever keep-alive hint Graph sends. */
  keepAliveMaxTimeoutMs: number;
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
