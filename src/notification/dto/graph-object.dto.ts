import { OptionalString } from './graph-property.decorators';

/**
 * A nested Graph object. Open: `whitelist` is off for Graph bodies (GRAPH_VALIDATION), because
 * Graph adds properties over time; its `@odata.type` is recorded but not checked, since nested
 * objects come in derived types (`communicationsIdentitySet`, `tokenMeetingInfo`...) that differ
 * only by optional properties.
 */
export abstract class GraphObjectDto {
  @OptionalString()
  '@odata.type'?: string | null;
}

/** A `resourceData` entity: its `@odata.type` is the discriminator, declared by each subclass. */
export abstract class GraphResourceDto {
  @OptionalString()
  '@odata.id'?: string | null;

  /** e.g. `W/"5445"`; ordering semantics are undocumented, consumers may compare it. */
  @OptionalString()
  '@odata.etag'?: string | null;
}
