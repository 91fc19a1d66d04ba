import type {
  ParticipantJoiningNotification,
  ParticipantLeftNotification,
} from '@microsoft/microsoft-graph-types';
import { Equals, IsNotEmpty, IsObject, IsString, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { CallDto } from './call.dto';
import { GraphResourceDto } from './graph-object.dto';
import { NestedObject, OptionalString } from './graph-property.decorators';
import { PARTICIPANT_JOINING_TYPE, PARTICIPANT_LEFT_TYPE } from './resource-types.constants';

/**
 * `#microsoft.graph.participantJoiningNotification` (docs/policy-recording.md): `call` describes the joining
 * participant's call and is required, since the synchronous answer is computed from it. Open
 * otherwise: Graph does not publish the wire shape.
 */
export class ParticipantJoiningNotificationDto
  extends GraphResourceDto
  implements Omit<ParticipantJoiningNotification, 'call'>
{
  @Equals(PARTICIPANT_JOINING_TYPE)
  '@odata.type'!: typeof PARTICIPANT_JOINING_TYPE;

  @OptionalString()
  id?: string;

  @IsObject()
  @ValidateNested()
  @Type(() => CallDto)
  call!: CallDto;
}

/** `#microsoft.graph.participantLeftNotification`: `participantId` names the seat to free. */
export class ParticipantLeftNotificationDto
  extends GraphResourceDto
  implements Omit<ParticipantLeftNotification, 'call'>
{
  @Equals(PARTICIPANT_LEFT_TYPE)
  '@odata.type'!: typeof PARTICIPANT_LEFT_TYPE;

  @OptionalString()
  id?: string;

  @IsString()
  @IsNotEmpty()
  participantId!: string;

  @NestedObject(() => CallDto)
  call?: CallDto | null;
}
