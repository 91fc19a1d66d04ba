import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

/** The counters every module reports to; the endpoint that serves them is `MetricsEndpointModule`. */
@Global()
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
