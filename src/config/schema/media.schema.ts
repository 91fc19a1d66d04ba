import { plainToInstance, Transform, Type, type ClassTransformOptions } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInstance,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  ACCEPTED_MODALITIES,
  REJECT_REASONS,
  type AcceptedModality,
} from '../../calls/decision/decision.vocabulary';
import {
  IsKnownProfile,
  IsReadableFile,
  IsUsableFallbackProfile,
  linkFallbackTarget,
  NotWith,
} from './media.validators';
import { IsHttpsUrl } from '../../common/validation/https-url.validator';

export const MEDIA_PROFILE_TYPES = ['serviceHosted', 'appHosted'] as const;
export type MediaProfileType = (typeof MEDIA_PROFILE_TYPES)[number];
/** What an answer does when it wants modalities the call did not request or the profile lacks. */
export const MODALITY_MISMATCH_POLICIES = ['acceptSubset', 'reject'] as const;
export type ModalityMismatchPolicy = (typeof MODALITY_MISMATCH_POLICIES)[number];
export const MEDIA_FALLBACK_TYPES = ['profile', 'reject'] as const;
/** Graph's limit on the prompts of one playPrompt. */
export const MAX_PROMPTS = 20;

/** A media file Graph fetches itself (WAV, mono, 16-bit, 16 kHz). */
export class MediaInfoConfig {
  @IsHttpsUrl()
  uri!: string;

  /** Graph's cache key: a file with a key Graph already holds is not fetched again. */
  @Matches(/\S/, { message: '$property must be a non-empty cache key' })
  @IsString()
  resourceId!: string;
}

/** `callOptions` this module contributes to answers (the rest belong to the answer actions). */
export class MediaCallOptionsConfig {
  /** Graph then notifies content-sharing sessions; null: not sent. */
  @IsOptional()
  @IsBoolean()
  isContentSharingNotificationEnabled?: boolean | null = null;
}

/** The profile a failed media session provider falls back to; checked against `profiles`. */
export class ProfileFallbackConfig {
  @Equals('profile')
  type!: 'profile';

  @IsUsableFallbackProfile()
  @IsString()
  profile!: string;
}

export class RejectFallbackConfig {
  @Equals('reject')
  type!: 'reject';

  @IsOptional()
  @IsIn(REJECT_REASONS)
  reason?: (typeof REJECT_REASONS)[number];
}

/** A fallback whose `type` we do not know: refused by name (see `RULE_ACTION_TYPE`). */
export class UnknownFallbackConfig {
  @IsIn(MEDIA_FALLBACK_TYPES)
  type!: string;
}

export type MediaFallbackConfig = ProfileFallbackConfig | RejectFallbackConfig;

abstract class MediaProfileBaseConfig {
  /**
   * What answers with this profile may accept. Graph documents no modality restriction for
   * either media config, so service-hosted profiles take all three unless told otherwise.
   */
  @IsIn(ACCEPTED_MODALITIES, { each: true })
  @ArrayUnique()
  @ArrayNotEmpty()
  @IsArray()
  modalities: AcceptedModality[] = [...ACCEPTED_MODALITIES];

  @IsOptional()
  @ValidateNested()
  @Type(() => MediaCallOptionsConfig)
  callOptions?: MediaCallOptionsConfig;

  /** Used when the media session provider fails or is late; absent: `answer.fallback`. */
  @IsOptional()
  @ValidateNested()
  @Type(() => UnknownFallbackConfig, {
    discriminator: {
      property: 'type',
      subTypes: [
        { value: ProfileFallbackConfig, name: 'profile' },
        { value: RejectFallbackConfig, name: 'reject' },
      ],
    },
    keepDiscriminatorProperty: true,
  })
  fallback?: MediaFallbackConfig;

  @IsIn(MODALITY_MISMATCH_POLICIES)
  modalityMismatch: ModalityMismatchPolicy = 'acceptSubset';

  /** The reject reason when `modalityMismatch` rejects a call. */
  @IsIn(REJECT_REASONS)
  modalityRejectReason: (typeof REJECT_REASONS)[number] = 'none';
}

/** Graph hosts the media: it fetches `preFetchMedia` and plays prompts. */
export class ServiceHostedProfileConfig extends MediaProfileBaseConfig {
  @Equals('serviceHosted')
  type!: 'serviceHosted';

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MediaInfoConfig)
  preFetchMedia: MediaInfoConfig[] = [];

  /** Played once when the call is established; absent: `media.promptOnEstablished`. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PROMPTS)
  @ValidateNested({ each: true })
  @Type(() => MediaInfoConfig)
  promptOnEstablished?: MediaInfoConfig[];
}

/** The user's own real-time media stack; the blob describes its media session for the call. */
export class AppHostedProfileConfig extends MediaProfileBaseConfig {
  @Equals('appHosted')
  type!: 'appHosted';

  /** A static blob (the default provider); without blob and blobFile, the custom provider. */
  @IsOptional()
  @Matches(/\S/, { message: '$property must not be empty' })
  @IsString()
  blob?: string;

  @ValidateIf((profile: AppHostedProfileConfig) => profile.blobFile !== undefined)
  @IsReadableFile()
  @NotWith('blob')
  @IsString()
  blobFile?: string;

  /** Video needs a media stack that handles it: only what is listed here is taken. */
  override modalities: AcceptedModality[] = ['audio'];

  /** The custom provider gets at most this long (and never more than the decision budget). */
  @IsOptional()
  @IsInt()
  @Min(1)
  providerTimeoutMs?: number;
}

/** What a profile with a `type` we do not know is built as: only `type` is reported. */
export class UnknownMediaProfileConfig {
  @IsIn(MEDIA_PROFILE_TYPES, { message: `type must be one of ${MEDIA_PROFILE_TYPES.join(', ')}` })
  type!: string;
}

export type MediaProfileConfig = ServiceHostedProfileConfig | AppHostedProfileConfig;

function toProfiles(raw: unknown, options: ClassTransformOptions): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const profiles = new Map<string, unknown>();
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const type = (value as { type?: unknown } | null)?.type;
    const profile =
      type === 'serviceHosted'
        ? plainToInstance(ServiceHostedProfileConfig, value, options)
        : type === 'appHosted'
          ? plainToInstance(AppHostedProfileConfig, value, options)
          : plainToInstance(UnknownMediaProfileConfig, { type }, options);
    profiles.set(name, profile);
  }
  for (const profile of profiles.values()) {
    const fallback = (profile as { fallback?: unknown }).fallback;
    if (fallback instanceof ProfileFallbackConfig) {
      linkFallbackTarget(fallback, profiles.get(fallback.profile));
    }
  }
  return profiles;
}

/**
 * How calls get their media. Profiles are named; answer actions pick one with `mediaProfile`
 * (`media.defaultProfile` when they name none). Names a rule uses are checked at start-up by the
 * Media module, which also builds each profile's `mediaConfig` and validates it as Graph's DTO.
 */
export class MediaConfig {
  @IsKnownProfile()
  @IsString()
  defaultProfile!: string;

  // A map so that every profile is validated with its own path (media.profiles.<name>.<key>).
  @Transform(({ obj, options }) => toProfiles((obj as { profiles?: unknown }).profiles, options), {
    toClassOnly: true,
  })
  @ValidateNested({ each: true })
  @IsInstance(Map, { message: 'profiles must be an object of named profiles' })
  profiles!: Map<string, MediaProfileConfig>;

  /** Defaults for every profile; a profile's own `callOptions` and the answer action's win. */
  @ValidateNested()
  @Type(() => MediaCallOptionsConfig)
  callOptions: MediaCallOptionsConfig = new MediaCallOptionsConfig();

  /** Played once per established call answered with a service-hosted profile; [] none. */
  @IsArray()
  @ArrayMaxSize(MAX_PROMPTS)
  @ValidateNested({ each: true })
  @Type(() => MediaInfoConfig)
  promptOnEstablished: MediaInfoConfig[] = [];

  /** The custom provider must be done this long before the decision budget runs out. */
  @IsInt()
  @Min(0)
  providerReserveMs: number = 100;
}
