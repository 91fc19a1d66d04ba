import { Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { LoggingModule } from './common/logging/logging.module';
import { STRICT_VALIDATION } from './common/validation/validation.policy';
import { AppConfigModule } from './config/app-config.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { StoreModule } from './store/store.module';

/**
 * The whole service. Global enhancers are providers here, so the app and every test harness get
 * the same ones without copying `main.ts`.
 */
@Module({
  imports: [AppConfigModule, LoggingModule, HealthModule, MetricsModule, StoreModule],
  providers: [
    { provide: APP_PIPE, useFactory: () => new ValidationPipe(STRICT_VALIDATION) },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {}
