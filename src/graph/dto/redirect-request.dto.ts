import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { GraphRedirectBody, GraphShape } from './graph-bodies';
import { IsHttpsUrl } from './graph-validators';
import { InvitationParticipantInfoDto } from './identity.dto';

/** Body of `POST /communications/calls/{id}/redirect`. */
export class RedirectRequestDto implements GraphShape<RedirectRequestDto, GraphRedirectBody> {
  /** More than one target rings them all at once. */
  @ArrayMaxSize(25)
  @ArrayMinSize(1)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => InvitationParticipantInfoDto)
  targets!: InvitationParticipantInfoDto[];

  /** Seconds; Graph's default is 55 for one target, 60 for several. */
  @IsOptional()
  @IsInt()
  @Min(15)
  @Max(90)
  timeout?: number;

  @IsOptional()
  @IsHttpsUrl()
  callbackUri?: string;
}
