import { Type } from 'class-transformer';
import { IsArray, IsInt, Max, Min, ValidateNested } from 'class-validator';

export class DeadlinesConfig {
  @IsInt()
  @Min(1000)
  @Max(60000)
  regularMs!: number;

  @IsInt()
  @Min(1000)
  @Max(60000)
  policyRecordingMs!: number;
}

/**
 * How calls are answered. The decision rules and actions are owned by the Calls module
 * (`src/calls/rules/`), which validates them into Graph request DTOs at start-up.
 */
export class AnswerConfig {
  @ValidateNested()
  @Type(() => DeadlinesConfig)
  deadlines!: DeadlinesConfig;

  /** A decision must be made this long before the deadline, or the fallback goes out. */
  @IsInt()
  @Min(0)
  safetyMarginMs!: number;

  /** `keepAlive` period for established calls (Graph ends a call after 45 minutes without one). */
  @IsInt()
  @Min(1000)
  keepAliveIntervalMs!: number;

  @IsArray()
  rules!: unknown[];
}
