import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  CALL_STATES,
  type CallState,
  type DecisionAction,
  type DecisionOutcome,
} from '../../../store';

const STATES: readonly CallState[] = [...CALL_STATES, 'unknown'];
const OUTCOMES: readonly DecisionOutcome[] = ['pending', 'sent', 'failed', 'deadlineMissed'];
const DECISIONS: readonly DecisionAction[] = ['answer', 'reject', 'redirect', 'defer'];

/** Largest page; a list is never unbounded. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 100;

/** `GET /api/calls` query: filters (all must hold), a page size and the cursor of the last page. */
export class ListCallsQuery {
  @ApiPropertyOptional({ enum: STATES })
  @IsOptional()
  @IsIn(STATES)
  state?: CallState;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: DecisionOutcome;

  @ApiPropertyOptional({ enum: DECISIONS })
  @IsOptional()
  @IsIn(DECISIONS)
  decision?: DecisionAction;

  @ApiPropertyOptional({ description: 'Calls received at or after this time (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'Matched case-insensitively.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  policyIdentifier?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;
}
