import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AnswerConfig } from './schema/answer.schema';
import { AzureConfig } from './schema/azure.schema';
import { ConsoleConfig } from './schema/console.schema';
import { ExposedEndpointConfig } from './schema/exposed-endpoint.schema';
import { ExtensionsConfig } from './schema/extensions.schema';
import { GraphConfig } from './schema/graph.schema';
import { JournalConfig } from './schema/journal.schema';
import { LoggingConfig } from './schema/logging.schema';
import { MediaConfig } from './schema/media.schema';
import { NotificationConfig } from './schema/notification.schema';
import { OperatorConfig } from './schema/operator.schema';
import { PolicyRecordingConfig } from './schema/policy-recording.schema';
import { ServerConfig } from './schema/server.schema';
import { StoreConfig } from './schema/store.schema';

/** The whole merged configuration; each property is one `registerAs` namespace. */
export class AppConfig {
  @ValidateNested()
  @Type(() => ServerConfig)
  server!: ServerConfig;

  @ValidateNested()
  @Type(() => LoggingConfig)
  logging!: LoggingConfig;

  @ValidateNested()
  @Type(() => ExposedEndpointConfig)
  metrics!: ExposedEndpointConfig;

  @ValidateNested()
  @Type(() => ExposedEndpointConfig)
  openapi!: ExposedEndpointConfig;

  @ValidateNested()
  @Type(() => ConsoleConfig)
  console!: ConsoleConfig;

  @ValidateNested()
  @Type(() => AzureConfig)
  azure!: AzureConfig;

  @ValidateNested()
  @Type(() => GraphConfig)
  graph!: GraphConfig;

  @ValidateNested()
  @Type(() => NotificationConfig)
  notification!: NotificationConfig;

  @ValidateNested()
  @Type(() => StoreConfig)
  store!: StoreConfig;

  @ValidateNested()
  @Type(() => OperatorConfig)
  operator!: OperatorConfig;

  @ValidateNested()
  @Type(() => AnswerConfig)
  answer!: AnswerConfig;

  @ValidateNested()
  @Type(() => PolicyRecordingConfig)
  policyRecording!: PolicyRecordingConfig;

  @ValidateNested()
  @Type(() => MediaConfig)
  media!: MediaConfig;

  @ValidateNested()
  @Type(() => ExtensionsConfig)
  extensions!: ExtensionsConfig;

  @ValidateNested()
  @Type(() => JournalConfig)
  journal!: JournalConfig;
}
