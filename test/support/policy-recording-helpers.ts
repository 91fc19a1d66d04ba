import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Emulator, HttpResult, PlaceCallOptions } from '../../emulator';
import { createApp } from '../../src/app.factory';
import { eventually, operatorApi } from './calls-helpers';
import type { JsonObject } from './fixtures';
import { startStack, type StackOptions, type TestStack } from './stack';

/** The operator key the policy-recording specs configure (`OPERATOR_API_KEYS`). */
export const PBR_OPERATOR_KEY = 'policy-recording-e2e-key';

/**
 * A stack as the policy-recording specs use it: the operator API behind PBR_OPERATOR_KEY, and
 * ready once it holds a Graph token too (recording status goes out right after the answer).
 */
export function startPolicyRecordingStack(options: StackOptions = {}): Promise<TestStack> {
  return startStack({
    waitFor: ['notificationKeys', 'graphToken'],
    ...options,
    env: { OPERATOR_API_KEYS: PBR_OPERATOR_KEY, ...options.env },
  });
}

export const ACCEPT = { '@odata.type': '#microsoft.graph.acceptJoinResponse' };

export function inviteNewBot(inviteUri: string): JsonObject {
  return { '@odata.type': '#microsoft.graph.inviteNewBotResponse', inviteUri };
}

export interface JoiningOptions {
  /** The call that handles the group (in `resourceUrl`); omitted: a path naming no call. */
  instanceCallId?: string;
  participantId?: string;
  policyIdentifier?: string;
  variant?: 'documented' | 'tenant';
  tenantId?: string;
  /** Leave `incomingContext` out, so the seat is keyed by `source.id`. */
  withoutIncomingContext?: boolean;
}

/**
 * A `participantJoiningNotification` item, shaped like `pbr-participant-joining.json`, in either
 * the documented (`PolicyBasedRecording`) or the real-tenant (`ComplianceRecording`) form.
 */
export function joiningItem(options: JoiningOptions = {}): JsonObject {
  const participantId = options.participantId ?? randomUUID();
  const tenant = options.variant === 'tenant';
  const policy = options.policyIdentifier ?? 'Test Policy';
  const call: JsonObject = {
    '@odata.type': '#microsoft.graph.call',
    id: randomUUID(),
    state: 'incoming',
    direction: 'incoming',
    source: {
      '@odata.type': '#microsoft.graph.participantInfo',
      id: participantId,
      identity: {
        '@odata.type': '#microsoft.graph.identitySet',
        user: {
          '@odata.type': '#microsoft.graph.identity',
          id: randomUUID(),
          identityProvider: 'AAD',
        },
      },
      endpointType: 'default',
    },
    callChainId: randomUUID(),
    applicationMetadata: {
      botData: tenant
        ? {
            inviteReasons: ['ComplianceRecording'],
            policyIdentifier: `TeamsComplianceRecordingPolicy=Tenant:${policy}`,
          }
        : { inviteReasons: ['PolicyBasedRecording'], policyIdentifier: policy },
    },
  };
  if (options.tenantId) call.tenantId = options.tenantId;
  if (!options.withoutIncomingContext) {
    call.incomingContext = {
      '@odata.type': '#microsoft.graph.incomingContext',
      sourceParticipantId: participantId,
      observedParticipantId: participantId,
    };
  }
  const path = options.instanceCallId
    ? `/communications/calls/${options.instanceCallId}/participantJoiningNotification`
    : '/communications/participantJoiningNotification';
  return {
    '@odata.type': '#microsoft.graph.commsNotification',
    changeType: 'created',
    resourceUrl: path,
    resourceData: { '@odata.type': '#microsoft.graph.participantJoiningNotification', call },
  };
}

export function leftItem(callId: string, participantId: string): JsonObject {
  return {
    changeType: 'deleted',
    resourceUrl: `/communications/calls/${callId}/participantLeftNotification`,
    resourceData: {
      '@odata.type': '#microsoft.graph.participantLeftNotification',
      participantId,
      call: { '@odata.type': '#microsoft.graph.call', id: callId },
    },
  };
}

export function stateItem(callId: string, state: string, etag: number): JsonObject {
  return {
    changeType: 'updated',
    resourceUrl: `/communications/calls/${callId}`,
    resourceData: {
      '@odata.type': '#microsoft.graph.call',
      '@odata.etag': `W/"${etag}"`,
      id: callId,
      state,
    },
  };
}

export function envelope(items: JsonObject[]): JsonObject {
  return { '@odata.type': '#microsoft.graph.commsNotifications', value: items };
}

/** Delivers signed notifications to the stack's service, or to another instance's base URL. */
export function deliverTo(
  emulator: Emulator,
  items: JsonObject[],
  baseUrl?: string,
): Promise<HttpResult> {
  return emulator.deliver(envelope(items), baseUrl ? { path: `${baseUrl}/api/calling` } : {});
}

export type CallView = Record<string, unknown> & {
  id: string;
  outcome: string;
  participantCapacity: number | null;
  participantsHandled: number | null;
  extensions: { policyRecording?: Record<string, unknown> & { recordingStatus?: JsonObject } };
};

export function pbrApi(baseUrl: string) {
  return operatorApi(baseUrl, PBR_OPERATOR_KEY);
}

/** Our record of a call, once `accept` holds for it. */
export function callWhen(
  baseUrl: string,
  callId: string,
  accept: (call: CallView) => boolean,
  what = 'call state',
): Promise<CallView> {
  const api = pbrApi(baseUrl);
  return eventually(
    async () => {
      const response = await api.get<CallView>(`/${callId}`);
      return response.status === 200 && accept(response.body) && response.body;
    },
    5000,
    `${what} of ${callId}`,
  );
}

/** Our record of a call, once its recording status request reached `state` (`sent`, `failed`). */
export function recordingStatusWhen(
  baseUrl: string,
  callId: string,
  state: 'sent' | 'failed',
): Promise<CallView> {
  return callWhen(
    baseUrl,
    callId,
    (c) => c.extensions.policyRecording?.recordingStatus?.state === state,
    `recording status ${state}`,
  );
}

/**
 * A policy-recording call placed by the emulator and answered by the service, once the service
 * recorded its capacity (so that joins can be sent to it).
 */
export async function answeredPolicyCall(
  stack: Pick<TestStack, 'emulator' | 'baseUrl'>,
  options: PlaceCallOptions = {},
): Promise<{ callId: string; participantId: string; call: CallView }> {
  const placed = await stack.emulator.placeCall('policy-recording', {
    participants: 1,
    ...options,
  });
  const action = await stack.emulator.waitForAction(placed.callId, 6000);
  if (action.kind !== 'answer' || !action.accepted) {
    throw new Error(`call ${placed.callId} not answered: ${JSON.stringify(action)}`);
  }
  const call = await callWhen(
    stack.baseUrl,
    placed.callId,
    (c) => c.outcome === 'sent' && c.participantsHandled === 1,
    'answered policy call',
  );
  const resource = stack.emulator.getCall(placed.callId)!.resource;
  const context = resource.incomingContext as { observedParticipantId: string };
  return { callId: placed.callId, participantId: context.observedParticipantId, call };
}

/**
 * Another instance of the service, built like the stack's (same environment and configuration,
 * so with `STORE_DRIVER=redis` it shares the stack's store), listening on its own port.
 */
export async function startSecondInstance(): Promise<{
  app: NestFastifyApplication;
  baseUrl: string;
  close: () => Promise<void>;
}> {
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  await eventually(
    async () => {
      const response = await fetch(`${baseUrl}/health/ready`);
      return response.status === 200;
    },
    10_000,
    'second instance ready',
  );
  return { app, baseUrl, close: () => app.close() };
}
