import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { serverConfig, ServerConfigType } from '../config';
import { InFlightTracker } from '../common/lifecycle/in-flight.tracker';
import { ReadinessService } from './readiness.service';

/**
 * Graceful shutdown: readiness turns 503 first, so the gateway stops routing here; in-flight
 * answers then finish (bounded by `server.shutdownGraceMs`) before the HTTP server closes.
 */
@Injectable()
export class ShutdownService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownService.name);

  constructor(
    private readonly readiness: ReadinessService,
    private readonly inFlight: InFlightTracker,
    @Inject(serverConfig.KEY) private readonly server: ServerConfigType,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.readiness.startDraining();
    this.logger.log({ signal, inFlight: this.inFlight.size }, 'draining');
    if (this.server.drainDelayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.server.drainDelayMs));
    }
    const drained = await this.inFlight.idle(this.server.shutdownGraceMs);
    if (!drained) this.logger.warn({ inFlight: this.inFlight.size }, 'grace period over');
  }
}
