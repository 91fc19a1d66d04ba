import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { IsHttpsUrl } from '../../common/validation/https-url.validator';

/**
 * Bounds on the work one notification body can cause, far above anything Graph sends; a body
 * beyond them is a 400 before any validation library walks it (docs/hostile-input.md).
 */
export class NotificationLimitsConfig {
  /** Notifications in one delivery's `value`. */
  @IsInt()
  @Min(1)
  maxNotifications!: number;

  /** Participants in one roster notification's `resourceData`. */
  @IsInt()
  @Min(1)
  maxRosterEntries!: number;

  /** Items of any other array in the body (targets, mediaStreams, modalities...). */
  @IsInt()
  @Min(1)
  maxArrayItems!: number;

  /** JSON objects and arrays in the whole body. */
  @IsInt()
  @Min(1)
  maxObjects!: number;
}

export class NotificationConfig {
  @IsHttpsUrl()
  openIdConfigUrl!: string;

  /** Accepted `iss` values; empty means the cloud's defaults. */
  @IsArray()
  @IsString({ each: true })
  issuers!: string[];

  /** Accepted `tid` values; empty means any tenant. */
  @IsArray()
  @IsString({ each: true })
  allowedTenants!: string[];

  @IsInt()
  @Min(0)
  clockSkewSeconds!: number;

  /** An unknown `kid` refetches the keys at most this often. */
  @IsInt()
  @Min(0)
  jwksRefetchIntervalMs!: number;

  /** How long a delivered notification is remembered to drop its repeats. */
  @IsInt()
  @Min(1000)
  dedupeTtlMs!: number;

  /** Timeout of one fetch of the OpenID configuration or the key set. */
  @IsOptional()
  @IsInt()
  @Min(1000)
  jwksTimeoutMs?: number;

  /** The keys are refetched in the background this often, so that retired keys stop being trusted. */
  @IsInt()
  @Min(60000)
  jwksRefreshIntervalMs!: number;

  @ValidateNested()
  @Type(() => NotificationLimitsConfig)
  limits!: NotificationLimitsConfig;
}
