import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsHttpsUrl } from '../../common/validation/https-url.validator';

export class GraphRetryConfig {
  /** Optional bound on attempts in all, the first included; null: only the deadline bounds them. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxAttempts: number | null = null;

  /** Shortest pause between attempts; pauses grow from it with decorrelated jitter. */
  @IsInt()
  @Min(1)
  baseDelayMs!: number;

  /** Longest pause the backoff picks (a Retry-After may ask for more). */
  @IsInt()
  @Min(1)
  maxDelayMs!: number;

  /** How long a request that carries no deadline (keep-alive, prompts) keeps retrying. */
  @IsInt()
  @Min(0)
  defaultBudgetMs: number = 10000;

  /** A `Retry-After` longer than this is not waited for: the error goes back to the caller. */
  @IsInt()
  @Min(0)
  maxRetryAfterMs: number = 30000;
}

export class GraphPoolConfig {
  /** Connections per origin at most; requests beyond them wait for one. */
  @IsInt()
  @Min(1)
  @Max(1024)
  connections: number = 64;

  /** Idle time a connection is kept when Graph sends no keep-alive hint. */
  @IsInt()
  @Min(1000)
  keepAliveTimeoutMs: number = 60000;

  /** Longest idle time kept, whatever hint Graph sends. */
  @IsInt()
  @Min(1000)
  keepAliveMaxTimeoutMs: number = 600000;
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

  @ValidateNested()
  @Type(() => GraphPoolConfig)
  pool: GraphPoolConfig = new GraphPoolConfig();
}
