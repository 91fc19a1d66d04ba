import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { SwitchboardEventMap, SwitchboardEventName } from './lifecycle-events';
import { SWITCHBOARD_EVENT_METADATA } from './on-switchboard-event.decorator';
import { SwitchboardEvents } from './switchboard-events';

type Listener = (event: SwitchboardEventMap[SwitchboardEventName]) => void | Promise<void>;

/** Subscribes every `@OnSwitchboardEvent` method of the application, owned by its module. */
@Injectable()
export class SwitchboardEventsExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly events: SwitchboardEvents,
  ) {}

  onModuleInit(): void {
    // A provider aliased under a token (`useExisting`) is the same instance: subscribed once.
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      if (seen.has(instance)) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[name] as Listener;
        const event = this.reflector.get<SwitchboardEventName | undefined>(
          SWITCHBOARD_EVENT_METADATA,
          method,
        );
        if (!event) continue;
        const owner = wrapper.host?.metatype?.name ?? instance.constructor.name;
        this.events.on(event, (payload) => method.call(instance, payload), { owner });
      }
    }
  }
}
