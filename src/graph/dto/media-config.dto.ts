import { Type } from 'class-transformer';
import {
  Equals,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';
import {
  GraphAppHostedMediaConfig,
  GraphMediaInfo,
  GraphServiceHostedMediaConfig,
  GraphShape,
  ODATA_TYPES,
} from './graph-bodies';
import { IsHttpsUrl } from './graph-validators';

export class MediaInfoDto implements GraphShape<MediaInfoDto, GraphMediaInfo> {
  /** WAV, mono, 16-bit, 16 kHz, fetched by Graph. */
  @IsHttpsUrl()
  uri!: string;

  /** Graph's cache key for the media. */
  @IsString()
  @IsNotEmpty()
  resourceId!: string;
}

export class ServiceHostedMediaConfigDto implements GraphShape<
  ServiceHostedMediaConfigDto,
  GraphServiceHostedMediaConfig
> {
  @Equals(ODATA_TYPES.serviceHostedMediaConfig)
  '@odata.type'!: typeof ODATA_TYPES.serviceHostedMediaConfig;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MediaInfoDto)
  preFetchMedia?: MediaInfoDto[];
}

export class AppHostedMediaConfigDto implements GraphShape<
  AppHostedMediaConfigDto,
  GraphAppHostedMediaConfig
> {
  @Equals(ODATA_TYPES.appHostedMediaConfig)
  '@odata.type'!: typeof ODATA_TYPES.appHostedMediaConfig;

  /** Produced by the media platform for this call. */
  @IsString()
  @IsNotEmpty()
  blob!: string;
}

export type MediaConfigDto = ServiceHostedMediaConfigDto | AppHostedMediaConfigDto;

const KNOWN_MEDIA_CONFIG_TYPES = [
  ODATA_TYPES.serviceHostedMediaConfig,
  ODATA_TYPES.appHostedMediaConfig,
] as const;

/**
 * What class-transformer builds when `@odata.type` names neither known config (it falls back to
 * the `@Type` class): it never validates, so an unknown or missing type is refused by name.
 */
export class UnknownMediaConfigDto {
  @IsIn(KNOWN_MEDIA_CONFIG_TYPES, {
    message: `$property must be one of ${KNOWN_MEDIA_CONFIG_TYPES.join(', ')} (got "$value")`,
  })
  '@odata.type'!: string;
}

/** `@Type` options for a `mediaConfig` property: discriminated on `@odata.type`, which is kept. */
export const MEDIA_CONFIG_TYPE = {
  discriminator: {
    property: '@odata.type',
    subTypes: [
      { value: ServiceHostedMediaConfigDto, name: ODATA_TYPES.serviceHostedMediaConfig },
      { value: AppHostedMediaConfigDto, name: ODATA_TYPES.appHostedMediaConfig },
    ],
  },
  keepDiscriminatorProperty: true,
};
