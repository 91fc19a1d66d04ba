import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { RECORDING_STATUSES, type GraphRecordingStatus } from '../../../graph';

/** `POST /api/calls/{id}/recording-status`. */
export class RecordingStatusRequestDto {
  @ApiProperty({
    enum: RECORDING_STATUSES,
    description: 'Reported to Graph with updateRecordingStatus and a fresh clientContext.',
  })
  @IsIn(RECORDING_STATUSES)
  status!: GraphRecordingStatus;

  @ApiPropertyOptional({
    maxLength: 256,
    description: 'Why (e.g. the recorder lost its media); kept on the call, not sent to Graph.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  reason?: string;
}
