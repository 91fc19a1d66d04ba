import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { CallsModule } from './calls';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { LoggingModule } from './common/logging/logging.module';
import { STRICT_VALIDATION } from './common/validation/validation.policy';
import { AppConfigModule } from './config/app-config.module';
import type { ExtensionModule } from './extensions';
import { GraphModule } from './graph';
import { HealthModule } from './health/health.module';
import { JournalModule } from './journal';
import { MediaModule } from './media';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationModule } from './notification';
import { PolicyRecordingModule } from './policy-recording';
import { RulesModule } from './rules';
import { StoreModule } from './store/store.module';

/**
 * The whole service. Global enhancers are providers here, so the app and every test harness get
 * the same ones without copying `main.ts`. `forRoot` adds the user's own modules beside ours.
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
    JournalModule,
    RulesModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: () => new ValidationPipe(STRICT_VALIDATION) },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {
  static forRoot(extensions: readonly ExtensionModule[] = []): DynamicModule {
    return { module: AppModule, imports: [...extensions] };
  }
}
