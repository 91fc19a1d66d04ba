import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { serverConfig, ServerConfigType } from '../config';
import { InFlightTracker } from '../common/lifecycle/in-flight.tracker';
import { ReadinessService } from './readiness.service';

/** Counts a participant reports once its work is done or handed over; shown on the last line. */
export type DrainCounts = Record<string, number>;

/** A module with work that must not be cut off by a shutdown (the Calls module's decisions). */
export interface DrainParticipant {
  /** Finishes or hands over its work; `graceEndsAt` is a `performance.now()` time. */
  drain(graceEndsAt: number): Promise<DrainCounts>;
}

/**
 * Graceful shutdown: readiness turns 503 first, so the gateway stops routing here; then each
 * participant finishes or hands over its work, in-flight work finishes (bounded by
 * `server.shutdownGraceMs`), and the HTTP server closes. `stopped` holds what happened, for the
 * process's last line.
 */
@Injectable()
export class ShutdownService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownService.name);
  private readonly participants: DrainParticipant[] = [];
  private counts: DrainCounts = {};

  constructor(
    private readonly readiness: ReadinessService,
    private readonly inFlight: InFlightTracker,
    @Inject(serverConfig.KEY) private readonly server: ServerConfigType,
  ) {}

  register(participant: DrainParticipant): void {
    this.participants.push(participant);
  }

  /** What the drain did, once it is over. */
  get stopped(): DrainCounts {
    return { ...this.counts };
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.readiness.startDraining();
    this.logger.log({ signal, inFlight: this.inFlight.size }, 'draining');
    if (this.server.drainDelayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.server.drainDelayMs));
    }
    const graceEndsAt = performance.now() + this.server.shutdownGraceMs;
    for (const participant of this.participants) {
      const counts = await participant.drain(graceEndsAt);
      for (const [name, count] of Object.entries(counts)) {
        this.counts[name] = (this.counts[name] ?? 0) + count;
      }
    }
    const left = Math.max(0, graceEndsAt - performance.now());
    const drained = await this.inFlight.idle(left);
    if (!drained) this.logger.warn({ inFlight: this.inFlight.size }, 'grace period over');
  }
}
