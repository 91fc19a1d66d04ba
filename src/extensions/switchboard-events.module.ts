import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CallsModule } from '../calls';
import { MediaModule } from '../media';
import { LifecycleEventsBridge } from './lifecycle-events.bridge';
import { SwitchboardEvents } from './switchboard-events';
import { SwitchboardEventsExplorer } from './switchboard-events.explorer';

/**
 * Import it in your module to inject `SwitchboardEvents` or to use `@OnSwitchboardEvent`: the
 * lifecycle of every call, without knowing which of our modules produces each event.
 */
@Module({
  imports: [DiscoveryModule, CallsModule, MediaModule],
  providers: [SwitchboardEvents, LifecycleEventsBridge, SwitchboardEventsExplorer],
  exports: [SwitchboardEvents],
})
export class SwitchboardEventsModule {}
