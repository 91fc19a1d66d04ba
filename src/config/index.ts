export * from './config.namespaces';
export { AppConfig } from './app-config.schema';
export { loadAppConfig, readAppConfig } from './app-config';
export { sourceFromEnv } from './config.source';
export { ConfigValidationError, formatValidationErrors } from './config.validation';
export { extensionEntryProblem, type ExtensionEntryConfig } from './schema/extensions.schema';
export { ConfigFileError } from './config.errors';
export { CALLBACK_PATH, callbackUri } from './callback-uri';
