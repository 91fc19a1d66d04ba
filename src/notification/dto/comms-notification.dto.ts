import type { CommsNotification } from '@microsoft/microsoft-graph-types';
import { Transform, Type } from 'class-transformer';
import { Equals, IsIn, IsOptional, IsString, ValidateIf, ValidateNested } from 'class-validator';
import { CallDto } from './call.dto';
import { CommsOperationDto, ContentSharingSessionDto } from './comms-operation.dto';
import { CHANGE_TYPES, ChangeType } from './graph-enums.constants';
import { OptionalString } from './graph-property.decorators';
import { ParticipantDto } from './participant.dto';
import {
  ParticipantJoiningNotificationDto,
  ParticipantLeftNotificationDto,
} from './participant-joining-notification.dto';
import { IsResourceData, IsResourcePath } from './resource-data.validators';
import {
  CALL_TYPE,
  COMMS_OPERATION_TYPES,
  CONTENT_SHARING_SESSION_TYPE,
  PARTICIPANT_JOINING_TYPE,
  PARTICIPANT_LEFT_TYPE,
  PARTICIPANT_TYPE,
} from './resource-types.constants';
import { UnknownResourceDto } from './unknown-resource.dto';

/** A `resourceData` entity of a type the service knows. */
export type KnownResourceData =
  | CallDto
  | ParticipantDto
  | ParticipantJoiningNotificationDto
  | ParticipantLeftNotificationDto
  | CommsOperationDto
  | ContentSharingSessionDto;

export type ResourceData = KnownResourceData | UnknownResourceDto;

/** `@odata.type` → class. Anything else lands on `UnknownResourceDto`, the explicit fallback. */
export const RESOURCE_DATA_SUBTYPES = [
  { name: CALL_TYPE, value: CallDto },
  { name: PARTICIPANT_TYPE, value: ParticipantDto },
  { name: PARTICIPANT_JOINING_TYPE, value: ParticipantJoiningNotificationDto },
  { name: PARTICIPANT_LEFT_TYPE, value: ParticipantLeftNotificationDto },
  { name: CONTENT_SHARING_SESSION_TYPE, value: ContentSharingSessionDto },
  ...COMMS_OPERATION_TYPES.map((name) => ({ name, value: CommsOperationDto })),
];

const hasResource = (item: CommsNotificationDto): boolean =>
  item.resource !== undefined && item.resource !== null;
const hasResourceUrl = (item: CommsNotificationDto): boolean =>
  item.resourceUrl !== undefined && item.resourceUrl !== null;

/**
 * One `commsNotification`. Strict values, open properties: `changeType` and the resource path
 * decide what happens, so they are checked exactly (docs/http-interface.md), while Graph's open type and
 * legacy payloads (`subscriptionId`...) may carry more properties.
 */
export class CommsNotificationDto implements CommsNotification {
  @IsOptional()
  @Equals('#microsoft.graph.commsNotification')
  '@odata.type'?: '#microsoft.graph.commsNotification';

  /** Read case-insensitively, normalised to lower case; anything else is a 400. */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  )
  @IsIn(CHANGE_TYPES)
  changeType!: ChangeType;

  /** Required unless the legacy `resource` is given. */
  @ValidateIf((item: CommsNotificationDto) => hasResourceUrl(item) || !hasResource(item))
  @IsString({ message: '$property (or the legacy resource) must be a string' })
  @IsResourcePath()
  resourceUrl?: string;

  /** Legacy (`/app/calls/{id}`), still sent beside `resourceUrl` in some payloads. */
  @ValidateIf((item: CommsNotificationDto) => hasResource(item))
  @IsString()
  @IsResourcePath()
  resource?: string;

  @IsOptional()
  @IsResourceData()
  @ValidateNested()
  @Type(() => UnknownResourceDto, {
    discriminator: { property: '@odata.type', subTypes: RESOURCE_DATA_SUBTYPES },
    keepDiscriminatorProperty: true,
  })
  resourceData?: ResourceData | ResourceData[] | null;

  // Legacy envelope fields (Graph's older examples), declared so that they are not reported as new.
  @OptionalString()
  subscriptionId?: string | null;

  @OptionalString()
  subscriptionExpirationDateTime?: string | null;
}
