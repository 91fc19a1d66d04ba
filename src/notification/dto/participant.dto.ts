import type { MediaStream, Participant } from '@microsoft/microsoft-graph-types';
import { Equals } from 'class-validator';
import {
  GraphMediaDirection,
  GraphModality,
  MEDIA_DIRECTIONS,
  MODALITIES,
} from './graph-enums.constants';
import { GraphEnum, OpenEnum } from './graph-enum.decorator';
import { GraphObjectDto, GraphResourceDto } from './graph-object.dto';
import {
  NestedArray,
  NestedObject,
  OpaqueObject,
  OptionalBoolean,
  OptionalInt,
  OptionalString,
} from './graph-property.decorators';
import { ParticipantInfoDto } from './participant-info.dto';
import { PARTICIPANT_TYPE } from './resource-types.constants';

/** One media stream of a roster participant; its enums are open. */
export class MediaStreamDto
  extends GraphObjectDto
  implements Omit<MediaStream, 'direction' | 'mediaType' | 'serverMuted' | 'sourceId'>
{
  @GraphEnum(MEDIA_DIRECTIONS)
  direction?: OpenEnum<GraphMediaDirection> | null;

  @GraphEnum(MODALITIES)
  mediaType?: OpenEnum<GraphModality> | null;

  @OptionalString()
  label?: string | null;

  @OptionalBoolean()
  serverMuted?: boolean | null;

  @OptionalString()
  sourceId?: string | null;
}

/**
 * `#microsoft.graph.participant`, an item of a roster notification (`.../participants`, whose
 * `resourceData` is an array of these). Open: rosters gain properties with each Teams feature.
 */
export class ParticipantDto
  extends GraphResourceDto
  implements Omit<Participant, 'info' | 'mediaStreams' | 'isInLobby' | 'isMuted'>
{
  @Equals(PARTICIPANT_TYPE)
  '@odata.type'!: typeof PARTICIPANT_TYPE;

  /** A participant id, not a call id: it never reaches a Graph URL from here. */
  @OptionalString()
  id?: string;

  @NestedObject(() => ParticipantInfoDto)
  info?: ParticipantInfoDto | null;

  @OptionalBoolean()
  isInLobby?: boolean | null;

  @OptionalBoolean()
  isMuted?: boolean | null;

  @NestedArray(() => MediaStreamDto)
  mediaStreams?: MediaStreamDto[] | null;

  @OptionalString()
  metadata?: string | null;

  @OptionalInt()
  rosterSequenceNumber?: number | null;

  @OpaqueObject()
  recordingInfo?: Record<string, unknown> | null;

  @OpaqueObject()
  removedState?: Record<string, unknown> | null;

  @OpaqueObject()
  restrictedExperience?: Record<string, unknown> | null;
}
