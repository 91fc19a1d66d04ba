import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { REDIRECT_TARGET_KINDS, type RedirectTargetKind } from '../../decision/decision.vocabulary';

export class RedirectTargetDto {
  @ApiProperty({ enum: REDIRECT_TARGET_KINDS })
  @IsIn(REDIRECT_TARGET_KINDS)
  kind!: RedirectTargetKind;

  @ApiProperty({ description: 'AAD object id, application id, or an E.164 number for phone.' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  id!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  displayName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  tenantId?: string;
}

/** `POST /api/calls/{id}/redirect`. */
export class RedirectCallDto {
  @ApiProperty({ type: [RedirectTargetDto], minItems: 1, maxItems: 25 })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(25)
  @ValidateNested({ each: true })
  @Type(() => RedirectTargetDto)
  targets!: RedirectTargetDto[];

  @ApiPropertyOptional({ minimum: 15, maximum: 90, description: 'Seconds.' })
  @IsOptional()
  @IsInt()
  @Min(15)
  @Max(90)
  timeout?: number;
}
