import { EventEmitter } from 'node:events';
import { graphError, CALL_NOT_FOUND, NOT_COMPLIANCE_RECORDING } from '../graph/errors';
import {
  type AnswerShape,
  validateAnswer,
  validatePlayPrompt,
  validateRecordingStatus,
  validateRedirect,
  validateReject,
} from '../graph/validation';
import { HttpPoster } from '../notifications/http-poster';
import type { NotificationKeyRing } from '../notifications/key-ring';
import * as payloads from '../notifications/payloads';
import { buildIncomingCall, type IncomingContext, type PolicyContext } from '../scenarios/incoming';
import type { CallEntry, GroupEntry } from './entries';
import { computeStats, NO_ACTION } from './outcomes';
import { runGroup } from './policy-groups';
import type {
  ActionKind,
  BotAction,
  CallRecord,
  CallRequest,
  CallState,
  DeliverOptions,
  DeliveryRecord,
  EmulatorOptions,
  EmulatorStats,
  EndpointName,
  HttpResult,
  PlaceCallOptions,
  PlacedCall,
  PolicyGroup,
  ScenarioName,
  StateOrder,
} from './types';
import {
  deferred,
  isObject,
  type JsonObject,
  monotonicMs,
  newHexId,
  newId,
  round,
  sleep,
  trimSlash,
  withTimeout,
} from './util';

/** What a Graph route gets back from the engine. */
export interface GraphReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface GraphRequestMeta {
  clientRequestId: string | null;
  scenarioId: string | null;
  /** Base of the Graph version the request used, for Location headers. */
  versionBaseUrl: string;
}

const MAX_DELIVERIES_PER_CALL = 200;
const MAX_REQUESTS_PER_CALL = 200;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The emulated calling platform: calls, their deadlines and lifecycle, the notifications it
 * posts to the bot and the Graph actions it accepts. Transport-free: the Fastify routes call in.
 * Emits `call` (CallRecord placed), `decision` (BotAction), `terminated` (CallRecord).
 */
export class EmulatorEngine extends EventEmitter {
  private calls = new Map<string, CallEntry>();
  private groups = new Map<string, GroupEntry>();
  private timers = new Set<NodeJS.Timeout>();
  private readonly poster = new HttpPoster();
  /** Read by the group driver. */
  closed = false;

  constructor(
    readonly options: EmulatorOptions,
    private readonly keys: NotificationKeyRing,
  ) {
    super();
  }

  // ---------------------------------------------------------------- placing calls

  async placeCall(scenario: ScenarioName, opts: PlaceCallOptions = {}): Promise<PlacedCall> {
    const tenantId = opts.tenantId ?? this.options.tenantId;
    const chainId = newId();
    let group: GroupEntry | null = null;
    let policy: PolicyContext | undefined;
    if (scenario === 'policy-recording') {
      group = this.createGroup(opts, tenantId, chainId);
      const first = group.group.participants[0];
      policy = { ...group.policy, participantId: first.participantId, userId: first.userId };
    }
    const callId =
      opts.callId ??
      (scenario === 'p2p-service-hosted' || scenario === 'out-of-order' ? newHexId() : newId());
    const ctx: IncomingContext = {
      callId,
      tenantId,
      botAppId: this.options.clientId,
      chainId,
      caller: opts.caller,
      requestedModalities: opts.requestedModalities,
      policy,
    };
    const resource = buildIncomingCall(scenario, ctx);
    opts.mutate?.(resource);
    const entry = this.createCall({
      scenario,
      resource,
      tenantId,
      chainId,
      incomingTarget: this.globalCallback(),
      deadlineMs: opts.deadlineMs,
      stateOrder: opts.stateOrder ?? (scenario === 'out-of-order' ? 'reversed' : undefined),
      autoEstablish: opts.autoEstablish,
      group,
    });
    if (group) {
      const first = group.group.participants[0];
      first.callId = entry.record.id;
      first.route = 'incoming';
    }
    const body = payloads.envelope([payloads.incomingCall(entry.record.id, resource)]);
    const messageId = newId();
    const sends: Array<Promise<DeliveryRecord>> = [
      this.sendIncoming(entry, body, 'incoming', messageId),
    ];
    if (scenario === 'duplicate-delivery') {
      sends.push(
        sleep(this.options.duplicateDelayMs).then(() =>
          this.send(
            entry,
            'incoming-duplicate',
            body,
            entry.incomingTarget,
            opts.sameMessageId ? messageId : undefined,
          ),
        ),
      );
    }
    const [first] = await Promise.all(sends);
    if (group) void runGroup(this, group);
    return {
      callId: entry.record.id,
      scenario,
      groupId: group?.group.id ?? null,
      chainId,
      status: first.status,
      responseBody: first.responseBody,
      sentAt: entry.record.incomingSentAt,
      deadlineAt: entry.record.deadlineAt,
      notification: body,
    };
  }

  private createGroup(opts: PlaceCallOptions, tenantId: string, chainId: string): GroupEntry {
    const count = Math.max(1, Math.floor(opts.participants ?? 1));
    const group: PolicyGroup = {
      id: newId(),
      policyIdentifier: opts.policyIdentifier ?? 'Test Policy',
      chainId,
      joinRouting: opts.joinRouting ?? 'graph',
      participants: Array.from({ length: count }, (_, index) => ({
        index,
        participantId: newId(),
        userId: newId().toUpperCase(),
        route: 'pending' as const,
        callId: null,
        joinStatus: null,
        joinResponse: null,
        result: 'pending',
      })),
      done: count === 1,
    };
    const entry: GroupEntry = {
      group,
      calls: [],
      tenantId,
      waiters: [],
      policy: {
        identifier: group.policyIdentifier,
        variant: opts.policyVariant ?? 'documented',
        meetingToken: `join-token-${newId()}`,
      },
    };
    this.groups.set(group.id, entry);
    return entry;
  }

  createCall(input: {
    scenario: ScenarioName;
    resource: JsonObject;
    tenantId: string;
    chainId: string;
    incomingTarget: string;
    deadlineMs?: number;
    stateOrder?: StateOrder;
    autoEstablish?: boolean;
    group: GroupEntry | null;
  }): CallEntry {
    const id = String(input.resource.id);
    const isPolicyRecording = input.scenario === 'policy-recording';
    const deadlineMs =
      input.deadlineMs ??
      (isPolicyRecording
        ? this.options.deadlines.policyRecordingMs
        : this.options.deadlines.regularMs);
    const record: CallRecord = {
      id,
      scenario: input.scenario,
      isPolicyRecording,
      groupId: input.group?.group.id ?? null,
      tenantId: input.tenantId,
      chainId: input.chainId,
      state: 'incoming',
      outcome: 'pending',
      incomingSentAt: new Date().toISOString(),
      deadlineMs,
      deadlineAt: new Date(Date.now() + deadlineMs).toISOString(),
      action: null,
      callbackUri: null,
      mediaConfigType: null,
      participantCapacity: null,
      participantsHandled: 0,
      contentSharingSessions: [],
      keepAlives: 0,
      recordingStatus: null,
      operations: [],
      resultInfo: null,
      requests: [],
      deliveries: [],
      resource: input.resource,
    };
    const entry: CallEntry = {
      record,
      sentAtMono: monotonicMs(),
      target: input.incomingTarget,
      incomingTarget: input.incomingTarget,
      etag: 1,
      stateOrder: input.stateOrder ?? this.options.stateOrder,
      autoEstablish: input.autoEstablish ?? this.options.autoEstablish,
      decision: deferred<BotAction>(),
      decided: false,
      deadlineTimer: null,
      stateWaiters: [],
      group: input.group,
      seats: new Set(),
    };
    this.calls.set(id.toLowerCase(), entry);
    input.group?.calls.push(entry);
    this.evictOldCalls();
    this.emit('call', record);
    return entry;
  }

  /** Sends the incoming notification; the deadline counts from the moment the POST starts. */
  async sendIncoming(
    entry: CallEntry,
    body: JsonObject,
    kind: string,
    messageId?: string,
  ): Promise<DeliveryRecord> {
    const token = await this.notificationToken(entry.record.tenantId);
    entry.sentAtMono = monotonicMs();
    const now = Date.now();
    entry.record.incomingSentAt = new Date(now).toISOString();
    entry.record.deadlineAt = new Date(now + entry.record.deadlineMs).toISOString();
    entry.deadlineTimer = this.schedule(entry.record.deadlineMs, () => this.expire(entry));
    this.log(`call ${entry.record.id} (${entry.record.scenario}) → ${entry.incomingTarget}`);
    return this.send(entry, kind, body, entry.incomingTarget, messageId, token);
  }

  // ---------------------------------------------------------------- Graph actions

  graphAction(
    endpoint: EndpointName,
    callId: string,
    body: unknown,
    meta: GraphRequestMeta,
  ): GraphReply {
    const entry = this.find(callId);
    if (!entry || entry.record.state === 'terminated') return this.notFound(meta);
    switch (endpoint) {
      case 'answer':
      case 'reject':
      case 'redirect':
        return this.decide(endpoint, entry, body, meta);
      case 'keepAlive':
        if (!entry.decided || entry.record.outcome !== 'answered') return this.notFound(meta);
        entry.record.keepAlives += 1;
        return { status: 200 };
      case 'updateRecordingStatus':
        return this.updateRecordingStatus(entry, body, meta);
      case 'playPrompt':
        return this.playPrompt(entry, body, meta);
      case 'deleteCall':
        this.terminate(entry, payloads.RESULT_INFO.deletedByApp);
        return { status: 204 };
      case 'getCall':
        return { status: 200, body: this.callResource(entry) };
      default:
        return this.error(400, 'BadRequest', 'Unsupported call action.', meta);
    }
  }

  private decide(
    kind: ActionKind,
    entry: CallEntry,
    body: unknown,
    meta: GraphRequestMeta,
  ): GraphReply {
    const elapsed = monotonicMs() - entry.sentAtMono;
    if (!entry.decided && elapsed > entry.record.deadlineMs) {
      // The timer has not fired yet (a busy event loop), but Graph's clock has run out.
      this.expire(entry);
      return this.notFound(meta);
    }
    let shape: AnswerShape | null = null;
    let problems: string[];
    if (kind === 'answer') {
      const result = validateAnswer(body, entry.record.isPolicyRecording);
      problems = result.problems;
      shape = result.shape;
    } else {
      problems = kind === 'reject' ? validateReject(body) : validateRedirect(body);
    }
    if (problems.length > 0) return this.error(400, 'BadRequest', problems.join('; '), meta);
    if (entry.decided) {
      return this.error(409, 'Conflict', `The call was already ${entry.record.outcome}.`, meta);
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
    this.settle(entry, action);
    const callbackUri =
      isObject(body) && typeof body.callbackUri === 'string' ? body.callbackUri : null;
    entry.record.callbackUri = callbackUri;
    if (callbackUri) {
      const mapped = this.mapUri(callbackUri);
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
        this.schedule(this.options.establishDelayMs, () => void this.establishEntry(entry));
      }
    } else {
      entry.record.outcome = kind === 'reject' ? 'rejected' : 'redirected';
      const info =
        kind === 'reject' ? payloads.RESULT_INFO.rejected : payloads.RESULT_INFO.redirected;
      this.schedule(this.options.establishDelayMs, () => this.terminate(entry, info));
    }
    return { status: 202 };
  }

  private updateRecordingStatus(
    entry: CallEntry,
    body: unknown,
    meta: GraphRequestMeta,
  ): GraphReply {
    const problems = validateRecordingStatus(body);
    if (problems.length > 0) return this.error(400, 'BadRequest', problems.join('; '), meta);
    if (!entry.record.isPolicyRecording) {
      const e = NOT_COMPLIANCE_RECORDING;
      return this.error(e.status, e.code, e.message, meta);
    }
    if (entry.record.outcome !== 'answered') {
      return this.error(400, 'BadRequest', 'The call has not been answered.', meta);
    }
    const { clientContext, status } = body as { clientContext: string; status: string };
    entry.record.recordingStatus = status;
    const op = { id: newId(), kind: 'updateRecordingStatus', status: 'completed', clientContext };
    entry.record.operations.push(op);
    return {
      status: 200,
      headers: {
        Location: `${meta.versionBaseUrl}/communications/calls/${entry.record.id}/operations/${op.id}`,
      },
      body: {
        '@odata.type': '#microsoft.graph.updateRecordingStatusOperation',
        id: op.id,
        clientContext,
        status: 'completed',
        resultInfo: null,
      },
    };
  }

  private playPrompt(entry: CallEntry, body: unknown, meta: GraphRequestMeta): GraphReply {
    const problems = validatePlayPrompt(body);
    if (problems.length > 0) return this.error(400, 'BadRequest', problems.join('; '), meta);
    if (entry.record.outcome !== 'answered') {
      return this.error(400, 'BadRequest', 'The call has not been answered.', meta);
    }
    if (entry.record.mediaConfigType !== 'serviceHosted') {
      return this.error(
        400,
        'BadRequest',
        'playPrompt is only supported for service-hosted media.',
        meta,
      );
    }
    const clientContext =
      isObject(body) && typeof body.clientContext === 'string' ? body.clientContext : null;
    const op = { id: newId(), kind: 'playPrompt', status: 'running', clientContext };
    entry.record.operations.push(op);
    this.schedule(this.options.promptDurationMs, () => {
      if (entry.record.state === 'terminated') return;
      op.status = 'completed';
      const note = payloads.operationCompleted(entry.record.id, {
        id: op.id,
        type: '#microsoft.graph.playPromptOperation',
        clientContext,
      });
      void this.send(entry, 'operationCompleted', payloads.envelope([note]), entry.target);
    });
    return {
      status: 200,
      headers: {
        Location: `${meta.versionBaseUrl}/communications/calls/${entry.record.id}/operations/${op.id}`,
      },
      body: {
        '@odata.type': '#microsoft.graph.playPromptOperation',
        id: op.id,
        clientContext,
        status: 'running',
        resultInfo: null,
      },
    };
  }

  private callResource(entry: CallEntry): JsonObject {
    return {
      ...entry.record.resource,
      '@odata.etag': `W/"${entry.etag}"`,
      state: entry.record.state,
      callbackUri: entry.record.callbackUri,
      resultInfo: entry.record.resultInfo,
    };
  }

  private notFound(meta: GraphRequestMeta): GraphReply {
    return this.error(CALL_NOT_FOUND.status, CALL_NOT_FOUND.code, CALL_NOT_FOUND.message, meta);
  }

  private error(status: number, code: string, message: string, meta: GraphRequestMeta): GraphReply {
    return { status, body: graphError(code, message, meta.clientRequestId) };
  }

  /** Records a Graph request on its call (every request, faulted and refused ones included). */
  noteRequest(callId: string, request: Omit<CallRequest, 'sinceNotificationMs' | 'late'>): void {
    const entry = this.find(callId);
    if (!entry) return;
    const since = monotonicMs() - entry.sentAtMono;
    const decisionEndpoint = ['answer', 'reject', 'redirect'].includes(request.endpoint);
    entry.record.requests.push({
      ...request,
      sinceNotificationMs: round(since, 3),
      late: decisionEndpoint && since > entry.record.deadlineMs,
    });
    if (entry.record.requests.length > MAX_REQUESTS_PER_CALL) entry.record.requests.shift();
  }

  private settle(entry: CallEntry, action: BotAction): void {
    entry.decided = true;
    entry.record.action = action;
    if (entry.deadlineTimer) this.unschedule(entry.deadlineTimer);
    entry.deadlineTimer = null;
    // Deferred past the current reply, which is then already recorded (see server.ts onSend).
    setImmediate(() => entry.decision.resolve(action));
    this.log(
      `call ${entry.record.id}: ${action.kind}${action.deadlineMissed ? ' (deadline missed)' : ''}` +
        (action.latencyMs !== null ? ` after ${action.latencyMs.toFixed(1)} ms` : ''),
    );
    this.emit('decision', action, entry.record);
  }

  /** The deadline passed with no decision: Graph gives up on the call and says so. */
  private expire(entry: CallEntry): void {
    if (entry.decided) return;
    entry.record.outcome = 'deadlineMissed';
    this.settle(entry, { ...NO_ACTION, callId: entry.record.id, deadlineMissed: true });
    this.terminate(entry, payloads.RESULT_INFO.notAnswered);
  }

  // ---------------------------------------------------------------- lifecycle

  async establish(callId: string, order?: StateOrder): Promise<void> {
    const entry = this.require(callId);
    if (entry.record.outcome !== 'answered')
      throw new Error(`call ${callId} has not been answered`);
    await this.establishEntry(entry, order);
  }

  private async establishEntry(entry: CallEntry, order?: StateOrder): Promise<void> {
    if (entry.record.state === 'terminated' || entry.record.state === 'established') return;
    const states: CallState[] =
      (order ?? entry.stateOrder) === 'reversed'
        ? ['established', 'establishing']
        : ['establishing', 'established'];
    for (const state of states) {
      // Re-read: a hang-up may have landed while the previous notification was in flight.
      const current = entry.record.state as CallState;
      if (current === 'terminated') return;
      entry.etag += 1;
      // The emulator's own state never goes back from established, whatever order it sends.
      if (state === 'established' || current === 'incoming') this.setState(entry, state);
      await this.send(
        entry,
        state,
        payloads.envelope([payloads.callState(entry.record.id, entry.etag, state)]),
        entry.target,
      );
    }
  }

  private setState(entry: CallEntry, state: CallState): void {
    entry.record.state = state;
    const order: CallState[] = ['incoming', 'establishing', 'established', 'terminated'];
    entry.stateWaiters = entry.stateWaiters.filter((w) => {
      const reached = order.indexOf(state) >= order.indexOf(w.state);
      if (reached) w.resolve();
      return !reached;
    });
  }

  private terminate(entry: CallEntry, resultInfo: JsonObject): void {
    if (entry.record.state === 'terminated') return;
    if (!entry.decided) {
      // Ended before any decision (the caller hung up while it rang): waiters learn it now.
      this.settle(entry, { ...NO_ACTION, callId: entry.record.id });
    }
    entry.etag += 1;
    entry.record.resultInfo = resultInfo;
    entry.record.contentSharingSessions = [];
    entry.seats.clear();
    this.setState(entry, 'terminated');
    this.emit('terminated', entry.record);
    const note = payloads.callTerminated(entry.record.id, entry.etag, resultInfo);
    void this.send(entry, 'terminated', payloads.envelope([note]), entry.target);
  }

  hangUp(callId: string, resultInfo?: JsonObject): void {
    const entry = this.require(callId);
    if (entry.record.state === 'terminated') throw new Error(`call ${callId} has already ended`);
    this.terminate(entry, resultInfo ?? payloads.RESULT_INFO.hungUp);
  }

  async startContentSharing(callId: string): Promise<string> {
    const entry = this.requireActive(callId);
    const sessionId = newId();
    entry.record.contentSharingSessions.push(sessionId);
    await this.send(
      entry,
      'contentSharingCreated',
      payloads.envelope([payloads.contentSharing(entry.record.id, sessionId, 'created')]),
      entry.target,
    );
    return sessionId;
  }

  async stopContentSharing(callId: string, sessionId?: string): Promise<string> {
    const entry = this.requireActive(callId);
    const id = sessionId ?? entry.record.contentSharingSessions.at(-1);
    if (!id) throw new Error(`call ${callId} has no content sharing session`);
    entry.record.contentSharingSessions = entry.record.contentSharingSessions.filter(
      (s) => s !== id,
    );
    await this.send(
      entry,
      'contentSharingDeleted',
      payloads.envelope([payloads.contentSharing(entry.record.id, id, 'deleted')]),
      entry.target,
    );
    return id;
  }

  /** Roster change: `joined` participants arrive as `updated`, `left` ones as `deleted`. */
  async updateRoster(
    callId: string,
    change: { joined?: Array<Partial<payloads.RosterEntry>>; left?: string[] } = {},
  ): Promise<DeliveryRecord> {
    const entry = this.requireActive(callId);
    const values: JsonObject[] = [];
    const joined = change.joined ?? (change.left ? [] : [{}]);
    if (joined.length > 0) {
      values.push(
        payloads.roster(
          entry.record.id,
          'updated',
          joined.map((p) => ({
            id: p.id ?? newId(),
            userId: p.userId ?? newId(),
            displayName: p.displayName ?? 'Participant',
            isMuted: p.isMuted,
          })),
        ),
      );
    }
    if (change.left && change.left.length > 0) {
      for (const id of change.left) {
        if (entry.seats.delete(id)) entry.record.participantsHandled -= 1;
      }
      values.push(
        payloads.roster(
          entry.record.id,
          'deleted',
          change.left.map((id) => ({ id, userId: id, displayName: 'Participant' })),
        ),
      );
    }
    return this.send(entry, 'roster', payloads.envelope(values), entry.target);
  }

  /** A grouped policy participant leaves (participantLeftNotification). */
  async participantLeft(callId: string, participantId: string): Promise<DeliveryRecord> {
    const entry = this.requireActive(callId);
    if (entry.seats.delete(participantId)) entry.record.participantsHandled -= 1;
    const note = payloads.participantLeft(entry.record.id, participantId);
    return this.send(entry, 'participantLeft', payloads.envelope([note]), entry.target);
  }

  /** Posts arbitrary commsNotification items about a call to wherever its notifications go. */
  async notify(callId: string, values: JsonObject[]): Promise<DeliveryRecord> {
    const entry = this.require(callId);
    return this.send(entry, 'custom', payloads.envelope(values), entry.target);
  }

  // ---------------------------------------------------------------- delivery

  private async notificationToken(tenantId: string): Promise<string> {
    return this.keys.tokenFor(
      { issuer: this.options.notificationIssuer, audience: this.options.clientId, tenantId },
      this.options.notificationTokenReuseSeconds,
    );
  }

  async send(
    entry: CallEntry,
    kind: string,
    body: JsonObject,
    url: string,
    messageId?: string,
    token?: string,
  ): Promise<DeliveryRecord> {
    const record: DeliveryRecord = {
      kind,
      url,
      messageId: messageId ?? newId(),
      at: new Date().toISOString(),
      status: 0,
      durationMs: 0,
      responseBody: null,
      error: null,
    };
    entry.record.deliveries.push(record);
    if (entry.record.deliveries.length > MAX_DELIVERIES_PER_CALL) entry.record.deliveries.shift();
    if (this.closed) {
      record.error = 'emulator closed';
      return record;
    }
    const started = monotonicMs();
    try {
      const bearer = token ?? (await this.notificationToken(entry.record.tenantId));
      const result = await this.poster.post(
        url,
        JSON.stringify(body),
        this.notificationHeaders(
          bearer,
          entry.record.chainId,
          record.messageId,
          entry.record.tenantId,
        ),
        this.options.notificationTimeoutMs,
      );
      record.status = result.status;
      record.responseBody = result.body;
    } catch (error) {
      record.error = (error as Error).message;
    }
    record.durationMs = round(monotonicMs() - started, 3);
    return record;
  }

  private notificationHeaders(
    token: string | null,
    chainId: string,
    messageId: string,
    tenantId: string,
  ): Record<string, string> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=utf-8',
      Accept: 'application/json',
      'User-Agent': 'Microsoft-Skype/3.0,(Calling/1.0)',
      'X-Microsoft-Skype-Chain-ID': chainId,
      'X-Microsoft-Skype-Message-ID': messageId,
      'X-Microsoft-Tenant': tenantId,
    };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    return headers;
  }

  /** POSTs any body to the bot, signed unless told otherwise; for tests of the bot's front door. */
  async deliver(body: unknown, opts: DeliverOptions = {}): Promise<HttpResult> {
    const path = opts.path ?? this.options.botPath;
    const url = /^https?:\/\//.test(path) ? path : `${trimSlash(this.options.botBaseUrl)}${path}`;
    const token =
      opts.token === undefined ? await this.notificationToken(this.options.tenantId) : opts.token;
    const headers = {
      ...this.notificationHeaders(token, newId(), newId(), this.options.tenantId),
      ...(opts.headers ?? {}),
    };
    const text = opts.rawBody ?? JSON.stringify(body);
    return this.poster.post(url, text, headers, this.options.notificationTimeoutMs);
  }

  /** The bot's global callback (where incoming calls go), as reached from here. */
  globalCallback(): string {
    return `${trimSlash(this.options.botBaseUrl)}${this.options.botPath}`;
  }

  /**
   * Where a bot-supplied URI (callbackUri, inviteUri) is really delivered: under publicBaseUrl →
   * botBaseUrl, like the gateway; a loopback URI as is; anything else is never contacted.
   */
  mapUri(uri: string): string | null {
    const base = trimSlash(this.options.publicBaseUrl);
    if (uri.toLowerCase().startsWith(base.toLowerCase())) {
      return `${trimSlash(this.options.botBaseUrl)}${uri.slice(base.length)}`;
    }
    try {
      const host = new URL(uri).hostname;
      return LOOPBACK_HOSTS.has(host) ? uri : null;
    } catch {
      return null;
    }
  }

  // ---------------------------------------------------------------- read-back

  find(callId: string): CallEntry | undefined {
    return this.calls.get(callId.toLowerCase());
  }

  private require(callId: string): CallEntry {
    const entry = this.find(callId);
    if (!entry) throw new Error(`unknown call ${callId}`);
    return entry;
  }

  private requireActive(callId: string): CallEntry {
    const entry = this.require(callId);
    if (entry.record.state === 'terminated') throw new Error(`call ${callId} has ended`);
    return entry;
  }

  getCall(callId: string): CallRecord | undefined {
    return this.find(callId)?.record;
  }

  listCalls(): CallRecord[] {
    return [...this.calls.values()].map((e) => e.record);
  }

  getGroup(groupId: string): PolicyGroup | undefined {
    return this.groups.get(groupId)?.group;
  }

  async waitForAction(callId: string, timeoutMs?: number): Promise<BotAction> {
    const entry = this.require(callId);
    const limit = timeoutMs ?? entry.record.deadlineMs + 2000;
    return withTimeout(
      entry.decision.promise,
      limit,
      `no decision on call ${callId} within ${limit} ms`,
    );
  }

  async waitForState(callId: string, state: CallState, timeoutMs = 10_000): Promise<CallRecord> {
    const entry = this.require(callId);
    await this.waitForStateEntry(entry, state, timeoutMs);
    return entry.record;
  }

  waitForStateEntry(entry: CallEntry, state: CallState, timeoutMs: number): Promise<void> {
    const order: CallState[] = ['incoming', 'establishing', 'established', 'terminated'];
    if (order.indexOf(entry.record.state) >= order.indexOf(state)) return Promise.resolve();
    const wait = new Promise<void>((resolve) => entry.stateWaiters.push({ state, resolve }));
    return withTimeout(
      wait,
      timeoutMs,
      `call ${entry.record.id} did not reach ${state} within ${timeoutMs} ms`,
    );
  }

  async waitForGroup(groupId: string, timeoutMs = 30_000): Promise<PolicyGroup> {
    const group = this.groups.get(groupId);
    if (!group) throw new Error(`unknown policy group ${groupId}`);
    if (!group.group.done) {
      const wait = new Promise<void>((resolve) => group.waiters.push(resolve));
      await withTimeout(wait, timeoutMs, `policy group ${groupId} not done within ${timeoutMs} ms`);
    }
    return group.group;
  }

  stats(callIds?: readonly string[]): EmulatorStats {
    const records = callIds
      ? callIds.map((id) => this.getCall(id)).filter((r): r is CallRecord => r !== undefined)
      : this.listCalls();
    return computeStats(records);
  }

  // ---------------------------------------------------------------- housekeeping

  private schedule(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private unschedule(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  private evictOldCalls(): void {
    if (this.calls.size <= this.options.maxCalls) return;
    for (const [key, entry] of this.calls) {
      if (this.calls.size <= this.options.maxCalls) break;
      if (entry.record.state === 'terminated') this.calls.delete(key);
    }
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  /** Forgets every call and group and cancels their timers (faults and keys are the caller's). */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.calls.clear();
    this.groups.clear();
  }

  close(): void {
    this.closed = true;
    this.reset();
    this.poster.close();
  }
}
