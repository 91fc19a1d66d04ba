import { CallDto } from '../dto/call.dto';
import { CommsNotificationDto } from '../dto/comms-notification.dto';
import { CommsOperationDto, ContentSharingSessionDto } from '../dto/comms-operation.dto';
import { ParticipantDto } from '../dto/participant.dto';
import {
  ParticipantJoiningNotificationDto,
  ParticipantLeftNotificationDto,
} from '../dto/participant-joining-notification.dto';
import { UnknownResourceDto } from '../dto/unknown-resource.dto';
import type { NotificationKind } from '../routed-notification';
import { parseResourcePath, ResourcePath } from './resource-path.parser';

export interface Classification {
  readonly kind: NotificationKind;
  readonly callId: string | undefined;
  readonly subResourceId: string | undefined;
  /** `callChainId` of the call the notification is about, when it carries one. */
  readonly callChainId: string | undefined;
}

function pathOf(item: CommsNotificationDto): ResourcePath | undefined {
  const url = item.resourceUrl ?? item.resource;
  if (typeof url !== 'string') return undefined;
  const parsed = parseResourcePath(url);
  return parsed.ok ? parsed.path : undefined;
}

function callKind(item: CommsNotificationDto, call: CallDto | undefined): NotificationKind {
  if (item.changeType === 'deleted' || call?.state === 'terminated') return 'callTerminated';
  if (item.changeType === 'created' && call?.state === 'incoming') return 'incomingCall';
  return call ? 'callUpdated' : 'unhandled';
}

/** Kind from the resource path alone, for notifications without `resourceData`. */
function kindWithoutData(item: CommsNotificationDto, path: ResourcePath): NotificationKind {
  switch (path.segment) {
    case 'call':
      return item.changeType === 'deleted' ? 'callTerminated' : 'unhandled';
    case 'contentSharingSession':
      return 'contentSharing';
    case 'operation':
      return 'operation';
    case 'participants':
      // `deleted` on `/participants/{id}`: that participant left, and the path says who.
      return item.changeType === 'deleted' && path.subResourceId !== undefined
        ? 'participants'
        : 'unhandled';
    default:
      return 'unhandled';
  }
}

/**
 * Which module a validated notification is for. The `resourceData` type decides first (it is
 * what the consumer will read); the resource path decides when there is none (content sharing
 * sessions carry none) and must point below a call, except for joining and left notifications,
 * which the contract routes to the policy group's call when their path names none.
 *
 * | resourceData                                  | kind                                        |
 * | --------------------------------------------- | ------------------------------------------- |
 * | unknown `@odata.type`                         | unhandled                                   |
 * | participantJoiningNotification / LeftNotif.   | participantJoining / participantLeft        |
 * | participant, or an array on `/participants`   | participants                                |
 * | commsOperation and derived                    | operation                                   |
 * | contentSharingSession                         | contentSharing                              |
 * | call on `/calls/{id}`                         | deleted or terminated → callTerminated;     |
 * |                                               | created + incoming → incomingCall;          |
 * |                                               | else callUpdated                            |
 * | none, on `/calls/{id}`                        | deleted → callTerminated, else unhandled    |
 * | none, on `/contentsharingsessions/{id}`       | contentSharing                              |
 * | none, on `/operations/{id}`                   | operation                                   |
 * | none, deleted on `/participants/{id}`         | participants                                |
 */
export function classifyNotification(item: CommsNotificationDto): Classification {
  const path = pathOf(item);
  const data = item.resourceData ?? undefined;
  const call = data instanceof CallDto ? data : undefined;
  let kind: NotificationKind;
  let subResourceId = path?.subResourceId;
  let callChainId = call?.callChainId ?? undefined;

  if (Array.isArray(data)) {
    const roster =
      path?.segment === 'participants' ||
      (data.length > 0 && data.every((entry) => entry instanceof ParticipantDto));
    kind = roster ? 'participants' : 'unhandled';
  } else if (data === undefined) {
    kind = path ? kindWithoutData(item, path) : 'unhandled';
  } else if (data instanceof UnknownResourceDto) {
    kind = 'unhandled';
  } else if (data instanceof ParticipantJoiningNotificationDto) {
    kind = 'participantJoining';
    callChainId = data.call.callChainId ?? undefined;
  } else if (data instanceof ParticipantLeftNotificationDto) {
    kind = 'participantLeft';
    callChainId = data.call?.callChainId ?? undefined;
  } else if (data instanceof ParticipantDto) {
    kind = 'participants';
  } else if (data instanceof CommsOperationDto) {
    kind = 'operation';
    subResourceId ??= data.id;
  } else if (data instanceof ContentSharingSessionDto) {
    kind = 'contentSharing';
    subResourceId ??= data.id;
  } else {
    kind = path === undefined || path.segment === 'call' ? callKind(item, call) : 'unhandled';
  }

  const callId = path?.callId ?? call?.id;
  const needsCall = kind !== 'participantJoining' && kind !== 'participantLeft';
  if (needsCall && callId === undefined) kind = 'unhandled';
  return { kind, callId, subResourceId, callChainId };
}
