import { Global, Module } from '@nestjs/common';
import { InFlightTracker } from '../common/lifecycle/in-flight.tracker';
import { HealthController } from './health.controller';
import { ReadinessService } from './readiness.service';
import { ShutdownService } from './shutdown.service';

/** Liveness, readiness (each module registers its own check) and graceful shutdown. */
@Global()
@Module({
  controllers: [HealthController],
  providers: [ReadinessService, ShutdownService, InFlightTracker],
  exports: [ReadinessService, ShutdownService, InFlightTracker],
})
export class HealthModule {}
