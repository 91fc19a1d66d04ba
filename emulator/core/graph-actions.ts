import {
  type AnswerShape,
  validateAnswer,
  validateRedirect,
  validateReject,
} from '../graph/validation';
import * as payloads from '../notifications/payloads';
import type { CallLifecycle } from './call-lifecycle';
import { CallOperations } from './call-operations';
import type { CallRegistry } from './call-registry';
import type { Deadlines } from './deadlines';
import type { CallEntry } from './entries';
import {
  callNotFound,
  graphFailure,
  type GraphReply,
  type GraphRequestMeta,
} from './graph-replies';
import type { NotificationDelivery } from './notification-delivery';
import type { Scheduler } from './scheduler';
import type { ActionKind, BotAction, CallRequest, EmulatorOptions, EndpointName } from './types';
import { isObject, type JsonObject, monotonicMs, round } from './util';

/** Bounded so that a bot retrying in a loop cannot hold unlimited memory. */
const MAX_REQUESTS_PER_CALL = 200;
const DECISION_ENDPOINTS = ['answer', 'reject', 'redirect'];

/** The Graph calling surface on one call: the bot's decision and what it may do afterwards. */
export class GraphActions {
  private readonly operations: CallOperations;

  constructor(
    private readonly options: EmulatorOptions,
    private readonly registry: CallRegistry,
    private readonly scheduler: Scheduler,
    private readonly delivery: NotificationDelivery,
    private readonly lifecycle: CallLifecycle,
    private readonly deadlines: Deadlines,
  ) {
    this.operations = new CallOperations(options, scheduler, delivery);
  }

  handle(
    endpoint: EndpointName,
    callId: string,
    body: unknown,
    meta: GraphRequestMeta,
  ): GraphReply {
    const entry = this.registry.find(callId);
    if (!entry || entry.record.state === 'terminated') return callNotFound(meta);
    switch (endpoint) {
      case 'answer':
      case 'reject':
      case 'redirect':
        return this.decide(endpoint, entry, body, meta);
      case 'keepAlive':
        if (!entry.decided || entry.record.outcome !== 'answered') return callNotFound(meta);
        entry.record.keepAlives += 1;
        return { status: 200 };
      case 'updateRecordingStatus':
        return this.operations.updateRecordingStatus(entry, body, meta);
      case 'playPrompt':
        return this.operations.playPrompt(entry, body, meta);
      case 'deleteCall':
        this.lifecycle.terminate(entry, payloads.RESULT_INFO.deletedByApp);
        return { status: 204 };
      case 'getCall':
        return { status: 200, body: callResource(entry) };
      default:
        return graphFailure(400, 'BadRequest', 'Unsupported call action.', meta);
    }
  }

  /** Records a Graph request on its call (every request, faulted and refused ones included). */
  noteRequest(callId: string, request: Omit<CallRequest, 'sinceNotificationMs' | 'late'>): void {
    const entry = this.registry.find(callId);
    if (!entry) return;
    const since = monotonicMs() - entry.sentAtMono;
    entry.record.requests.push({
      ...request,
      sinceNotificationMs: round(since, 3),
      late: DECISION_ENDPOINTS.includes(request.endpoint) && since > entry.record.deadlineMs,
    });
    if (entry.record.requests.length > MAX_REQUESTS_PER_CALL) entry.record.requests.shift();
  }

  private decide(
    kind: ActionKind,
    entry: CallEntry,
    body: unknown,
    meta: GraphRequestMeta,
  ): GraphReply {
    const elapsed = monotonicMs() - entry.sentAtMono;
    if (this.deadlines.expireIfOverdue(entry, elapsed)) return callNotFound(meta);
    let shape: AnswerShape | null = null;
    let problems: string[];
    if (kind === 'answer') {
      const result = validateAnswer(body, entry.record.isPolicyRecording);
      problems = result.problems;
      shape = result.shape;
    } else {
      problems = kind === 'reject' ? validateReject(body) : validateRedirect(body);
    }
    if (problems.length > 0) return graphFailure(400, 'BadRequest', problems.join('; '), meta);
    if (entry.decided) {
      return graphFailure(409, 'Conflict', `The call was already ${entry.record.outcome}.`, meta);
    }
    const action: BotAction = {
      callId: entry.record.id,
      kind,
      accepted: true,
      deadlineMissed: false,
      latencyMs: round(elapsed, 3),
      body,
      clientRequestId: meta.clientRequestId,
      scenarioId: meta.scenarioId,
      at: new Date().toISOString(),
    };
    this.lifecycle.settle(entry, action);
    const callbackUri =
      isObject(body) && typeof body.callbackUri === 'string' ? body.callbackUri : null;
    entry.record.callbackUri = callbackUri;
    if (callbackUri) {
      const mapped = this.delivery.mapUri(callbackUri);
      if (mapped) entry.target = mapped;
    }
    if (kind === 'answer') {
      entry.record.outcome = 'answered';
      entry.record.mediaConfigType = shape?.mediaConfigType ?? null;
      entry.record.participantCapacity = shape?.participantCapacity ?? null;
      entry.record.participantsHandled = 1;
      if (entry.group) {
        const p = entry.group.group.participants.find((x) => x.callId === entry.record.id);
        if (p) entry.seats.add(p.participantId);
      }
      if (entry.autoEstablish) {
        this.scheduler.schedule(
          this.options.establishDelayMs,
          () => void this.lifecycle.establish(entry),
        );
      }
    } else {
      entry.record.outcome = kind === 'reject' ? 'rejected' : 'redirected';
      const info =
        kind === 'reject' ? payloads.RESULT_INFO.rejected : payloads.RESULT_INFO.redirected;
      this.scheduler.schedule(this.options.establishDelayMs, () =>
        this.lifecycle.terminate(entry, info),
      );
    }
    return { status: 202 };
  }
}

/** GET on a call: the resource as it rang, with what has changed since. */
function callResource(entry: CallEntry): JsonObject {
  return {
    ...entry.record.resource,
    '@odata.etag': `W/"${entry.etag}"`,
    state: entry.record.state,
    callbackUri: entry.record.callbackUri,
    resultInfo: entry.record.resultInfo,
  };
}
