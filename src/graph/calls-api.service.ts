import { Injectable } from '@nestjs/common';
import { CALL_ID_PATTERN } from '../common/ids/call-id.pattern';
import type {
  CommsOperation,
  PlayPromptOperation,
  UpdateRecordingStatusOperation,
} from '@microsoft/microsoft-graph-types';
import type { ClassConstructor } from 'class-transformer';
import { AnswerRequestDto } from './dto/answer-request.dto';
import { PlayPromptRequestDto } from './dto/play-prompt-request.dto';
import { RedirectRequestDto } from './dto/redirect-request.dto';
import { RejectRequestDto } from './dto/reject-request.dto';
import { UpdateRecordingStatusRequestDto } from './dto/update-recording-status-request.dto';
import {
  GraphRequestValidationError,
  isValidatedGraphRequest,
  validateGraphRequest,
} from './dto/validate-graph-request';
import {
  GraphHttpClient,
  GraphMethod,
  GraphRequestOptions,
  GraphResponse,
} from './graph-http.client';
import { GraphExchanges, type GraphExchange } from './graph-exchanges';
import { subcodeOf } from './explanations/explain';
import { GraphRequestError, GraphTimings, NO_TIMINGS } from './graph-request.error';

/** Options of every `GraphCallsApi` method: cancellation, deadline, correlation. */
export type GraphCallOptions = GraphRequestOptions;

/** What Graph accepted, with the numbers to record against the call. */
export interface GraphResult<T> {
  value: T;
  status: number;
  requestId: string | undefined;
  clientRequestId: string;
  timings: GraphTimings;
}

/** The requests that carry a decision: their body is journalled, to show what was sent. */
const DECISION_ACTIONS: ReadonlySet<string> = new Set(['answer', 'reject', 'redirect']);

function retriedOf(timings: GraphTimings): Pick<GraphExchange, 'retried'> {
  return timings.retried ? { retried: timings.retried } : {};
}

/** Graph call ids are GUID-like; anything else must never be spliced into a URL. */

/**
 * The cloud-communications actions this service performs on a call. Every method rejects with a
 * `GraphRequestError` (never anything else): Graph's error, or a local code such as
 * `deadlineExceeded`, `aborted`, `tokenUnavailable` or `invalidRequest`. Bodies that did not come
 * from `validateGraphRequest` are validated here before anything is sent.
 */
@Injectable()
export class GraphCallsApi {
  constructor(
    private readonly http: GraphHttpClient,
    private readonly exchanges: GraphExchanges,
  ) {}

  answer(
    callId: string,
    body: AnswerRequestDto,
    opts?: GraphCallOptions,
  ): Promise<GraphResult<void>> {
    return this.send(callId, 'POST', '/answer', AnswerRequestDto, body, opts).then(withoutValue);
  }

  reject(
    callId: string,
    body: RejectRequestDto,
    opts?: GraphCallOptions,
  ): Promise<GraphResult<void>> {
    return this.send(callId, 'POST', '/reject', RejectRequestDto, body, opts).then(withoutValue);
  }

  redirect(
    callId: string,
    body: RedirectRequestDto,
    opts?: GraphCallOptions,
  ): Promise<GraphResult<void>> {
    return this.send(callId, 'POST', '/redirect', RedirectRequestDto, body, opts).then(
      withoutValue,
    );
  }

  /** 404 (`GraphRequestError.status`) means Graph no longer knows the call. */
  keepAlive(callId: string, opts?: GraphCallOptions): Promise<GraphResult<void>> {
    return this.send(callId, 'POST', '/keepAlive', null, undefined, opts).then(withoutValue);
  }

  /** Resolves with the `updateRecordingStatusOperation` Graph created. */
  updateRecordingStatus(
    callId: string,
    body: UpdateRecordingStatusRequestDto,
    opts?: GraphCallOptions,
  ): Promise<GraphResult<UpdateRecordingStatusOperation>> {
    return this.send<UpdateRecordingStatusOperation>(
      callId,
      'POST',
      '/updateRecordingStatus',
      UpdateRecordingStatusRequestDto,
      body,
      opts,
    ).then(withOperation);
  }

  /** Resolves with the `playPromptOperation` (usually `running`; completion comes as a notification). */
  playPrompt(
    callId: string,
    body: PlayPromptRequestDto,
    opts?: GraphCallOptions,
  ): Promise<GraphResult<PlayPromptOperation>> {
    return this.send<PlayPromptOperation>(
      callId,
      'POST',
      '/playPrompt',
      PlayPromptRequestDto,
      body,
      opts,
    ).then(withOperation);
  }

  /** The call as Graph knows it now; a 404 means Graph no longer knows it. */
  getCall(callId: string, opts?: GraphCallOptions): Promise<GraphResult<{ state?: string }>> {
    return this.send<{ state?: string }>(callId, 'GET', '', null, undefined, opts).then((r) => ({
      ...withoutValue(r),
      value: r.body ?? {},
    }));
  }

  /** Ends a call the bot is in (`DELETE /communications/calls/{id}`). */
  hangUp(callId: string, opts?: GraphCallOptions): Promise<GraphResult<void>> {
    return this.send(callId, 'DELETE', '', null, undefined, opts).then(withoutValue);
  }

  private async send<T>(
    callId: string,
    method: GraphMethod,
    action: string,
    dto: ClassConstructor<object> | null,
    body: object | undefined,
    opts: GraphCallOptions = {},
  ): Promise<GraphResponse<T>> {
    if (typeof callId !== 'string' || !CALL_ID_PATTERN.test(callId)) {
      throw invalidRequest(`invalid call id "${String(callId).slice(0, 64)}"`);
    }
    let payload = body;
    if (dto && body !== undefined && !isValidatedGraphRequest(body)) {
      try {
        payload = validateGraphRequest(dto, body);
      } catch (error) {
        const problems =
          error instanceof GraphRequestValidationError ? error.message : String(error);
        throw invalidRequest(problems, error);
      }
    }
    const name = action.replace(/^\//, '') || (method === 'DELETE' ? 'hangUp' : method);
    const requestedStatus = (payload as { status?: unknown } | undefined)?.status;
    const extra = {
      startedAt: new Date().toISOString(),
      ...(typeof requestedStatus === 'string' ? { requestedStatus } : {}),
      ...(DECISION_ACTIONS.has(name) && payload ? { body: payload } : {}),
    };
    try {
      const response = await this.http.request<T>(
        method,
        `/communications/calls/${callId}${action}`,
        payload,
        opts,
      );
      this.exchanges.report({
        callId,
        action: name,
        ok: true,
        status: response.status,
        code: null,
        message: null,
        requestId: response.requestId ?? null,
        clientRequestId: response.clientRequestId,
        attempts: response.timings.attempts,
        ...retriedOf(response.timings),
        ...extra,
      });
      return response;
    } catch (error) {
      const failure = error instanceof GraphRequestError ? error : undefined;
      this.exchanges.report({
        callId,
        action: name,
        ok: false,
        status: failure?.status ?? null,
        code: failure?.code ?? 'internalError',
        message: failure?.message ?? String(error),
        subcode: failure ? subcodeOf(failure) : null,
        explanation: failure?.explanation ?? null,
        requestId: failure?.requestId ?? null,
        clientRequestId: failure?.clientRequestId ?? null,
        attempts: failure?.attempts ?? 0,
        ...retriedOf(failure?.timings ?? NO_TIMINGS),
        ...extra,
      });
      throw error;
    }
  }
}

function invalidRequest(message: string, cause?: unknown): GraphRequestError {
  return new GraphRequestError({
    status: null,
    code: 'invalidRequest',
    message,
    clientRequestId: null,
    timings: NO_TIMINGS,
    cause,
  });
}

function withoutValue(response: GraphResponse<unknown>): GraphResult<void> {
  const { status, requestId, clientRequestId, timings } = response;
  return { value: undefined, status, requestId, clientRequestId, timings };
}

/** Graph's operation body; without one (never seen, but allowed), the id from `Location`. */
function withOperation<T extends CommsOperation>(response: GraphResponse<T>): GraphResult<T> {
  const fromLocation = response.location?.split('/').filter(Boolean).pop();
  const value = response.body ?? ((fromLocation ? { id: fromLocation } : {}) as T);
  return { ...withoutValue(response), value };
}
