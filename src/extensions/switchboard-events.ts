import { Inject, Injectable, Logger } from '@nestjs/common';
import { CallEventBus, type ListenerFault } from '../common/events/call-event-bus';
import { InFlightTracker } from '../common/lifecycle/in-flight.tracker';
import { extensionsConfig, type ExtensionsConfigType } from '../config';
import { MetricsService } from '../metrics';
import type { SwitchboardEventMap, SwitchboardEventName } from './lifecycle-events';

/**
 * The lifecycle events of every call, for users' own modules (`LIFECYCLE_EVENTS`): subscribe with
 * `on(name, listener, { owner })` or with `@OnSwitchboardEvent(name)` on a provider's method.
 * A listener runs after the work that caused its event, so a throwing or slow one never delays a
 * decision; its faults are logged with its owner (the module's name) and counted in
 * `switchboard_extension_faults_total`.
 */
@Injectable()
export class SwitchboardEvents extends CallEventBus<SwitchboardEventMap> {
  constructor(
    inFlight: InFlightTracker,
    private readonly metrics: MetricsService,
    @Inject(extensionsConfig.KEY) config: ExtensionsConfigType,
  ) {
    super(inFlight, new Logger(SwitchboardEvents.name), {
      listenerLimitMs: config.listenerLimitMs,
    });
  }

  protected override onFault(fault: ListenerFault, event: SwitchboardEventName, owner: string) {
    this.metrics.extensionFaults.inc({ extension: owner, point: `listener:${event}`, fault });
  }
}
