import type { JsonObject } from '../core/util';

/** Builders for the notification bodies Graph posts, in the shapes of test/fixtures/notifications. */

export function envelope(values: JsonObject[]): JsonObject {
  return { '@odata.type': '#microsoft.graph.commsNotifications', value: values };
}

export function callPath(callId: string): string {
  return `/communications/calls/${callId}`;
}

function notification(
  changeType: 'created' | 'updated' | 'deleted',
  resourceUrl: string,
  resourceData?: unknown,
): JsonObject {
  const item: JsonObject = {
    '@odata.type': '#microsoft.graph.commsNotification',
    changeType,
    resourceUrl,
  };
  if (resourceData !== undefined) item.resourceData = resourceData;
  return item;
}

export function incomingCall(callId: string, resourceData: JsonObject): JsonObject {
  const item = notification('created', callPath(callId), resourceData);
  // Graph still sends the legacy `resource` beside `resourceUrl` on some payloads.
  return { ...item, resource: `/app/calls/${callId}` };
}

export function callState(callId: string, etag: number, state: string): JsonObject {
  return notification('updated', callPath(callId), {
    '@odata.type': '#microsoft.graph.call',
    '@odata.id': callPath(callId),
    '@odata.etag': `W/"${etag}"`,
    state,
  });
}

export function callTerminated(callId: string, etag: number, resultInfo: JsonObject): JsonObject {
  return notification('deleted', callPath(callId), {
    '@odata.type': '#microsoft.graph.call',
    '@odata.id': callPath(callId),
    '@odata.etag': `W/"${etag}"`,
    state: 'terminated',
    resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', ...resultInfo },
  });
}

export function contentSharing(
  callId: string,
  sessionId: string,
  changeType: 'created' | 'deleted',
): JsonObject {
  // Graph sends these with no resourceData at all.
  return notification(changeType, `${callPath(callId)}/contentsharingsessions/${sessionId}`);
}

export interface RosterEntry {
  id: string;
  userId: string;
  displayName: string;
  isMuted?: boolean;
}

export function participant(entry: RosterEntry): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.participant',
    id: entry.id,
    info: {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: {
        '@odata.type': '#microsoft.graph.identitySet',
        user: {
          '@odata.type': '#microsoft.graph.identity',
          id: entry.userId,
          displayName: entry.displayName,
        },
      },
      endpointType: 'default',
      languageId: 'en-US',
      region: 'amer',
    },
    mediaStreams: [
      {
        '@odata.type': '#microsoft.graph.mediaStream',
        mediaType: 'audio',
        sourceId: '1',
        direction: 'sendReceive',
        serverMuted: false,
      },
    ],
    isMuted: entry.isMuted ?? false,
    isInLobby: false,
  };
}

export function roster(
  callId: string,
  changeType: 'updated' | 'deleted',
  entries: RosterEntry[],
): JsonObject {
  return notification(changeType, `${callPath(callId)}/participants`, entries.map(participant));
}

export function operationCompleted(
  callId: string,
  operation: { id: string; type: string; clientContext: string | null },
): JsonObject {
  return notification('deleted', `${callPath(callId)}/operations/${operation.id}`, {
    '@odata.type': operation.type,
    '@odata.id': `${callPath(callId)}/operations/${operation.id}`,
    id: operation.id,
    clientContext: operation.clientContext,
    status: 'completed',
    resultInfo: {
      '@odata.type': '#microsoft.graph.resultInfo',
      code: 200,
      subcode: 0,
      message: 'Action completed successfully.',
    },
  });
}

export function participantJoining(instanceCallId: string, joiningCall: JsonObject): JsonObject {
  return notification('created', `${callPath(instanceCallId)}/participantJoiningNotification`, {
    '@odata.type': '#microsoft.graph.participantJoiningNotification',
    call: joiningCall,
  });
}

export function participantLeft(callId: string, participantId: string): JsonObject {
  return notification('deleted', `${callPath(callId)}/participantLeftNotification`, {
    '@odata.type': '#microsoft.graph.participantLeftNotification',
    participantId,
    call: { '@odata.type': '#microsoft.graph.call', id: callId },
  });
}

export const RESULT_INFO = {
  hungUp: { code: 200, subcode: 5001, message: 'The conversation has ended.' },
  deletedByApp: { code: 200, subcode: 5000, message: 'The call was ended by the application.' },
  rejected: { code: 603, subcode: 0, message: 'The call was rejected by the application.' },
  redirected: { code: 302, subcode: 0, message: 'The call was redirected.' },
  notAnswered: {
    code: 408,
    subcode: 0,
    message: 'The application did not answer, reject or redirect the call in time.',
  },
  idle: { code: 408, subcode: 0, message: 'The call expired: no keepAlive for 45 minutes.' },
} satisfies Record<string, JsonObject>;
