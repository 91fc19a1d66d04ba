import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, request as undiciRequest } from 'undici';
import { GRAPH_HTTP_OPTIONS, GRAPH_TOKEN_SOURCE } from './graph.constants';
import { parseGraphError } from './graph-error.parser';
import { AttemptGuard } from './attempt.guard';
import { Failure, local, noResponse, parseJson } from './graph-failure';
import type {
  GraphHttpOptions,
  GraphMethod,
  GraphPoolOptions,
  GraphRequestOptions,
  GraphResponse,
} from './graph-http.types';
import { GraphRequestError, type RetriedAttempt } from './graph-request.error';
import { GraphTokenSource, GraphTokenUnavailableError } from './graph-token.source';
import { nextRetry, parseRetryAfter, RETRYABLE_STATUSES, sleep } from './retry.policy';

/** An attempt needs at least this much time before the deadline to be worth starting. */
const MIN_ATTEMPT_MS = 10;
/**
 * A retry is only scheduled with this much time left before the deadline: an answer's round trip
 * to Graph takes a few hundred ms, and a retry cut off in flight may be accepted by Graph yet
 * recorded as missed.
 */
const RETRY_RESERVE_MS = 250;
/** Header-safe correlation ids only: a scenario id may come from a notification body. */
const SCENARIO_ID = /^[\w.:-]{1,128}$/;

type Outcome<T> = { ok: true; response: GraphResponse<T> } | { ok: false; failure: Failure };

/** A response header as `fetch`'s `Headers.get` gives it: repeated values joined, null if absent. */
function headerOf(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

interface Tally {
  tokenMs: number;
  requestMs: number;
  backoffMs: number;
  attempts: number;
  /** Created on the first retry only, so a request that succeeds at once allocates nothing. */
  retried?: RetriedAttempt[];
}

function noteRetry(tally: Tally, startedAt: number, failure: Failure): void {
  const retry = {
    afterMs: Math.round(performance.now() - startedAt),
    status: failure.status,
    code: failure.code,
  };
  (tally.retried ??= []).push(retry);
}

/**
 * Graph over undici (keep-alive connections of its own; TLS verified against Node's CA store and
 * NODE_EXTRA_CA_CERTS, as `tls.connect` does by default): bearer token, a fresh
 * `client-request-id` per attempt, retries on 429/502/503/504, timeouts and connection errors
 * (paced by `nextRetry`, honouring `Retry-After`) for as long as the caller's deadline leaves
 * room, one retry with a new token after a 401, and Graph's error body as a `GraphRequestError`. `undici.request` rather than `fetch`: the same
 * connections for a fraction of the CPU per request, and redirects are not followed either way.
 */
@Injectable()
export class GraphHttpClient implements OnApplicationShutdown {
  private readonly dispatcher: Agent;

  constructor(
    @Inject(GRAPH_HTTP_OPTIONS) private readonly options: GraphHttpOptions,
    @Inject(GRAPH_TOKEN_SOURCE) private readonly tokens: GraphTokenSource,
  ) {
    const { connections, keepAliveTimeoutMs, keepAliveMaxTimeoutMs } = options.pool;
    // A bounded pool kept warm: under a burst, requests wait for a connection instead of each
    // opening its own (a TLS handshake storm), and a quiet minute does not cost a new handshake.
    this.dispatcher = new Agent({
      connections,
      keepAliveTimeout: keepAliveTimeoutMs,
      keepAliveMaxTimeout: Math.max(keepAliveMaxTimeoutMs, keepAliveTimeoutMs),
    });
  }

  /** After the in-flight work was given its grace: lets requests still running finish. */
  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }

  async request<T>(
    method: GraphMethod,
    path: string,
    body?: unknown,
    opts: GraphRequestOptions = {},
  ): Promise<GraphResponse<T>> {
    const url = `${this.options.baseUrl}${path}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const startedAt = performance.now();
    const tally: Tally = { tokenMs: 0, requestMs: 0, backoffMs: 0, attempts: 0 };
    const fail = (failure: Failure): GraphRequestError =>
      new GraphRequestError({ ...failure, timings: { ...tally } });
    // Without a caller deadline (keep-alive, prompts) retries still end: after the default budget.
    const retryUntil = opts.deadlineAt ?? performance.now() + this.options.retry.defaultBudgetMs;
    let counted = 0;
    let previousDelayMs = 0;
    let reauthorized = false;
    let last: Failure | undefined;

    for (;;) {
      const stop = this.stopBeforeAttempt(opts, last);
      if (stop) throw fail(stop);
      const outcome = await this.attempt<T>(method, url, payload, opts, tally);
      if (outcome.ok) return outcome.response;
      last = outcome.failure;
      if (last.rejectedToken !== undefined && !reauthorized) {
        this.tokens.invalidate(last.rejectedToken);
        reauthorized = true;
        noteRetry(tally, startedAt, last);
        continue;
      }
      counted += 1;
      const next = nextRetry(
        {
          retryable: last.retryable,
          retryAfterMs: last.retryAfterMs,
          attempts: counted,
          previousDelayMs,
          remainingMs: retryUntil - performance.now(),
          minAttemptMs: RETRY_RESERVE_MS,
        },
        this.options.retry,
      );
      if (!next.retry) {
        // Graph kept failing until the caller's deadline: that is a missed deadline, with the
        // last error kept in the message. Without a caller deadline it is Graph's error.
        if (next.stop === 'budgetSpent' && opts.deadlineAt !== undefined) {
          throw fail(local('deadlineExceeded', 'Graph kept failing until the deadline', last));
        }
        throw fail(last);
      }
      noteRetry(tally, startedAt, last);
      const waitStarted = performance.now();
      try {
        await sleep(next.delayMs, opts.signal);
      } catch {
        throw fail(local('aborted', 'cancelled by the caller while waiting to retry', last));
      } finally {
        tally.backoffMs += performance.now() - waitStarted;
      }
      previousDelayMs = next.delayMs;
    }
  }

  private stopBeforeAttempt(opts: GraphRequestOptions, last?: Failure): Failure | undefined {
    if (opts.signal?.aborted) return local('aborted', 'cancelled by the caller', last);
    if (opts.deadlineAt !== undefined && opts.deadlineAt - performance.now() < MIN_ATTEMPT_MS) {
      return local(
        'deadlineExceeded',
        'the deadline passed before the request could be sent',
        last,
      );
    }
    return undefined;
  }

  /** A token not in the cache: waited for within the attempt's time, or why there is none. */
  private async fetchToken(
    signal: AbortSignal | undefined,
    remaining: number,
  ): Promise<string | Failure> {
    const guard = new AttemptGuard(signal, remaining, 'deadlineExceeded');
    try {
      return await this.tokens.getToken(guard.signal);
    } catch (error) {
      const why = guard.why;
      if (why) return local(why, 'stopped while waiting for a Graph token');
      const message =
        error instanceof GraphTokenUnavailableError ? error.message : 'no Graph token available';
      return local('tokenUnavailable', message, undefined, error);
    } finally {
      guard.dispose();
    }
  }

  private async attempt<T>(
    method: GraphMethod,
    url: string,
    payload: string | undefined,
    opts: GraphRequestOptions,
    tally: Tally,
  ): Promise<Outcome<T>> {
    const remaining =
      opts.deadlineAt === undefined ? Infinity : opts.deadlineAt - performance.now();
    const tokenStarted = performance.now();
    const token = this.tokens.cachedToken?.() ?? (await this.fetchToken(opts.signal, remaining));
    tally.tokenMs += performance.now() - tokenStarted;
    if (typeof token !== 'string') return { ok: false, failure: token };

    const left = remaining - (performance.now() - tokenStarted);
    if (left < MIN_ATTEMPT_MS) {
      return {
        ok: false,
        failure: local('deadlineExceeded', 'the deadline passed while waiting for a token'),
      };
    }
    const timeoutMs = this.options.requestTimeoutMs;
    const guard = new AttemptGuard(
      opts.signal,
      Math.min(timeoutMs, left),
      left <= timeoutMs ? 'deadlineExceeded' : 'timeout',
    );
    const clientRequestId = randomUUID();
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'client-request-id': clientRequestId,
      accept: 'application/json',
      // What `fetch` sent, so that requests look the same to Graph as they did.
      'user-agent': 'node',
    };
    if (opts.scenarioId && SCENARIO_ID.test(opts.scenarioId))
      headers['scenario-id'] = opts.scenarioId;
    if (payload !== undefined) headers['content-type'] = 'application/json';

    tally.attempts += 1;
    const started = performance.now();
    let status: number;
    let responseHeaders: IncomingHttpHeaders;
    let text: string;
    try {
      const response = await undiciRequest(url, {
        method,
        headers,
        body: payload,
        signal: guard.signal,
        dispatcher: this.dispatcher,
      });
      status = response.statusCode;
      responseHeaders = response.headers;
      text = await response.body.text();
    } catch (error) {
      return { ok: false, failure: noResponse(error, guard.why, clientRequestId, timeoutMs) };
    } finally {
      guard.dispose();
      tally.requestMs += performance.now() - started;
    }

    const header = (name: string): string | null => headerOf(responseHeaders, name);
    const requestId = header('request-id') ?? undefined;
    if (status >= 200 && status <= 299) {
      return {
        ok: true,
        response: {
          status,
          body: parseJson<T>(text),
          location: header('location') ?? undefined,
          requestId,
          clientRequestId,
          timings: { ...tally },
        },
      };
    }
    return {
      ok: false,
      failure: {
        status,
        ...parseGraphError(status, text, { get: header }),
        clientRequestId,
        retryable: RETRYABLE_STATUSES.has(status),
        retryAfterMs: parseRetryAfter(header('retry-after')),
        rejectedToken: status === 401 ? token : undefined,
      },
    };
  }
}

export type { GraphHttpOptions, GraphMethod, GraphPoolOptions, GraphRequestOptions, GraphResponse };
