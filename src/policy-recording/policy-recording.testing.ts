import { performance } from 'node:perf_hooks';
import type { Provider } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import type { CallRecord } from '../calls';
import { policyRecordingConfig, PolicyRecordingConfigType, serverConfig } from '../config';
import {
  CommsNotificationDto,
  type NotificationKind,
  type RoutedNotification,
} from '../notification';
import { sampleCall } from '../store/call-record.testing';

export { callsProviders } from '../calls/calls.testing';

/** Shared by this module's unit specs only. */

/** A policy-based recording call, answered and established, holding the first of 3 seats. */
export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  const now = new Date().toISOString();
  return sampleCall({
    id: 'call-1',
    state: 'established',
    tenantId: 'tenant-1',
    scenarioId: 'scenario-1',
    isPolicyRecording: true,
    policyIdentifier: 'Test Policy',
    decision: 'answer',
    decisionSource: 'default',
    decidedAt: now,
    outcome: 'sent',
    participantCapacity: 3,
    participantsHandled: 1,
    ...overrides,
  });
}

export function policyConfig(
  overrides: Partial<PolicyRecordingConfigType> = {},
): PolicyRecordingConfigType {
  return {
    participantCapacity: null,
    groups: [],
    whenFull: 'inviteNewBot',
    inviteUri: null,
    rejectReason: 'busy',
    joinBudgetMs: 1500,
    groupCallTtlMs: 60_000,
    recordingStatus: 'recording',
    recordingStatusRetry: { attempts: 3, delayMs: 1, timeoutMs: 1000 },
    ...overrides,
  };
}

/** The configuration every spec of this module needs (`callsProviders` adds the calls). */
export function baseProviders(config: Partial<PolicyRecordingConfigType> = {}): Provider[] {
  return [
    { provide: policyRecordingConfig.KEY, useValue: policyConfig(config) },
    { provide: serverConfig.KEY, useValue: { publicBaseUrl: 'https://bot.test', port: 3000 } },
  ];
}

/** A routed notification as the Notification module hands it over. */
export function routed(
  kind: NotificationKind,
  item: Record<string, unknown>,
  context: { receivedAtMono?: number; tenantId?: string } = {},
): RoutedNotification {
  const notification = plainToInstance(CommsNotificationDto, item);
  return {
    kind,
    callId: undefined,
    subResourceId: undefined,
    changeType: notification.changeType,
    scenarioId: undefined,
    index: 0,
    notification,
    context: {
      receivedAtMono: context.receivedAtMono ?? performance.now(),
      receivedAt: new Date(),
      tenantId: context.tenantId,
      chainId: undefined,
      requestId: 'req-1',
      authenticationMs: 0,
    },
  };
}

export function joiningItem(
  callPath: string | null,
  participantId: string,
  policyIdentifier = 'Test Policy',
): Record<string, unknown> {
  return {
    changeType: 'created',
    resourceUrl: callPath
      ? `/communications/calls/${callPath}/participantJoiningNotification`
      : '/communications/participantJoiningNotification',
    resourceData: {
      '@odata.type': '#microsoft.graph.participantJoiningNotification',
      call: {
        '@odata.type': '#microsoft.graph.call',
        id: `leg-${participantId}`,
        tenantId: 'tenant-1',
        source: { id: `source-${participantId}` },
        incomingContext: { observedParticipantId: participantId },
        applicationMetadata: {
          botData: { inviteReasons: ['PolicyBasedRecording'], policyIdentifier },
        },
      },
    },
  };
}
