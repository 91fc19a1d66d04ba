import * as payloads from '../notifications/payloads';
import {
  buildJoiningCall,
  buildPolicyRecordingCall,
  type IncomingContext,
} from '../scenarios/incoming';
import type { CallEntry, GroupEntry } from './entries';
import { resultOf } from './outcomes';
import type { Scheduler } from './scheduler';
import type {
  CallState,
  DeliveryRecord,
  EmulatorOptions,
  GroupParticipant,
  ScenarioName,
} from './types';
import { isObject, type JsonObject, newId, sleep } from './util';

/** What the group driver needs from the engine. */
export interface GroupHost {
  readonly options: EmulatorOptions;
  readonly closed: boolean;
  find(callId: string): CallEntry | undefined;
  waitForStateEntry(entry: CallEntry, state: CallState, timeoutMs: number): Promise<void>;
  send(entry: CallEntry, kind: string, body: JsonObject, url: string): Promise<DeliveryRecord>;
  createCall(input: {
    scenario: ScenarioName;
    resource: JsonObject;
    tenantId: string;
    chainId: string;
    incomingTarget: string;
    group: GroupEntry | null;
  }): CallEntry;
  sendIncoming(entry: CallEntry, body: JsonObject, kind: string): Promise<DeliveryRecord>;
  mapUri(uri: string): string | null;
  globalCallback(): string;
}

/**
 * Drives a policy-recording group once its first call is decided: each later participant joins
 * after joinIntervalMs, as a joining notification on a call with capacity or as a new incoming
 * call, and the bot's synchronous join response decides what happens next.
 */
export async function runGroup(host: GroupHost, group: GroupEntry): Promise<void> {
  const [first, ...rest] = group.group.participants;
  const firstCall = first.callId ? host.find(first.callId) : undefined;
  if (firstCall) {
    const action = await firstCall.decision.promise;
    first.result = resultOf(action);
    if (action.kind === 'answer' && action.accepted) {
      await host
        .waitForStateEntry(firstCall, 'established', firstCall.record.deadlineMs + 5000)
        .catch(() => undefined);
    }
  }
  for (const participant of rest) {
    if (host.closed) return;
    await sleep(host.options.joinIntervalMs);
    if (host.closed) return;
    try {
      await routeParticipant(host, group, participant);
    } catch (error) {
      participant.result = 'error';
      participant.joinResponse = String(error);
    }
  }
  group.group.done = true;
  for (const resolve of group.waiters.splice(0)) resolve();
}

export async function waitUntilDone(
  group: GroupEntry,
  timeoutMs: number,
  scheduler: Scheduler,
): Promise<void> {
  if (group.group.done) return;
  const wait = new Promise<void>((resolve) => group.waiters.push(resolve));
  await scheduler.waitFor(
    wait,
    timeoutMs,
    `policy group ${group.group.id} not done within ${timeoutMs} ms`,
  );
}

/** Like Graph: joining notifications while an instance has free capacity, else a new incoming call. */
function pickInstance(group: GroupEntry): CallEntry | undefined {
  const grouping = (c: CallEntry): boolean =>
    c.record.outcome === 'answered' &&
    c.record.state !== 'terminated' &&
    (c.record.participantCapacity ?? 0) > 1;
  if (group.group.joinRouting === 'always-join') {
    const first = group.calls[0];
    return first && grouping(first) ? first : undefined;
  }
  return group.calls.find(
    (c) => grouping(c) && c.record.participantsHandled < (c.record.participantCapacity ?? 0),
  );
}

function participantContext(
  host: GroupHost,
  group: GroupEntry,
  participant: GroupParticipant,
  callId: string,
): IncomingContext {
  return {
    callId,
    tenantId: group.tenantId,
    botAppId: host.options.clientId,
    chainId: group.group.chainId,
    policy: {
      ...group.policy,
      participantId: participant.participantId,
      userId: participant.userId,
    },
  };
}

async function routeParticipant(
  host: GroupHost,
  group: GroupEntry,
  participant: GroupParticipant,
): Promise<void> {
  const instance = pickInstance(group);
  const legId = newId();
  const ctx = participantContext(host, group, participant, legId);
  if (!instance) {
    participant.route = 'incoming';
    await participantAsNewCall(host, group, participant, ctx, host.globalCallback());
    return;
  }
  participant.route = 'joining';
  participant.callId = instance.record.id;
  const body = payloads.envelope([
    payloads.participantJoining(instance.record.id, buildJoiningCall(ctx)),
  ]);
  const delivery = await host.send(instance, 'participantJoining', body, instance.target);
  participant.joinStatus = delivery.status;
  participant.joinResponse = delivery.responseBody;
  const response = isObject(delivery.responseBody) ? delivery.responseBody : {};
  const type =
    typeof response['@odata.type'] === 'string' ? response['@odata.type'].toLowerCase() : '';
  if (delivery.status !== 200) {
    participant.result = 'error';
  } else if (type === '#microsoft.graph.acceptjoinresponse') {
    participant.result = 'accepted';
    if (!instance.seats.has(participant.participantId)) {
      instance.seats.add(participant.participantId);
      instance.record.participantsHandled += 1;
    }
  } else if (type === '#microsoft.graph.rejectjoinresponse') {
    participant.result = 'rejected';
  } else if (
    type === '#microsoft.graph.invitenewbotresponse' &&
    typeof response.inviteUri === 'string'
  ) {
    const target = host.mapUri(response.inviteUri);
    if (!target) {
      participant.result = 'error';
      return;
    }
    participant.route = 'invited';
    await participantAsNewCall(host, group, participant, ctx, target);
  } else {
    participant.result = 'error';
  }
}

async function participantAsNewCall(
  host: GroupHost,
  group: GroupEntry,
  participant: GroupParticipant,
  ctx: IncomingContext,
  target: string,
): Promise<void> {
  const resource = buildPolicyRecordingCall(ctx);
  const entry = host.createCall({
    scenario: 'policy-recording',
    resource,
    tenantId: group.tenantId,
    chainId: group.group.chainId,
    incomingTarget: target,
    group,
  });
  participant.callId = entry.record.id;
  await host.sendIncoming(
    entry,
    payloads.envelope([payloads.incomingCall(entry.record.id, resource)]),
    'incoming',
  );
  const action = await entry.decision.promise;
  participant.result =
    participant.route === 'invited' && action.kind === 'answer' && action.accepted
      ? 'answered'
      : resultOf(action);
  if (action.kind === 'answer' && action.accepted) {
    await host.waitForStateEntry(entry, 'established', 10_000).catch(() => undefined);
  }
}
