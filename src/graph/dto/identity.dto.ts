import { Type } from 'class-transformer';
import {
  Equals,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';
import {
  GraphIdentity,
  GraphIdentitySet,
  GraphInvitationParticipantInfo,
  GraphShape,
  IDENTITY_SET_TYPES,
  IDENTITY_TYPES,
  ODATA_TYPES,
} from './graph-bodies';
import { IsE164, NamesSomeone } from './graph-validators';

export class IdentityDto implements GraphShape<IdentityDto, GraphIdentity> {
  @IsOptional()
  @IsIn(IDENTITY_TYPES)
  '@odata.type'?: (typeof IDENTITY_TYPES)[number];

  /** AAD object id, application id, or E.164 number for `phone`. */
  @IsString()
  @IsNotEmpty()
  id!: string;

  @IsOptional()
  @IsString()
  displayName?: string;

  @IsOptional()
  @IsString()
  tenantId?: string;
}

/** A phone's identity: Graph takes its id as E.164 only. */
export class PhoneIdentityDto extends IdentityDto {
  @IsE164()
  declare id: string;
}

const IDENTITY_KEYS = [
  'user',
  'application',
  'applicationInstance',
  'phone',
  'guest',
  'device',
  'encrypted',
  'onPremises',
  'azureCommunicationServicesUser',
] as const;

export class IdentitySetDto implements GraphShape<IdentitySetDto, GraphIdentitySet> {
  @IsOptional()
  @IsIn(IDENTITY_SET_TYPES)
  '@odata.type'?: (typeof IDENTITY_SET_TYPES)[number];

  @IsOptional() @ValidateNested() @Type(() => IdentityDto) user?: IdentityDto;
  @IsOptional() @ValidateNested() @Type(() => IdentityDto) application?: IdentityDto;
  @IsOptional() @ValidateNested() @Type(() => IdentityDto) applicationInstance?: IdentityDto;
  @IsOptional() @ValidateNested() @Type(() => PhoneIdentityDto) phone?: PhoneIdentityDto;
  @IsOptional() @ValidateNested() @Type(() => IdentityDto) guest?: IdentityDto;
  @IsOptional() @ValidateNested() @Type(() => IdentityDto) device?: IdentityDto;
  @IsOptional() @ValidateNested() @Type(() => IdentityDto) encrypted?: IdentityDto;
  @IsOptional() @ValidateNested() @Type(() => IdentityDto) onPremises?: IdentityDto;
  @IsOptional()
  @ValidateNested()
  @Type(() => IdentityDto)
  azureCommunicationServicesUser?: IdentityDto;
}

export class InvitationParticipantInfoDto implements GraphShape<
  InvitationParticipantInfoDto,
  GraphInvitationParticipantInfo
> {
  @IsOptional()
  @Equals(ODATA_TYPES.invitationParticipantInfo)
  '@odata.type'?: typeof ODATA_TYPES.invitationParticipantInfo;

  @IsDefined()
  @NamesSomeone(IDENTITY_KEYS)
  @ValidateNested()
  @Type(() => IdentitySetDto)
  identity!: IdentitySetDto;
}
