import type { CallerOverride, ScenarioName } from '../core/types';
import { type JsonObject, newId } from '../core/util';
import { callPath } from '../notifications/payloads';

export interface PolicyContext {
  identifier: string;
  variant: 'documented' | 'tenant';
  /** The recorded participant (seat key on the bot side). */
  participantId: string;
  userId: string;
  meetingToken: string;
}

export interface IncomingContext {
  callId: string;
  tenantId: string;
  /** The bot's app id: incoming targets name it. */
  botAppId: string;
  chainId: string;
  caller?: CallerOverride;
  requestedModalities?: string[];
  policy?: PolicyContext;
}

function identity(id: string, displayName?: string, extra: JsonObject = {}): JsonObject {
  const value: JsonObject = { '@odata.type': '#microsoft.graph.identity', id, ...extra };
  if (displayName !== undefined) value.displayName = displayName;
  return value;
}

function identitySet(key: string, value: JsonObject): JsonObject {
  return { '@odata.type': '#microsoft.graph.identitySet', [key]: value };
}

/** The caller's identitySet for a given kind (what the service's rule matchers look at). */
export function callerIdentity(caller: CallerOverride): JsonObject {
  switch (caller.kind) {
    case 'user':
      return identitySet(
        'user',
        identity(caller.id ?? newId().toUpperCase(), caller.displayName ?? 'Test User', {
          ...(caller.tenantId ? { tenantId: caller.tenantId } : {}),
        }),
      );
    case 'application':
      return identitySet(
        'application',
        identity(caller.id ?? newId(), caller.displayName ?? 'Calling App'),
      );
    case 'phone':
      return identitySet('phone', identity(caller.id ?? '+14255550100'));
    case 'guest':
      return identitySet('guest', identity(caller.id ?? newId(), caller.displayName ?? 'Guest'));
    case 'anonymous':
      // Graph has no anonymous identity; an unnamed guest with no id is how it shows up.
      return identitySet('guest', { '@odata.type': '#microsoft.graph.identity', id: null });
  }
}

function participantInfo(identityValue: JsonObject, extra: JsonObject = {}): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.participantInfo',
    identity: identityValue,
    region: 'westus',
    languageId: 'en-US',
    ...extra,
  };
}

function botTarget(key: 'application' | 'applicationInstance', botAppId: string): JsonObject[] {
  return [
    {
      '@odata.type': '#microsoft.graph.invitationParticipantInfo',
      identity: identitySet(key, identity(botAppId, 'Switchboard Bot')),
      languageId: 'en-US',
    },
  ];
}

function base(ctx: IncomingContext, modalities: string[]): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.call',
    '@odata.id': callPath(ctx.callId),
    '@odata.etag': 'W/"1"',
    id: ctx.callId,
    state: 'incoming',
    direction: 'incoming',
    callChainId: ctx.chainId,
    tenantId: ctx.tenantId,
    myParticipantId: newId(),
    requestedModalities: ctx.requestedModalities ?? modalities,
  };
}

/** The incoming call's resourceData for a scenario, with fresh ids. */
export function buildIncomingCall(scenario: ScenarioName, ctx: IncomingContext): JsonObject {
  const defaultCaller: CallerOverride = { kind: 'user', displayName: 'Test User' };
  const source = (fallback: CallerOverride): JsonObject =>
    participantInfo(callerIdentity(ctx.caller ?? fallback), { id: newId() });
  switch (scenario) {
    case 'p2p-service-hosted':
    case 'duplicate-delivery':
    case 'out-of-order':
      return {
        ...base(ctx, ['audio']),
        callRoutes: [
          {
            '@odata.type': '#microsoft.graph.callRoute',
            routingType: 'lookup',
            original: identitySet('phone', identity('+14258828080')),
            final: identitySet('user', identity(newId().toUpperCase(), 'Heidi Steen')),
          },
        ],
        source: source(defaultCaller),
        targets: botTarget('application', ctx.botAppId),
      };
    case 'p2p-app-hosted':
      return {
        ...base(ctx, ['audio', 'video']),
        source: source(defaultCaller),
        targets: botTarget('application', ctx.botAppId),
      };
    case 'group-call': {
      const threadId = `19:meeting_${newId().replace(/-/g, '').slice(0, 24)}@thread.v2`;
      return {
        ...base(ctx, ['audio', 'video', 'videoBasedScreenSharing']),
        source: source(defaultCaller),
        targets: botTarget('application', ctx.botAppId),
        chatInfo: {
          '@odata.type': '#microsoft.graph.chatInfo',
          threadId,
          messageId: '0',
          replyChainMessageId: null,
        },
        meetingInfo: {
          '@odata.type': '#microsoft.graph.organizerMeetingInfo',
          organizer: identitySet(
            'user',
            identity(newId(), 'Meeting Organizer', { tenantId: ctx.tenantId }),
          ),
        },
      };
    }
    case 'pstn': {
      const callerNumber = ctx.caller?.id ?? '+14255550123';
      const botNumber = '+14255550199';
      return {
        ...base(ctx, ['audio']),
        source: participantInfo(
          ctx.caller ? callerIdentity(ctx.caller) : identitySet('phone', identity(callerNumber)),
          { id: newId(), countryCode: 'US', endpointType: 'default' },
        ),
        targets: [
          {
            '@odata.type': '#microsoft.graph.invitationParticipantInfo',
            identity: {
              '@odata.type': '#microsoft.graph.identitySet',
              applicationInstance: identity(ctx.botAppId, 'Switchboard Bot'),
              phone: identity(botNumber),
            },
          },
        ],
        callRoutes: [
          {
            '@odata.type': '#microsoft.graph.callRoute',
            routingType: 'forwarded',
            original: identitySet('phone', identity(botNumber)),
            final: identitySet('applicationInstance', identity(ctx.botAppId, 'Switchboard Bot')),
          },
        ],
      };
    }
    case 'policy-recording':
      return buildPolicyRecordingCall(ctx);
  }
}

/** A policy-based recording invitation, like test/fixtures/notifications/pbr-incoming.json. */
export function buildPolicyRecordingCall(ctx: IncomingContext): JsonObject {
  const policy = ctx.policy ?? {
    identifier: 'Test Policy',
    variant: 'documented' as const,
    participantId: newId(),
    userId: newId().toUpperCase(),
    meetingToken: 'join token',
  };
  const tenantVariant = policy.variant === 'tenant';
  const userIdentity = identity(
    tenantVariant ? policy.userId.toLowerCase() : policy.userId,
    undefined,
    {
      identityProvider: 'AAD',
      ...(tenantVariant ? { tenantId: ctx.tenantId } : {}),
    },
  );
  const botData: JsonObject = tenantVariant
    ? {
        mediaHostedRegion: 'USEA',
        isMultiParty: true,
        applicationType: 'ComplianceRecording',
        user: {
          participationMethod: 'Callee',
          clientLocation: 'US',
          policyHolderId: `8:orgid:${policy.userId.toLowerCase()}`,
          policyHolderTenantId: ctx.tenantId,
        },
        otherSideUser: {
          id: `8:orgid:${newId()}`,
          participantId: newId(),
          tenantId: ctx.tenantId,
          participationMethod: 'Caller',
          clientLocation: 'EUNO',
        },
        inviteReasons: ['ComplianceRecording'],
        policyIdentifier: `TeamsComplianceRecordingPolicy=Tenant:${policy.identifier}`,
        pairedRecorders: [],
        otherRecorders: [],
      }
    : {
        mediaHostedRegion: 'USEA',
        user: { participationMethod: 'callee', clientLocation: 'US' },
        otherSideUser: {
          id: newId(),
          participantId: newId(),
          tenantId: ctx.tenantId,
          onBehalfOf: { id: newId() },
          participationMethod: 'caller',
          clientLocation: 'EUNO',
        },
        inviteReasons: ['PolicyBasedRecording'],
        policyIdentifier: policy.identifier,
        pairedRecorders: [{ id: newId(), participantId: newId() }],
        otherRecorders: [],
      };
  return {
    '@odata.type': '#microsoft.graph.call',
    id: ctx.callId,
    state: 'incoming',
    direction: 'incoming',
    source: {
      '@odata.type': '#microsoft.graph.participantInfo',
      id: policy.participantId,
      identity: ctx.caller
        ? callerIdentity(ctx.caller)
        : { '@odata.type': '#microsoft.graph.identitySet', user: userIdentity },
      endpointType: 'default',
      region: 'amer',
    },
    targets: [
      {
        '@odata.type': '#microsoft.graph.invitationParticipantInfo',
        identity: identitySet(
          'applicationInstance',
          identity(ctx.botAppId, undefined, { identityProvider: 'AAD' }),
        ),
        endpointType: 'default',
        id: newId(),
        region: null,
        languageId: null,
      },
    ],
    meetingInfo: { '@odata.type': '#microsoft.graph.tokenMeetingInfo', token: policy.meetingToken },
    tenantId: ctx.tenantId,
    myParticipantId: newId(),
    callChainId: ctx.chainId,
    incomingContext: {
      '@odata.type': '#microsoft.graph.incomingContext',
      sourceParticipantId: policy.participantId,
      observedParticipantId: policy.participantId,
    },
    requestedModalities: ctx.requestedModalities ?? ['audio'],
    applicationMetadata: { botData },
  };
}

/** The joining participant's call inside a participantJoiningNotification (pbr-participant-joining.json). */
export function buildJoiningCall(ctx: IncomingContext): JsonObject {
  const full = buildPolicyRecordingCall(ctx);
  const botData = (full.applicationMetadata as { botData: JsonObject }).botData;
  return {
    '@odata.type': '#microsoft.graph.call',
    id: full.id,
    state: 'incoming',
    direction: 'incoming',
    source: full.source,
    tenantId: full.tenantId,
    callChainId: full.callChainId,
    incomingContext: full.incomingContext,
    applicationMetadata: {
      botData: { inviteReasons: botData.inviteReasons, policyIdentifier: botData.policyIdentifier },
    },
  };
}
