import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUrl, Max, Min, ValidateNested } from 'class-validator';

export class GraphRetryConfig {
  /** Attempts in all, the first included; the deadline bounds them first. */
  @IsInt()
  @Min(1)
  @Max(10)
  maxAttempts!: number;

  /** First backoff after a connection error; doubles with jitter. */
  @IsInt()
  @Min(1)
  baseDelayMs!: number;

  @IsInt()
  @Min(1)
  maxDelayMs!: number;
}

export class GraphConfig {
  @IsIn(['v1.0', 'beta'])
  apiVersion!: 'v1.0' | 'beta';

  /** Overrides the cloud's Graph base URL, version included. */
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: false })
  baseUrl?: string | null;

  /** Timeout of one request when no deadline is closer. */
  @IsInt()
  @Min(100)
  requestTimeoutMs!: number;

  /** The token is renewed this long before it expires. */
  @IsInt()
  @Min(0)
  tokenRefreshAheadMs!: number;

  @ValidateNested()
  @Type(() => GraphRetryConfig)
  retry!: GraphRetryConfig;
}
