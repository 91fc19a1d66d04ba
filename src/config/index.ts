export * from './config.namespaces';
export { AppConfig } from './app-config.schema';
export { loadAppConfig, readAppConfig } from './app-config';
export { sourceFromEnv } from './config.loader';
export { ConfigValidationError } from './config.validation';
export { ConfigFileError } from './config.loader';
