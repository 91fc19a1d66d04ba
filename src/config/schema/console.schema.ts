import { IsBoolean } from 'class-validator';

/** The operator console, a web page at `/console` (docs/console.md). */
export class ConsoleConfig {
  /** Off by default (production); the development profile turns it on. */
  @IsBoolean()
  enabled!: boolean;
}
