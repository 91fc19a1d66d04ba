import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { RETAINED_MINUTES } from '../minute-buckets';

export const DEFAULT_OVERVIEW_MINUTES = 15;

/** `GET /api/overview` query. */
export class OverviewQuery {
  /**
   * Plain decimal digits only, 1 to 60: `?minutes=1e1`, `0x10`, ` 5` or `5.0` are refused rather
   * than read as a number.
   */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: RETAINED_MINUTES,
    default: DEFAULT_OVERVIEW_MINUTES,
    description: 'How many minutes, the current one included.',
  })
  @IsOptional()
  @Matches(/^(?:[1-9]|[1-5][0-9]|60)$/, { message: 'minutes must be an integer from 1 to 60' })
  minutes?: string;
}
