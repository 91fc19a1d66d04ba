import type { InvitationParticipantInfo, ParticipantInfo } from '@microsoft/microsoft-graph-types';
import { ENDPOINT_TYPES, GraphEndpointType } from './graph-enums.constants';
import { GraphEnum, OpenEnum } from './graph-enum.decorator';
import { GraphObjectDto } from './graph-object.dto';
import { NestedObject, OptionalBoolean, OptionalString } from './graph-property.decorators';
import { IdentitySetDto } from './identity-set.dto';

/** What `participantInfo` and `invitationParticipantInfo` payloads both carry. */
abstract class ParticipantInfoFieldsDto extends GraphObjectDto {
  /** Not in Graph's table, but real payloads carry the participant id here. */
  @OptionalString()
  id?: string | null;

  @NestedObject(() => IdentitySetDto)
  identity?: IdentitySetDto;

  @GraphEnum(ENDPOINT_TYPES)
  endpointType?: OpenEnum<GraphEndpointType> | null;

  @OptionalString()
  region?: string | null;

  @OptionalString()
  languageId?: string | null;

  @OptionalString()
  participantId?: string | null;
}

/** `participantInfo` (a call's `source`). `endpointType` is an open enum, hence the `Omit`. */
export class ParticipantInfoDto
  extends ParticipantInfoFieldsDto
  implements Omit<ParticipantInfo, 'endpointType'>
{
  @OptionalString()
  countryCode?: string | null;

  @OptionalString()
  platformId?: string | null;
}

/** `invitationParticipantInfo` (a call's `targets`); payloads add participantInfo's fields. */
export class InvitationParticipantInfoDto
  extends ParticipantInfoFieldsDto
  implements InvitationParticipantInfo
{
  @OptionalString()
  replacesCallId?: string | null;

  @OptionalBoolean()
  hidden?: boolean | null;

  @OptionalBoolean()
  removeFromDefaultAudioRoutingGroup?: boolean | null;
}
