import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsHttpsUrl } from '../../common/validation/https-url.validator';

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

  /** A `Retry-After` longer than this is not waited for: the error goes back to the caller. */
  @IsInt()
  @Min(0)
  maxRetryAfterMs: number = 30000;
}

export class GraphTokenRetryConfig {
  /** First wait after a failed token request; doubles with jitter. */
  @IsInt()
  @Min(1)
  baseDelayMs: number = 1000;

  @IsInt()
  @Min(1)
  maxDelayMs: number = 60000;
}

export class GraphConfig {
  @IsIn(['v1.0', 'beta'])
  apiVersion!: 'v1.0' | 'beta';

  /** Overrides the cloud's Graph base URL, version included. */
  @IsOptional()
  @IsHttpsUrl()
  baseUrl?: string | null;

  /** Timeout of one request when no deadline is closer. */
  @IsInt()
  @Min(100)
  requestTimeoutMs!: number;

  /** The token is renewed this long before it expires. */
  @IsInt()
  @Min(0)
  tokenRefreshAheadMs!: number;

  /** A token request to Azure AD that takes longer is abandoned (and retried in the background). */
  @IsInt()
  @Min(100)
  tokenTimeoutMs: number = 10000;

  @ValidateNested()
  @Type(() => GraphTokenRetryConfig)
  tokenRetry: GraphTokenRetryConfig = new GraphTokenRetryConfig();

  @ValidateNested()
  @Type(() => GraphRetryConfig)
  retry!: GraphRetryConfig;
}
