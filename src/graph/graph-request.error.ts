import { explainGraphError } from './explanations/explain';
import type { GraphErrorExplanation } from './explanations/explanation.types';

/** Time spent on one Graph call, so the caller can record each stage. */
export interface GraphTimings {
  /** Waiting for a token (0 when the cached one was valid). */
  readonly tokenMs: number;
  /** On the wire, all attempts together, response bodies included. */
  readonly requestMs: number;
  /** Waiting between attempts (backoff and `Retry-After`). */
  readonly backoffMs: number;
  /** Requests started (a 401 retry included). */
  readonly attempts: number;
  /** The attempts that failed and were tried again, in order; absent when none was. */
  readonly retried?: readonly RetriedAttempt[];
}

/** A failed attempt that was tried again: for the call's journal (and the console's timeline). */
export interface RetriedAttempt {
  /** When it failed, in ms since the request started. */
  readonly afterMs: number;
  /** The HTTP status Graph gave; null when no response came. */
  readonly status: number | null;
  /** Graph's error code, or a local one (`timeout`, `connectionError`...). */
  readonly code: string;
}

/** Codes of failures that got no usable response from Graph; otherwise `code` is Graph's own. */
export const GRAPH_LOCAL_ERROR_CODES = [
  /** DNS, refused or reset connection, TLS failure. */
  'connectionError',
  /** One attempt ran over `graph.requestTimeoutMs` (and no retry was left). */
  'timeout',
  /** The caller's deadline came before Graph answered; nothing more was sent. */
  'deadlineExceeded',
  /** The caller's `AbortSignal` fired. */
  'aborted',
  /** No Graph token could be obtained (credentials missing, Azure AD unreachable). */
  'tokenUnavailable',
  /** The request was refused before sending: bad call id or invalid body. */
  'invalidRequest',
] as const;
export type GraphLocalErrorCode = (typeof GRAPH_LOCAL_ERROR_CODES)[number];

export interface GraphRequestErrorInit {
  status: number | null;
  code: string;
  message: string;
  requestId?: string;
  clientRequestId: string | null;
  timings: GraphTimings;
  retryAfterMs?: number;
  cause?: unknown;
}

/** What a failed Graph request leaves on the call (and in the failure's log line). */
export interface GraphErrorRecord {
  status: number | null;
  code: string;
  message: string;
  explanation?: GraphErrorExplanation;
}

/**
 * Everything that goes wrong talking to Graph. `status` is null when no response was received
 * (then `code` is one of `GRAPH_LOCAL_ERROR_CODES`); otherwise `code` and `message` come from
 * Graph's error body.
 */
export class GraphRequestError extends Error {
  override readonly name = 'GraphRequestError';
  readonly status: number | null;
  readonly code: string;
  /** Graph's `request-id` (error body's innerError, else the response header). */
  readonly requestId: string | undefined;
  /** The `client-request-id` of the last attempt (null when nothing was sent). */
  readonly clientRequestId: string | null;
  readonly attempts: number;
  readonly timings: GraphTimings;
  /** The last `Retry-After`, when Graph sent one. */
  readonly retryAfterMs: number | undefined;
  /** Likely cause and what to check (docs/graph-errors.md); null when the table knows nothing. */
  readonly explanation: GraphErrorExplanation | null;

  constructor(init: GraphRequestErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.clientRequestId = init.clientRequestId;
    this.attempts = init.timings.attempts;
    this.timings = init.timings;
    this.retryAfterMs = init.retryAfterMs;
    this.explanation = explainGraphError(init);
  }

  /** The `error` recorded on a call (docs/guarantees.md), with its explanation when there is one. */
  toRecord(): GraphErrorRecord {
    const record: GraphErrorRecord = {
      status: this.status,
      code: this.code,
      message: this.message,
    };
    if (this.explanation) record.explanation = this.explanation;
    return record;
  }
}

export const NO_TIMINGS: GraphTimings = { tokenMs: 0, requestMs: 0, backoffMs: 0, attempts: 0 };
