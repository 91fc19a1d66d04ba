import { IsIn, IsOptional, IsString, MinLength } from 'class-validator';
import { IsHttpsUrl } from '../../common/validation/https-url.validator';

export const AZURE_CLOUDS = ['global', 'usgov', 'dod', 'china'] as const;
export type AzureCloud = (typeof AZURE_CLOUDS)[number];

export class AzureConfig {
  @IsIn(AZURE_CLOUDS)
  cloud!: AzureCloud;

  @IsOptional()
  @IsString()
  @MinLength(1)
  tenantId?: string | null;

  @IsOptional()
  @IsString()
  @MinLength(1)
  clientId?: string | null;

  @IsOptional()
  @IsString()
  @MinLength(1)
  clientSecret?: string | null;

  /** PEM private key of a certificate credential, used instead of a client secret. */
  @IsOptional()
  @IsString()
  certificateKeyFile?: string | null;

  /** SHA-256 thumbprint (hex) of that certificate. */
  @IsOptional()
  @IsString()
  certificateThumbprint?: string | null;

  @IsOptional()
  @IsHttpsUrl()
  authorityHost?: string | null;
}
