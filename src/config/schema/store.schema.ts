import { IsIn, IsInt, IsString, Min, MinLength } from 'class-validator';

export const STORE_DRIVERS = ['memory', 'redis'] as const;
export type StoreDriver = (typeof STORE_DRIVERS)[number];

export class StoreConfig {
  @IsIn(STORE_DRIVERS)
  driver!: StoreDriver;

  @IsString()
  @MinLength(1)
  redisUrl!: string;

  /** Prefix of every Redis key, so several deployments can share one Redis. */
  @IsString()
  keyPrefix!: string;

  /** How long a terminated call stays readable through the operator API. */
  @IsInt()
  @Min(0)
  terminatedRetentionMs!: number;

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
