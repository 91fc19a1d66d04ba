import type { Call } from '@microsoft/microsoft-graph-types';
import { Equals, IsOptional, Matches } from 'class-validator';
import { RESOURCE_ID_PATTERN } from '../notification.constants';
import { ApplicationMetadataDto } from './application-metadata.dto';
import {
  CallRouteDto,
  ChatInfoDto,
  IncomingContextDto,
  MeetingInfoDto,
  ResultInfoDto,
} from './call-context.dto';
import {
  CALL_DIRECTIONS,
  GRAPH_CALL_STATES,
  GraphCallDirection,
  GraphCallState,
  GraphModality,
  MODALITIES,
} from './graph-enums.constants';
import { GraphEnum, OpenEnum } from './graph-enum.decorator';
import { GraphResourceDto } from './graph-object.dto';
import {
  NestedArray,
  NestedObject,
  OpaqueObject,
  OptionalIntFromText,
  OptionalString,
  Tolerated,
} from './graph-property.decorators';
import { InvitationParticipantInfoDto, ParticipantInfoDto } from './participant-info.dto';
import { CALL_TYPE } from './resource-types.constants';

/** Open enums, and objects whose Graph type does not admit the nulls that payloads carry. */
type OpenEnumFields =
  'state' | 'direction' | 'requestedModalities' | 'source' | 'callRoutes' | 'resultInfo';

/**
 * `#microsoft.graph.call` as a notification carries it. Open (Graph adds call properties, and
 * policy-recording calls carry `applicationMetadata`, which is not in the schema); the
 * enums are open too, hence the `Omit` of Graph's closed unions.
 */
export class CallDto extends GraphResourceDto implements Omit<Call, OpenEnumFields> {
  @Equals(CALL_TYPE)
  '@odata.type'!: typeof CALL_TYPE;

  /** Reaches Graph URLs, so held to the call id rule. */
  @IsOptional()
  @Matches(RESOURCE_ID_PATTERN, {
    message: "$property must contain only letters, digits, '-' and '_' (at most 128)",
  })
  id?: string;

  @GraphEnum(GRAPH_CALL_STATES)
  state?: OpenEnum<GraphCallState> | null;

  @GraphEnum(CALL_DIRECTIONS)
  direction?: OpenEnum<GraphCallDirection> | null;

  @GraphEnum(MODALITIES, { each: true })
  requestedModalities?: OpenEnum<GraphModality>[] | null;

  @Tolerated()
  @GraphEnum(MODALITIES, { each: true })
  activeModalities?: OpenEnum<GraphModality>[] | null;

  @OptionalString()
  callChainId?: string | null;

  @OptionalString()
  tenantId?: string | null;

  @Tolerated()
  @OptionalString()
  myParticipantId?: string | null;

  @Tolerated()
  @OptionalString()
  subject?: string | null;

  @Tolerated()
  @OptionalString()
  callbackUri?: string;

  @Tolerated()
  @OptionalString()
  terminationReason?: string | null;

  @Tolerated()
  @OptionalIntFromText()
  ringingTimeoutInSeconds?: number | null;

  @NestedObject(() => ParticipantInfoDto)
  source?: ParticipantInfoDto | null;

  @Tolerated()
  @NestedObject(() => ParticipantInfoDto)
  answeredBy?: ParticipantInfoDto | null;

  @NestedArray(() => InvitationParticipantInfoDto)
  targets?: InvitationParticipantInfoDto[] | null;

  @NestedObject(() => IncomingContextDto)
  incomingContext?: IncomingContextDto | null;

  @NestedObject(() => MeetingInfoDto)
  meetingInfo?: MeetingInfoDto | null;

  @NestedObject(() => ChatInfoDto)
  chatInfo?: ChatInfoDto | null;

  @Tolerated()
  @NestedObject(() => ResultInfoDto)
  resultInfo?: ResultInfoDto | null;

  @NestedArray(() => CallRouteDto)
  callRoutes?: CallRouteDto[] | null;

  @NestedObject(() => ApplicationMetadataDto)
  applicationMetadata?: ApplicationMetadataDto | null;

  // Carried for consumers as Graph sent them; the service does not decide on them.
  @Tolerated()
  @OpaqueObject()
  mediaState?: Record<string, unknown> | null;

  @Tolerated()
  @OpaqueObject()
  callOptions?: Record<string, unknown> | null;

  @Tolerated()
  @OpaqueObject()
  mediaConfig?: Record<string, unknown> | null;

  @Tolerated()
  @OpaqueObject()
  toneInfo?: Record<string, unknown> | null;

  @Tolerated()
  @OpaqueObject()
  transcription?: Record<string, unknown> | null;
}
