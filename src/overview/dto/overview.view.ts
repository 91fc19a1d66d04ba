import { ApiProperty } from '@nestjs/swagger';
import { OVERVIEW_OUTCOMES, OVERVIEW_SOURCES } from '../minute-buckets';
import type { DecisionCounts, Overview, OverviewMinute } from '../overview';

export class LatencyPercentilesView {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Milliseconds; null: no decision sent.',
  })
  p50!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Milliseconds; null: no decision sent.',
  })
  p99!: number | null;
}

export class OverviewMinuteView implements OverviewMinute {
  @ApiProperty({ format: 'date-time', description: "The minute's start." })
  start!: string;

  @ApiProperty({
    description:
      `Decisions by outcome (${OVERVIEW_OUTCOMES.join(', ')}), then by source ` +
      `(${OVERVIEW_SOURCES.join(', ')}); every outcome and source present, zeros included.`,
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
  })
  decisions!: DecisionCounts;

  @ApiProperty({
    type: LatencyPercentilesView,
    description: 'From the notification received to Graph accepting the decision.',
  })
  latencyMs!: LatencyPercentilesView;

  @ApiProperty()
  deadlineMisses!: number;

  @ApiProperty({ description: 'Decisions taken over from another instance.' })
  takeovers!: number;
}

export class OverviewTotalsView {
  @ApiProperty()
  decisions!: number;

  @ApiProperty({ type: LatencyPercentilesView })
  latencyMs!: LatencyPercentilesView;

  @ApiProperty()
  deadlineMisses!: number;

  @ApiProperty()
  takeovers!: number;
}

export class OverviewView implements Overview {
  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ minimum: 1, maximum: 60 })
  minutes!: number;

  @ApiProperty({
    type: [String],
    description:
      'The instances whose minutes were merged: this one, then the others (Redis store).',
  })
  instances!: string[];

  @ApiProperty({
    type: [OverviewMinuteView],
    description: 'Oldest first, one per minute; the current minute last.',
  })
  buckets!: OverviewMinuteView[];

  @ApiProperty({ type: OverviewTotalsView })
  totals!: OverviewTotalsView;
}
