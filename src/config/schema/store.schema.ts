import { IsArray, IsIn, IsInt, IsString, Matches, Min, MinLength } from 'class-validator';

export const STORE_DRIVERS = ['memory', 'redis'] as const;
export type StoreDriver = (typeof STORE_DRIVERS)[number];

export class StoreConfig {
  @IsIn(STORE_DRIVERS)
  driver!: StoreDriver;

  @IsString()
  @MinLength(1)
  redisUrl!: string;

  /** `host:port` seed nodes of a Redis Cluster; when any is given the store uses it, not `redisUrl`. */
  @IsArray()
  @Matches(
    /^[A-Za-z0-9.-]+:(6553[0-5]|655[0-2]\d|65[0-4]\d{2}|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})$/,
    {
      each: true,
      message: 'each of $property must be host:port (a port from 1 to 65535)',
    },
  )
  redisClusterNodes!: string[];

  /** Prefix of every Redis key, so several deployments can share one Redis. */
  @IsString()
  keyPrefix!: string;

  /** How long a terminated call stays readable through the operator API. */
  @IsInt()
  @Min(0)
  terminatedRetentionMs!: number;

  /** Embedded store: ended calls kept for reading at most; the oldest go first. */
  @IsInt()
  @Min(0)
  maxRetainedCalls!: number;

  /** How long one Redis command may take before it counts as failed. */
  @IsInt()
  @Min(50)
  commandTimeoutMs!: number;

  /** A call that has not ended and was not written for this long is reconciled with Graph. */
  @IsInt()
  @Min(1000)
  inactiveCallMs!: number;

  /** How long an instance's hold on a pending decision lasts without renewal. */
  @IsInt()
  @Min(300)
  decisionLeaseMs!: number;

  /** How often each instance looks for expired leases, due keep-alives and inactive calls. */
  @IsInt()
  @Min(50)
  scanIntervalMs!: number;
}
