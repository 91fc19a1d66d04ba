import type { MediaStream, Participant } from '@microsoft/microsoft-graph-types';
import { Equals, IsArray, IsOptional } from 'class-validator';
import {
  GraphMediaDirection,
  GraphModality,
  MEDIA_DIRECTIONS,
  MODALITIES,
} from './graph-enums.constants';
import { GraphEnum, OpenEnum } from './graph-enum.decorator';
import { GraphObjectDto, GraphResourceDto } from './graph-object.dto';
import {
  OpaqueObject,
  OptionalBoolean,
  OptionalIntFromText,
  OptionalString,
  Tolerated,
} from './graph-property.decorators';
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
 *
 * Rosters are the largest bodies Graph sends, so only what the service reads is validated deeply
 * (`id`, `removedState`); the rest is carried as Graph sent it, its JSON type checked at most, and
 * a wrong one tolerated (docs/hostile-input.md). `MediaStreamDto` describes a stream for
 * consumers that want to validate one.
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

  /** Set when the participant left (created rosters): read by policy-recording's seat release. */
  @OpaqueObject()
  removedState?: Record<string, unknown> | null;

  @Tolerated()
  @OpaqueObject()
  info?: Record<string, unknown> | null;

  @Tolerated()
  @OptionalBoolean()
  isInLobby?: boolean | null;

  @Tolerated()
  @OptionalBoolean()
  isMuted?: boolean | null;

  @Tolerated()
  @IsOptional()
  @IsArray()
  mediaStreams?: unknown[] | null;

  @Tolerated()
  @OptionalString()
  metadata?: string | null;

  @Tolerated()
  @OptionalIntFromText()
  rosterSequenceNumber?: number | null;

  @Tolerated()
  @OpaqueObject()
  recordingInfo?: Record<string, unknown> | null;

  @Tolerated()
  @OpaqueObject()
  restrictedExperience?: Record<string, unknown> | null;
}
