import type { EventEmitter } from 'node:events';
import * as payloads from '../notifications/payloads';
import { buildIncomingCall, type IncomingContext, type PolicyContext } from '../scenarios/incoming';
import type { CallRegistry } from './call-registry';
import type { Deadlines } from './deadlines';
import type { CallEntry, GroupEntry } from './entries';
import type { NotificationDelivery } from './notification-delivery';
import { type GroupHost, runGroup } from './policy-groups';
import type {
  BotAction,
  CallRecord,
  DeliveryRecord,
  EmulatorOptions,
  PlaceCallOptions,
  PlacedCall,
  PolicyGroup,
  ScenarioName,
  StateOrder,
} from './types';
import { deferred, type JsonObject, monotonicMs, newHexId, newId, sleep } from './util';

/** A call about to ring: its resource and where its incoming notification goes. */
export interface NewCall {
  scenario: ScenarioName;
  resource: JsonObject;
  tenantId: string;
  chainId: string;
  incomingTarget: string;
  deadlineMs?: number;
  stateOrder?: StateOrder;
  autoEstablish?: boolean;
  group: GroupEntry | null;
}

/** Creates calls (and policy-recording groups) and rings the bot with their incoming notification. */
export class CallPlacement {
  constructor(
    private readonly options: EmulatorOptions,
    private readonly registry: CallRegistry,
    private readonly delivery: NotificationDelivery,
    private readonly deadlines: Deadlines,
    private readonly events: EventEmitter,
    private readonly groupHost: GroupHost,
  ) {}

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
    // Graph's call ids come in two shapes (see newHexId); the scenarios make the bot meet both.
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
      incomingTarget: this.delivery.globalCallback(),
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
      this.deadlines.sendIncoming(entry, body, 'incoming', messageId),
    ];
    if (scenario === 'duplicate-delivery') {
      sends.push(
        sleep(this.options.duplicateDelayMs).then(() =>
          this.delivery.send(
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
    if (group) void runGroup(this.groupHost, group);
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

  createCall(input: NewCall): CallEntry {
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
    input.group?.calls.push(entry);
    this.registry.addCall(entry);
    this.events.emit('call', record);
    return entry;
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
    this.registry.addGroup(entry);
    return entry;
  }
}
