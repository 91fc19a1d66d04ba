import { EventEmitter } from 'node:events';
import type { NotificationKeyRing } from '../notifications/key-ring';
import * as payloads from '../notifications/payloads';
import { CallLifecycle } from './call-lifecycle';
import { CallPlacement, type NewCall } from './call-placement';
import { CallRegistry } from './call-registry';
import { Deadlines } from './deadlines';
import type { CallEntry } from './entries';
import { GraphActions } from './graph-actions';
import type { GraphReply, GraphRequestMeta } from './graph-replies';
import { InCallEvents, type RosterChange } from './in-call-events';
import { NotificationDelivery } from './notification-delivery';
import { computeStats } from './outcomes';
import { type GroupHost, waitUntilDone } from './policy-groups';
import { Scheduler } from './scheduler';
import type {
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
import type { JsonObject } from './util';

export type { GraphReply, GraphRequestMeta } from './graph-replies';

/**
 * The emulated calling platform: calls, their deadlines and lifecycle, the notifications it
 * posts to the bot and the Graph actions it accepts. Transport-free: the Fastify routes call in.
 * Emits `call` (CallRecord placed), `decision` (BotAction), `terminated` (CallRecord).
 *
 * This class only wires the parts together and is the one face the emulator and the routes see,
 * so that each concern can change without the others noticing.
 */
export class EmulatorEngine extends EventEmitter implements GroupHost {
  private readonly scheduler = new Scheduler();
  private readonly registry: CallRegistry;
  private readonly delivery: NotificationDelivery;
  private readonly lifecycle: CallLifecycle;
  private readonly deadlines: Deadlines;
  private readonly placement: CallPlacement;
  private readonly actions: GraphActions;
  private readonly inCall: InCallEvents;

  constructor(
    readonly options: EmulatorOptions,
    keys: NotificationKeyRing,
  ) {
    super();
    const { scheduler } = this;
    const registry = new CallRegistry(options);
    const delivery = new NotificationDelivery(options, keys, () => scheduler.closed);
    const lifecycle = new CallLifecycle(options, scheduler, delivery, this);
    const deadlines = new Deadlines(options, scheduler, delivery, lifecycle);
    this.registry = registry;
    this.delivery = delivery;
    this.lifecycle = lifecycle;
    this.deadlines = deadlines;
    this.placement = new CallPlacement(options, registry, delivery, deadlines, this, this);
    this.actions = new GraphActions(options, registry, scheduler, delivery, lifecycle, deadlines);
    this.inCall = new InCallEvents(registry, delivery);
  }

  /** Read by the group driver. */
  get closed(): boolean {
    return this.scheduler.closed;
  }

  // ---------------------------------------------------------------- placing calls

  placeCall(scenario: ScenarioName, opts: PlaceCallOptions = {}): Promise<PlacedCall> {
    return this.placement.placeCall(scenario, opts);
  }

  createCall(input: NewCall): CallEntry {
    return this.placement.createCall(input);
  }

  /** Sends the incoming notification; the deadline counts from the moment the POST starts. */
  sendIncoming(
    entry: CallEntry,
    body: JsonObject,
    kind: string,
    messageId?: string,
  ): Promise<DeliveryRecord> {
    return this.deadlines.sendIncoming(entry, body, kind, messageId);
  }

  // ---------------------------------------------------------------- Graph actions

  graphAction(
    endpoint: EndpointName,
    callId: string,
    body: unknown,
    meta: GraphRequestMeta,
  ): GraphReply {
    return this.actions.handle(endpoint, callId, body, meta);
  }

  /** Records a Graph request on its call (every request, faulted and refused ones included). */
  noteRequest(callId: string, request: Omit<CallRequest, 'sinceNotificationMs' | 'late'>): void {
    this.actions.noteRequest(callId, request);
  }

  // ---------------------------------------------------------------- lifecycle

  async establish(callId: string, order?: StateOrder): Promise<void> {
    const entry = this.registry.require(callId);
    if (entry.record.outcome !== 'answered')
      throw new Error(`call ${callId} has not been answered`);
    await this.lifecycle.establish(entry, order);
  }

  hangUp(callId: string, resultInfo?: JsonObject): void {
    const entry = this.registry.require(callId);
    if (entry.record.state === 'terminated') throw new Error(`call ${callId} has already ended`);
    this.lifecycle.terminate(entry, resultInfo ?? payloads.RESULT_INFO.hungUp);
  }

  startContentSharing(callId: string): Promise<string> {
    return this.inCall.startContentSharing(callId);
  }

  stopContentSharing(callId: string, sessionId?: string): Promise<string> {
    return this.inCall.stopContentSharing(callId, sessionId);
  }

  /** Roster change: `joined` participants arrive as `updated`, `left` ones as `deleted`. */
  updateRoster(callId: string, change: RosterChange = {}): Promise<DeliveryRecord> {
    return this.inCall.updateRoster(callId, change);
  }

  /** A grouped policy participant leaves (participantLeftNotification). */
  participantLeft(callId: string, participantId: string): Promise<DeliveryRecord> {
    return this.inCall.participantLeft(callId, participantId);
  }

  /** Posts arbitrary commsNotification items about a call to wherever its notifications go. */
  notify(callId: string, values: JsonObject[]): Promise<DeliveryRecord> {
    return this.inCall.notify(callId, values);
  }

  // ---------------------------------------------------------------- delivery

  send(entry: CallEntry, kind: string, body: JsonObject, url: string): Promise<DeliveryRecord> {
    return this.delivery.send(entry, kind, body, url);
  }

  /** POSTs any body to the bot, signed unless told otherwise; for tests of the bot's front door. */
  deliver(body: unknown, opts: DeliverOptions = {}): Promise<HttpResult> {
    return this.delivery.deliver(body, opts);
  }

  /** The bot's global callback (where incoming calls go), as reached from here. */
  globalCallback(): string {
    return this.delivery.globalCallback();
  }

  /**
   * Where a bot-supplied URI (callbackUri, inviteUri) is really delivered: under publicBaseUrl →
   * botBaseUrl, like the gateway; a loopback URI as is; anything else is never contacted.
   */
  mapUri(uri: string): string | null {
    return this.delivery.mapUri(uri);
  }

  // ---------------------------------------------------------------- read-back

  find(callId: string): CallEntry | undefined {
    return this.registry.find(callId);
  }

  getCall(callId: string): CallRecord | undefined {
    return this.registry.find(callId)?.record;
  }

  listCalls(): CallRecord[] {
    return this.registry.records();
  }

  getGroup(groupId: string): PolicyGroup | undefined {
    return this.registry.group(groupId);
  }

  waitForAction(callId: string, timeoutMs?: number): Promise<BotAction> {
    return this.lifecycle.waitForDecision(this.registry.require(callId), callId, timeoutMs);
  }

  async waitForState(callId: string, state: CallState, timeoutMs = 10_000): Promise<CallRecord> {
    const entry = this.registry.require(callId);
    await this.lifecycle.waitForState(entry, state, timeoutMs);
    return entry.record;
  }

  waitForStateEntry(entry: CallEntry, state: CallState, timeoutMs: number): Promise<void> {
    return this.lifecycle.waitForState(entry, state, timeoutMs);
  }

  async waitForGroup(groupId: string, timeoutMs = 30_000): Promise<PolicyGroup> {
    const group = this.registry.findGroup(groupId);
    if (!group) throw new Error(`unknown policy group ${groupId}`);
    await waitUntilDone(group, timeoutMs, this.scheduler);
    return group.group;
  }

  stats(callIds?: readonly string[]): EmulatorStats {
    const records = callIds
      ? callIds.map((id) => this.getCall(id)).filter((r): r is CallRecord => r !== undefined)
      : this.listCalls();
    return computeStats(records);
  }

  // ---------------------------------------------------------------- housekeeping

  /** Forgets every call and group and cancels their timers (faults and keys are the caller's). */
  reset(): void {
    this.scheduler.cancelAll();
    this.registry.clear();
  }

  close(): void {
    this.scheduler.close();
    this.registry.clear();
    this.delivery.close();
  }
}
