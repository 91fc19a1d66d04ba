import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ACCEPTED_MODALITIES, type AcceptedModality } from '../../decision/decision.vocabulary';

export class CallOptionsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  hideBotAfterEscalation?: boolean;

  @ApiPropertyOptional({ description: 'Notify content-sharing sessions of the call.' })
  @IsOptional()
  @IsBoolean()
  isContentSharingNotificationEnabled?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isDeltaRosterEnabled?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isInteractiveRosterEnabled?: boolean;
}

/** `POST /api/calls/{id}/answer`: every property is optional; the defaults are the rules'. */
export class AnswerCallDto {
  @ApiPropertyOptional({ enum: ACCEPTED_MODALITIES, isArray: true, default: ['audio'] })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ACCEPTED_MODALITIES, { each: true })
  acceptedModalities?: AcceptedModality[];

  @ApiPropertyOptional({ description: 'A configured media profile (media.profiles).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  mediaProfile?: string;

  @ApiPropertyOptional({ type: CallOptionsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallOptionsDto)
  callOptions?: CallOptionsDto;

  @ApiPropertyOptional({ description: 'Policy-based recording calls only.', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  participantCapacity?: number;
}
