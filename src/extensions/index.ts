/**
 * What users' own modules are given to hook into Switchboard beyond the extension tokens of each
 * feature module: their options (`@ExtensionOptions`) and the lifecycle events of every call
 * (`SwitchboardEventsModule`). The loader of `extensions.modules` is internal.
 */
export { loadExtensionModules } from './extension-modules.loader';
export type { ExtensionModule } from './extension-modules.loader';
export { ExtensionOptions } from './extension-options';
export {
  LIFECYCLE_EVENTS,
  type SwitchboardEventMap,
  type SwitchboardEventName,
} from './lifecycle-events';
export { OnSwitchboardEvent } from './on-switchboard-event.decorator';
export { SwitchboardEvents } from './switchboard-events';
export { SwitchboardEventsModule } from './switchboard-events.module';
