import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CallsModule } from './calls';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { LoggingModule } from './common/logging/logging.module';
import type { AppConfig } from './config';
import { AppConfigModule } from './config/app-config.module';
import { SwitchboardEventsModule, type ExtensionModule } from './extensions';
import { GraphModule } from './graph';
import { HealthModule } from './health/health.module';
import { JournalModule } from './journal';
import { MediaModule } from './media';
import { MetricsEndpointModule } from './metrics/metrics-endpoint.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationModule } from './notification';
import { OverviewModule } from './overview';
import { PolicyRecordingModule } from './policy-recording';
import { RulesModule } from './rules';
import { StoreModule } from './store/store.module';

/**
 * The whole service. Global enhancers are providers here, so the app and every test harness get
 * the same ones without copying `main.ts`. There is no global validation pipe: our controllers
 * validate strictly (`StrictValidationPipe`), while the user's modules, added beside ours by
 * `forRoot`, keep Nest's defaults for their own routes. `forRoot` also adds the endpoints whose
 * presence and path the configuration decides.
 */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    HealthModule,
    MetricsModule,
    StoreModule,
    GraphModule,
    NotificationModule,
    CallsModule,
    PolicyRecordingModule,
    MediaModule,
    SwitchboardEventsModule,
    JournalModule,
    RulesModule,
    OverviewModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
})
export class AppModule {
  static forRoot(
    extensions: readonly ExtensionModule[],
    config: Pick<AppConfig, 'metrics'>,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [MetricsEndpointModule.forConfig(config.metrics), ...extensions],
    };
  }
}
