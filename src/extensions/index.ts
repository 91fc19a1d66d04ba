export { loadExtensionModules } from './extension-modules.loader';
export type { ExtensionModule } from './extension-modules.loader';
