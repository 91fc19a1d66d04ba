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
}
