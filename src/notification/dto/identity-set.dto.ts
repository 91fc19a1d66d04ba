import type { Identity, IdentitySet } from '@microsoft/microsoft-graph-types';
import { ENDPOINT_TYPES, GraphEndpointType } from './graph-enums.constants';
import { GraphEnum, OpenEnum } from './graph-enum.decorator';
import { GraphObjectDto } from './graph-object.dto';
import { NestedObject, OptionalString } from './graph-property.decorators';

/** One identity of an identity set. Open: Graph derives many identity types from it. */
export class IdentityDto extends GraphObjectDto implements Identity {
  @OptionalString()
  id?: string | null;

  @OptionalString()
  displayName?: string | null;

  @OptionalString()
  tenantId?: string | null;

  /** `AAD` in Graph's examples. */
  @OptionalString()
  identityProvider?: string | null;
}

/**
 * `identitySet` / `communicationsIdentitySet`: who a participant is, as whichever kinds apply.
 * Open, like every Graph object: new identity kinds appear (e.g. `azureCommunicationServicesUser`).
 */
export class IdentitySetDto extends GraphObjectDto implements IdentitySet {
  @NestedObject(() => IdentityDto)
  user?: IdentityDto | null;

  @NestedObject(() => IdentityDto)
  application?: IdentityDto | null;

  @NestedObject(() => IdentityDto)
  applicationInstance?: IdentityDto | null;

  @NestedObject(() => IdentityDto)
  phone?: IdentityDto | null;

  @NestedObject(() => IdentityDto)
  guest?: IdentityDto | null;

  @NestedObject(() => IdentityDto)
  encrypted?: IdentityDto | null;

  @NestedObject(() => IdentityDto)
  onPremises?: IdentityDto | null;

  @NestedObject(() => IdentityDto)
  device?: IdentityDto | null;

  @NestedObject(() => IdentityDto)
  conversation?: IdentityDto | null;

  @NestedObject(() => IdentityDto)
  azureCommunicationServicesUser?: IdentityDto | null;

  @NestedObject(() => IdentityDto)
  assertedIdentity?: IdentityDto | null;

  @GraphEnum(ENDPOINT_TYPES)
  endpointType?: OpenEnum<GraphEndpointType> | null;
}
