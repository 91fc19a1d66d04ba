export * from './config.namespaces';
export { AppConfig } from './app-config.schema';
export { loadAppConfig } from './app-config';
export { ConfigValidationError, formatValidationErrors } from './config.validation';
export { extensionEntryProblem, type ExtensionEntryConfig } from './schema/extensions.schema';
export { ConfigFileError } from './config.errors';
export { CALLBACK_PATH, callbackUri } from './callback-uri';
