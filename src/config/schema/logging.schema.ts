import { IsBoolean, IsIn } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class LoggingConfig {
  @IsIn(LOG_LEVELS)
  level!: LogLevel;

  /** Human-readable lines instead of JSON; for a developer's terminal only. */
  @IsBoolean()
  pretty!: boolean;
}
