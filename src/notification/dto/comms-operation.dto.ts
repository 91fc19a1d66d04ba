import type { CommsOperation, ContentSharingSession } from '@microsoft/microsoft-graph-types';
import { Equals, IsIn, IsOptional, Matches } from 'class-validator';
import { RESOURCE_ID_PATTERN } from '../notification.constants';
import { ResultInfoDto } from './call-context.dto';
import { GraphOperationStatus, OPERATION_STATUSES } from './graph-enums.constants';
import { GraphEnum, OpenEnum } from './graph-enum.decorator';
import { GraphResourceDto } from './graph-object.dto';
import { NestedObject, OptionalString, Tolerated } from './graph-property.decorators';
import {
  COMMS_OPERATION_TYPES,
  CommsOperationType,
  CONTENT_SHARING_SESSION_TYPE,
} from './resource-types.constants';

const ID_MESSAGE = "$property must contain only letters, digits, '-' and '_' (at most 128)";

/**
 * `#microsoft.graph.commsOperation` and its derived operations (`playPromptOperation`,
 * `updateRecordingStatusOperation`...): one class, since the derived types add only optional
 * properties. Open: Graph adds operation properties (and types, which stay unknown types).
 */
export class CommsOperationDto
  extends GraphResourceDto
  implements Omit<CommsOperation, 'status' | 'resultInfo'>
{
  @IsIn(COMMS_OPERATION_TYPES)
  '@odata.type'!: CommsOperationType;

  /** Can reach a Graph URL (`.../operations/{id}`), so held to the id rule. */
  @IsOptional()
  @Matches(RESOURCE_ID_PATTERN, { message: ID_MESSAGE })
  id?: string;

  @OptionalString()
  clientContext?: string | null;

  /** Graph's SDK sends `Running`, its documentation `running`: normalised to lower camel case. */
  @GraphEnum(OPERATION_STATUSES)
  status?: OpenEnum<GraphOperationStatus> | null;

  @Tolerated()
  @NestedObject(() => ResultInfoDto)
  resultInfo?: ResultInfoDto | null;
}

/** `#microsoft.graph.contentSharingSession`: an entity with only an id. */
export class ContentSharingSessionDto extends GraphResourceDto implements ContentSharingSession {
  @Equals(CONTENT_SHARING_SESSION_TYPE)
  '@odata.type'!: typeof CONTENT_SHARING_SESSION_TYPE;

  @IsOptional()
  @Matches(RESOURCE_ID_PATTERN, { message: ID_MESSAGE })
  id?: string;
}
