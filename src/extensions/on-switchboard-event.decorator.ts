import { SetMetadata } from '@nestjs/common';
import type { SwitchboardEventName } from './lifecycle-events';

export const SWITCHBOARD_EVENT_METADATA = 'switchboard:lifecycle-event';

/**
 * Makes a provider's method a listener of a lifecycle event, owned by the provider's module (its
 * faults are logged under that module's name). The module imports `SwitchboardEventsModule`.
 */
export function OnSwitchboardEvent(event: SwitchboardEventName): MethodDecorator {
  return SetMetadata(SWITCHBOARD_EVENT_METADATA, event);
}
