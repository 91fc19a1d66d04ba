import type {
  CallRoute,
  ChatInfo,
  IncomingContext,
  ResultInfo,
} from '@microsoft/microsoft-graph-types';
import { GraphRoutingType, ROUTING_TYPES } from './graph-enums.constants';
import { GraphEnum, OpenEnum } from './graph-enum.decorator';
import { GraphObjectDto } from './graph-object.dto';
import {
  NestedObject,
  OptionalBoolean,
  OptionalIntFromText,
  OptionalString,
  Tolerated,
} from './graph-property.decorators';
import { IdentitySetDto } from './identity-set.dto';

/** `incomingContext`: for policy-based recording, the observed participant holds the seat key. */
export class IncomingContextDto extends GraphObjectDto implements IncomingContext {
  @OptionalString()
  sourceParticipantId?: string | null;

  @OptionalString()
  observedParticipantId?: string | null;

  @NestedObject(() => IdentitySetDto)
  onBehalfOf?: IdentitySetDto | null;

  @NestedObject(() => IdentitySetDto)
  transferor?: IdentitySetDto | null;
}

/**
 * `resultInfo`. Graph's examples spell the subcode both `subcode` and `subCode`, so both are
 * read; `code`/`subcode` may be null in payloads, hence the `Omit`. Graph's call: delete page
 * sends the codes as text (`"code": "200"`): read as numbers; nothing here decides anything.
 */
export class ResultInfoDto extends GraphObjectDto implements Omit<ResultInfo, 'code' | 'subcode'> {
  @Tolerated()
  @OptionalIntFromText()
  code?: number | null;

  @Tolerated()
  @OptionalIntFromText()
  subcode?: number | null;

  @Tolerated()
  @OptionalIntFromText()
  subCode?: number | null;

  @Tolerated()
  @OptionalString()
  message?: string | null;
}

export class ChatInfoDto extends GraphObjectDto implements ChatInfo {
  @OptionalString()
  threadId?: string | null;

  @OptionalString()
  messageId?: string | null;

  @OptionalString()
  replyChainMessageId?: string | null;
}

/**
 * `meetingInfo` in any of its variants (`organizerMeetingInfo`, `tokenMeetingInfo`,
 * `joinMeetingIdMeetingInfo`): one open class, since the variants differ only by optional
 * properties and an unknown variant must still be accepted.
 */
export class MeetingInfoDto extends GraphObjectDto {
  @NestedObject(() => IdentitySetDto)
  organizer?: IdentitySetDto | null;

  /** A join token (a JWT in real policy-recording payloads): never log it. */
  @OptionalString()
  token?: string | null;

  @OptionalString()
  joinMeetingId?: string | null;

  @OptionalString()
  passcode?: string | null;

  @OptionalBoolean()
  allowConversationWithoutHost?: boolean | null;
}

/** `callRoute`: how an incoming call was forwarded to us. */
export class CallRouteDto extends GraphObjectDto implements Omit<CallRoute, 'routingType'> {
  @NestedObject(() => IdentitySetDto)
  original?: IdentitySetDto;

  @NestedObject(() => IdentitySetDto)
  final?: IdentitySetDto;

  @GraphEnum(ROUTING_TYPES)
  routingType?: OpenEnum<GraphRoutingType> | null;
}
