import { Equals, IsBoolean, IsOptional } from 'class-validator';
import { GraphIncomingCallOptions, GraphShape, ODATA_TYPES } from './graph-bodies';

export class IncomingCallOptionsDto implements GraphShape<
  IncomingCallOptionsDto,
  GraphIncomingCallOptions
> {
  @Equals(ODATA_TYPES.incomingCallOptions)
  '@odata.type'!: typeof ODATA_TYPES.incomingCallOptions;

  @IsOptional()
  @IsBoolean()
  hideBotAfterEscalation?: boolean;

  /** Content-sharing sessions are notified (`/contentsharingsessions/{id}`). */
  @IsOptional()
  @IsBoolean()
  isContentSharingNotificationEnabled?: boolean;

  @IsOptional()
  @IsBoolean()
  isDeltaRosterEnabled?: boolean;

  @IsOptional()
  @IsBoolean()
  isInteractiveRosterEnabled?: boolean;
}
