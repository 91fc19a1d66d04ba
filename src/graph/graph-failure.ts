import type { GraphLocalErrorCode, GraphRequestErrorInit } from './graph-request.error';

/** One failed attempt, before the request's timings are attached. */
export type Failure = Omit<GraphRequestErrorInit, 'timings'> & {
  retryable: boolean;
  rejectedToken?: string;
};

/** A failure without a response from Graph (`status: null`). */
export function local(
  code: GraphLocalErrorCode,
  message: string,
  previous?: Failure,
  cause?: unknown,
): Failure {
  return {
    status: null,
    code,
    message: previous ? `${message} (last error: ${describe(previous)})` : message,
    clientRequestId: previous?.clientRequestId ?? null,
    retryable: false,
    cause,
  };
}

/** A failure in one line: status and code first, so that a log reader sees what Graph said. */
function describe(failure: Failure): string {
  const status = failure.status === null ? '' : `HTTP ${failure.status} `;
  return `${status}${failure.code}: ${failure.message}`;
}

export function noResponse(
  error: unknown,
  why: GraphLocalErrorCode | undefined,
  clientRequestId: string,
  timeoutMs: number,
): Failure {
  if (why === undefined) {
    return {
      ...local('connectionError', connectionMessage(error), undefined, error),
      clientRequestId,
      retryable: true,
    };
  }
  const message =
    why === 'timeout'
      ? `Graph did not answer within ${timeoutMs} ms`
      : why === 'aborted'
        ? 'cancelled by the caller'
        : 'the deadline passed before Graph answered';
  // A timed-out attempt may or may not have reached Graph; like a dropped connection, it is retried.
  return {
    ...local(why, message, undefined, error),
    clientRequestId,
    retryable: why === 'timeout',
  };
}

interface ErrorLike {
  code?: string;
  message?: string;
  cause?: unknown;
}

/** `fetch` wraps the network error as its `cause`; undici's `request` throws it as it is. */
function connectionMessage(error: unknown): string {
  const thrown = error as ErrorLike | undefined;
  const cause =
    typeof thrown?.cause === 'object' && thrown.cause !== null
      ? (thrown.cause as ErrorLike)
      : thrown;
  const detail = [cause?.code, cause?.message ?? thrown?.message].filter(Boolean).join(': ');
  return `connection to Graph failed (${detail})`;
}

export function parseJson<T>(text: string): T | undefined {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
