import { IsNotEmpty, IsString } from 'class-validator';

/**
 * A `resourceData` whose `@odata.type` the service does not know (Graph adds types). It is the
 * discriminator's explicit fallback, never a base class of the known types: nothing about its
 * content is assumed or validated, it is accepted and counted as unhandled. Only the
 * discriminator itself must be there, since without it nothing can route the notification.
 */
export class UnknownResourceDto {
  @IsString({ message: '$property must name the resource type (a string)' })
  @IsNotEmpty()
  '@odata.type'!: string;
}
