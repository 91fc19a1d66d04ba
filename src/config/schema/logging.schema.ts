import { IsIn } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['json', 'pretty', 'auto'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export class LoggingConfig {
  @IsIn(LOG_LEVELS)
  level!: LogLevel;

  /** JSON lines, human-readable lines, or pretty only when stdout is a terminal (`auto`). */
  @IsIn(LOG_FORMATS)
  format!: LogFormat;
}
