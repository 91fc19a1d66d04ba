import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { REJECT_REASONS, type RejectReason } from '../../decision/decision.vocabulary';

/** `POST /api/calls/{id}/reject`. */
export class RejectCallDto {
  @ApiPropertyOptional({ enum: REJECT_REASONS, default: 'none' })
  @IsOptional()
  @IsIn(REJECT_REASONS)
  reason?: RejectReason;
}
