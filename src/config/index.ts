export * from './config.namespaces';
export { AppConfig } from './app-config.schema';
export { loadAppConfig } from './app-config';
export { ConfigValidationError } from './config.validation';
export { ConfigFileError } from './config.loader';
export { CALLBACK_PATH, callbackUri } from './callback-uri';
