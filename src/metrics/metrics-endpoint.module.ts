import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import type { MetricsConfigType } from '../config';
import { MetricsController } from './metrics.controller';

@Module({ controllers: [MetricsController] })
class MetricsRouteModule {}

/**
 * The scrape endpoint at `metrics.path`, or none when `metrics.enabled` is false; the counters
 * themselves (`MetricsModule`) are kept either way. The operator key, when `metrics.protected`
 * asks for it, is checked by `protectOperationalEndpoints`, before routing.
 */
export class MetricsEndpointModule {
  static forConfig(config: Pick<MetricsConfigType, 'enabled' | 'path'>): DynamicModule {
    const imports = config.enabled
      ? [
          MetricsRouteModule,
          RouterModule.register([{ path: config.path, module: MetricsRouteModule }]),
        ]
      : [];
    return { module: MetricsEndpointModule, imports };
  }
}
