import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsHttpsUrl } from '../../common/validation/https-url.validator';

export class ServerConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  port!: number;

  @IsString()
  host!: string;

  /** The https base URL the gateway exposes; `callbackUri` is built from it. */
  @IsOptional()
  @IsHttpsUrl()
  publicBaseUrl?: string | null;

  @IsInt()
  @Min(1024)
  bodyLimitBytes!: number;

  /** How long readiness reports `draining` before the server stops taking requests. */
  @IsInt()
  @Min(0)
  drainDelayMs!: number;

  /** The longest in-flight work may run after SIGTERM before the process exits anyway. */
  @IsInt()
  @Min(0)
  shutdownGraceMs!: number;
}
