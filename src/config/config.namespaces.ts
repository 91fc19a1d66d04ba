import { ConfigType, registerAs } from '@nestjs/config';
import { loadAppConfig } from './app-config';

export const serverConfig = registerAs('server', () => loadAppConfig().server);
export const loggingConfig = registerAs('logging', () => loadAppConfig().logging);
export const metricsConfig = registerAs('metrics', () => loadAppConfig().metrics);
export const openApiConfig = registerAs('openapi', () => loadAppConfig().openapi);
export const consoleConfig = registerAs('console', () => loadAppConfig().console);
export const azureConfig = registerAs('azure', () => loadAppConfig().azure);
export const graphConfig = registerAs('graph', () => loadAppConfig().graph);
export const notificationConfig = registerAs('notification', () => loadAppConfig().notification);
export const storeConfig = registerAs('store', () => loadAppConfig().store);
export const operatorConfig = registerAs('operator', () => loadAppConfig().operator);
export const answerConfig = registerAs('answer', () => loadAppConfig().answer);
export const policyRecordingConfig = registerAs(
  'policyRecording',
  () => loadAppConfig().policyRecording,
);
export const mediaConfig = registerAs('media', () => loadAppConfig().media);
export const extensionsConfig = registerAs('extensions', () => loadAppConfig().extensions);
export const journalConfig = registerAs('journal', () => loadAppConfig().journal);

export const CONFIG_NAMESPACES = [
  serverConfig,
  loggingConfig,
  metricsConfig,
  openApiConfig,
  consoleConfig,
  azureConfig,
  graphConfig,
  notificationConfig,
  storeConfig,
  operatorConfig,
  answerConfig,
  policyRecordingConfig,
  mediaConfig,
  extensionsConfig,
  journalConfig,
];

export type ServerConfigType = ConfigType<typeof serverConfig>;
export type LoggingConfigType = ConfigType<typeof loggingConfig>;
export type MetricsConfigType = ConfigType<typeof metricsConfig>;
export type OpenApiConfigType = ConfigType<typeof openApiConfig>;
export type ConsoleConfigType = ConfigType<typeof consoleConfig>;
export type AzureConfigType = ConfigType<typeof azureConfig>;
export type GraphConfigType = ConfigType<typeof graphConfig>;
export type NotificationConfigType = ConfigType<typeof notificationConfig>;
export type StoreConfigType = ConfigType<typeof storeConfig>;
export type OperatorConfigType = ConfigType<typeof operatorConfig>;
export type AnswerConfigType = ConfigType<typeof answerConfig>;
export type PolicyRecordingConfigType = ConfigType<typeof policyRecordingConfig>;
export type MediaConfigType = ConfigType<typeof mediaConfig>;
export type ExtensionsConfigType = ConfigType<typeof extensionsConfig>;
export type JournalConfigType = ConfigType<typeof journalConfig>;
