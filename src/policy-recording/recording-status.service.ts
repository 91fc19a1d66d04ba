import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  CallEvents,
  CallsService,
  isOperationFinished,
  type CallOperation,
  type CallRecord,
  type GraphObject,
} from '../calls';
import { policyRecordingConfig, PolicyRecordingConfigType } from '../config';
import { GraphCallsApi, GraphRequestError, type GraphRecordingStatus } from '../graph';
import { InFlightTracker } from '../health';
import { stringOf } from './policy-call.guards';
import {
  policyExtensionOf,
  RecordingStatusRecord,
  RecordingStatusSource,
  updatePolicyExtension,
  withPolicyExtension,
  type PolicyRecordingExtension,
} from './policy-recording.extension';
import { PolicyRecordingMetrics } from './policy-recording.metrics';
import { RecordingEvents } from './recording.events';

/** Why a request for a recording status was not made. */
export type RecordingStatusRefusal =
  'unknownCall' | 'notPolicyRecording' | 'notAnswered' | 'ended' | 'unchanged';

export type RecordingStatusResult =
  | {
      readonly requested: true;
      readonly record: RecordingStatusRecord;
      readonly call: CallRecord;
      /** A newer request for the call took over before this one finished; its outcome was dropped. */
      readonly superseded: boolean;
    }
  | {
      readonly requested: false;
      readonly reason: RecordingStatusRefusal;
      readonly call: CallRecord | undefined;
    };

interface StatusRequest {
  readonly status: GraphRecordingStatus;
  readonly source: RecordingStatusSource;
  readonly reason: string | null;
  /** `once`: only if no status was ever requested; `changed`: only if it differs from the last. */
  readonly when: 'once' | 'changed' | 'always';
}

const ENDED_STATES = new Set(['terminating', 'terminated']);
/** Failures worth another request: Graph or the network being unwell, not a refusal. */
const RETRYABLE_LOCAL_CODES = new Set([
  'connectionError',
  'timeout',
  'deadlineExceeded',
  'tokenUnavailable',
]);

function retryable(error: unknown): boolean {
  if (!(error instanceof GraphRequestError)) return false;
  if (error.status === null) return RETRYABLE_LOCAL_CODES.has(error.code);
  return error.status === 429 || error.status >= 500;
}

/**
 * The extension with `record` as the request's progress, unless a newer request took its place
 * (undefined). What the operation's notification said stays: it may arrive before Graph's response
 * to the request, and a finished operation does not go back to running.
 */
function withProgress(
  current: PolicyRecordingExtension,
  record: RecordingStatusRecord,
): PolicyRecordingExtension | undefined {
  const stored = current.recordingStatus;
  if (stored?.clientContext !== record.clientContext) return undefined;
  if (stored.operationStatus === null || !isOperationFinished(stored.operationStatus)) {
    return { ...current, recordingStatus: record };
  }
  const failed = stored.state === 'failed';
  return {
    ...current,
    recordingStatus: {
      ...record,
      operationId: stored.operationId ?? record.operationId,
      operationStatus: stored.operationStatus,
      state: failed ? 'failed' : record.state,
      error: failed ? stored.error : record.error,
    },
  };
}

function errorRecord(error: unknown): RecordingStatusRecord['error'] {
  return error instanceof GraphRequestError
    ? error.toRecord()
    : { status: null, code: 'internalError', message: (error as Error)?.message ?? String(error) };
}

/**
 * Reports a policy-based recording call's recording status to Graph (`updateRecordingStatus`,
 * docs/policy-recording.md): `policyRecording.recordingStatus` once the call is established, and `failed` when
 * the recorder says recording cannot go on (`reportFailure`, or an operator).
 *
 * Each request is claimed on the call record in an atomic update first, so duplicate or
 * out-of-order `established` notifications and several instances still post the automatic status
 * exactly once. A newer request supersedes an older one still retrying on this instance. The
 * result (`updateRecordingStatusOperation`) is tracked on the call's `operations`.
 */
@Injectable()
export class RecordingStatusService implements OnModuleInit {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly events: CallEvents,
    private readonly calls: CallsService,
    private readonly graph: GraphCallsApi,
    private readonly inFlight: InFlightTracker,
    private readonly metrics: PolicyRecordingMetrics,
    private readonly recordingEvents: RecordingEvents,
    @Inject(policyRecordingConfig.KEY) private readonly config: PolicyRecordingConfigType,
  ) {}

  onModuleInit(): void {
    this.events.on('established', ({ call }) => this.onEstablished(call));
    this.events.on('operation', ({ call, operation, resource }) =>
      this.onOperation(call, operation, resource),
    );
    this.events.on('terminated', ({ call }) => this.running.get(call.id.toLowerCase())?.abort());
  }

  async onEstablished(call: CallRecord): Promise<void> {
    if (!call.isPolicyRecording) return;
    await this.request(call.id, {
      status: this.config.recordingStatus,
      source: 'established',
      reason: null,
      when: 'once',
    });
  }

  /**
   * For the recorder (a custom module): recording cannot start or has stopped. Posts `failed`
   * unless `failed` is already the last status reported; resolves once Graph answered (or the
   * retries ran out).
   */
  reportFailure(callId: string, reason: string): Promise<RecordingStatusResult> {
    return this.request(callId, { status: 'failed', source: 'recorder', reason, when: 'changed' });
  }

  /** For the operator API: posts `status` whatever was reported before. */
  setStatus(
    callId: string,
    status: GraphRecordingStatus,
    reason: string | null,
  ): Promise<RecordingStatusResult> {
    return this.request(callId, { status, source: 'operator', reason, when: 'always' });
  }

  private async request(callId: string, request: StatusRequest): Promise<RecordingStatusResult> {
    const now = new Date().toISOString();
    const record: RecordingStatusRecord = {
      status: request.status,
      source: request.source,
      reason: request.reason,
      clientContext: randomUUID(),
      state: 'sending',
      attempts: 0,
      operationId: null,
      operationStatus: null,
      error: null,
      requestedAt: now,
      updatedAt: now,
    };
    let refusal: RecordingStatusRefusal | undefined;
    const claimed = await updatePolicyExtension(this.calls, callId, (current, call) => {
      refusal = this.refusal(call, current.recordingStatus ?? null, request);
      return refusal ? undefined : { ...current, recordingStatus: record };
    });
    if (!claimed) return { requested: false, reason: 'unknownCall', call: undefined };
    if (refusal) return { requested: false, reason: refusal, call: claimed };

    const key = callId.toLowerCase();
    this.running.get(key)?.abort();
    const controller = new AbortController();
    this.running.set(key, controller);
    const work = this.send(claimed, record, controller.signal).finally(() => {
      if (this.running.get(key) === controller) this.running.delete(key);
    });
    const final = await this.inFlight.track(work);
    return {
      requested: true,
      record: final.record,
      call: final.call ?? claimed,
      superseded: final.superseded ?? false,
    };
  }

  private refusal(
    call: CallRecord,
    last: RecordingStatusRecord | null,
    request: StatusRequest,
  ): RecordingStatusRefusal | undefined {
    if (!call.isPolicyRecording) return 'notPolicyRecording';
    if (ENDED_STATES.has(call.state)) return 'ended';
    // Graph takes a recording status only for a call it saw us answer.
    if (call.decision !== 'answer' || call.outcome !== 'sent') return 'notAnswered';
    if (request.when === 'once' && last) return 'unchanged';
    if (request.when === 'changed' && last?.status === request.status && last.state !== 'failed') {
      return 'unchanged';
    }
    return undefined;
  }

  private async send(
    call: CallRecord,
    claimed: RecordingStatusRecord,
    signal: AbortSignal,
  ): Promise<{ record: RecordingStatusRecord; call: CallRecord | undefined; superseded?: true }> {
    const { attempts, delayMs, timeoutMs } = this.config.recordingStatusRetry;
    const log = this.calls.logger(call);
    const body = { clientContext: claimed.clientContext, status: claimed.status };
    let record = claimed;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.graph.updateRecordingStatus(
          call.id,
          body,
          this.calls.graphOptions(call, { signal, deadlineAt: performance.now() + timeoutMs }),
        );
        const operation = result.value;
        record = {
          ...record,
          state: 'sent',
          attempts: attempt,
          operationId: stringOf(operation.id),
          operationStatus: stringOf(operation.status)?.toLowerCase() ?? null,
          error: null,
          updatedAt: new Date().toISOString(),
        };
        log.info(
          {
            status: record.status,
            source: record.source,
            attempts: attempt,
            operationId: record.operationId,
          },
          'recording status reported',
        );
        break;
      } catch (error) {
        const superseded = signal.aborted;
        const last = attempt >= attempts || !retryable(error) || superseded;
        record = {
          ...record,
          state: last ? 'failed' : 'sending',
          attempts: attempt,
          error: errorRecord(error),
          updatedAt: new Date().toISOString(),
        };
        if (superseded) {
          this.metrics.recordingStatus.inc({ status: record.status, result: 'superseded' });
          return { record, call: undefined, superseded: true };
        }
        log[last ? 'error' : 'warn'](
          { status: record.status, attempt, error: record.error },
          last
            ? 'recording status could not be reported'
            : 'recording status request failed; retrying',
        );
        if (last) break;
        await this.save(call.id, record);
        try {
          await sleep(delayMs * attempt, undefined, { signal });
        } catch {
          this.metrics.recordingStatus.inc({ status: record.status, result: 'superseded' });
          return { record, call: undefined, superseded: true };
        }
      }
    }
    this.metrics.recordingStatus.inc({ status: record.status, result: record.state });
    const stored =
      record.state === 'sent' && record.operationId
        ? await this.calls.trackOperation(
            call.id,
            {
              id: record.operationId,
              kind: 'updateRecordingStatus',
              clientContext: record.clientContext,
              status: record.operationStatus ?? 'unknown',
              updatedAt: record.updatedAt,
            },
            (current) => withPolicyExtension(current, (ext) => withProgress(ext, record)),
          )
        : await this.save(call.id, record);
    if (record.state === 'sent' || record.state === 'failed') {
      this.events.emit('recordingStatus', {
        call: stored ?? call,
        status: record.status,
        state: record.state,
        source: record.source,
      });
    }
    if (record.state === 'sent') {
      this.recordingEvents.emit('acknowledged', {
        call: stored ?? call,
        status: record.status,
        operationId: record.operationId,
      });
    }
    const saved = stored && policyExtensionOf(stored).recordingStatus;
    return {
      record: saved?.clientContext === record.clientContext ? saved : record,
      call: stored,
    };
  }

  /** Writes the request's progress unless a newer request took its place meanwhile. */
  private save(callId: string, record: RecordingStatusRecord): Promise<CallRecord | undefined> {
    return updatePolicyExtension(this.calls, callId, (current) => withProgress(current, record));
  }

  /** A completion notification of one of our updateRecordingStatus operations. */
  async onOperation(
    call: CallRecord,
    operation: CallOperation,
    resource: GraphObject,
  ): Promise<void> {
    if (operation.kind !== 'updateRecordingStatus') return;
    const last = policyExtensionOf(call).recordingStatus;
    if (!last) return;
    const ours =
      (last.operationId !== null &&
        last.operationId.toLowerCase() === operation.id.toLowerCase()) ||
      (operation.clientContext !== null && operation.clientContext === last.clientContext);
    if (!ours) return;
    const status = operation.status.toLowerCase();
    const resultInfo = resource.resultInfo as { code?: unknown; message?: unknown } | undefined;
    await updatePolicyExtension(this.calls, call.id, (current) => {
      const record = current.recordingStatus;
      if (!record || record.clientContext !== last.clientContext) return undefined;
      // Notifications come in any order: a finished operation does not go back to running.
      const known = record.operationStatus;
      if (known !== null && isOperationFinished(known) && !isOperationFinished(status)) {
        return undefined;
      }
      const failed = status === 'failed';
      return {
        ...current,
        recordingStatus: {
          ...record,
          operationId: record.operationId ?? operation.id,
          operationStatus: status,
          state: failed ? 'failed' : record.state,
          error: failed
            ? {
                status: typeof resultInfo?.code === 'number' ? resultInfo.code : null,
                code: 'operationFailed',
                message: stringOf(resultInfo?.message) ?? 'updateRecordingStatus operation failed',
              }
            : record.error,
          updatedAt: new Date().toISOString(),
        },
      };
    });
    if (status === 'failed') {
      this.calls
        .logger(call)
        .error({ operationId: operation.id }, 'updateRecordingStatus operation failed');
    }
  }
}
