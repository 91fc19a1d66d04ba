import { IsOptional, IsString, IsArray } from 'class-validator';
import { NestedObject, OpaqueObject, OptionalString } from './graph-property.decorators';

/**
 * `applicationMetadata.botData` of a policy-based recording call: not in Graph's schema, and real
 * tenants send more keys than the documentation (docs/policy-recording.md), so it is open; only the
 * two keys the service decides on are checked.
 */
export class BotDataDto {
  /** `PolicyBasedRecording` or `ComplianceRecording` (compared case-insensitively by consumers). */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  inviteReasons?: string[] | null;

  @OptionalString()
  policyIdentifier?: string | null;

  // Documented keys the service carries but does not read; declared so they are not "new".
  @OptionalString()
  mediaHostedRegion?: string | null;

  @OpaqueObject()
  user?: Record<string, unknown> | null;

  @OpaqueObject()
  otherSideUser?: Record<string, unknown> | null;

  @IsOptional()
  @IsArray()
  pairedRecorders?: unknown[] | null;

  @IsOptional()
  @IsArray()
  otherRecorders?: unknown[] | null;
}

/** Open for the same reason as `BotDataDto`. */
export class ApplicationMetadataDto {
  @NestedObject(() => BotDataDto)
  botData?: BotDataDto | null;
}
