import { IsOptional, IsString } from 'class-validator';

/**
 * A `resourceData` whose `@odata.type` the service does not know (Graph adds types). It is the
 * discriminator's explicit fallback, never a base class of the known types: nothing about its
 * content is assumed or validated, it is accepted and counted as unhandled. An untyped entity
 * lands here too when its resource path implies no type (see resource-type.inference.ts): it is
 * an unknown resource like any other, so it is tolerated, but a type that is not a string is not.
 */
export class UnknownResourceDto {
  @IsOptional()
  @IsString({ message: '$property must name the resource type (a string)' })
  '@odata.type'?: string;
}
