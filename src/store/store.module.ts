import { Global, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { storeConfig, StoreConfigType } from '../config';
import { ReadinessService } from '../health';
import { MetricsService } from '../metrics';
import type { CallStore } from './call-store';
import { MemoryCallStore } from './memory-call.store';
import { redisEndpoint, redisFailure, redisTargetOf } from './redis-endpoint';
import { CALL_STORE } from './store.constants';
import { StoreUnavailableError } from './store.errors';

/** The `CallStore` chosen by `store.driver` (STORE_DRIVER), for every module. */
@Global()
@Module({
  providers: [
    {
      provide: CALL_STORE,
      inject: [storeConfig.KEY, MetricsService],
      useFactory: async (config: StoreConfigType, metrics: MetricsService): Promise<CallStore> => {
        // Twice the inactivity period: the reconciliation gets its turn before the entry goes.
        const liveTtlMs = config.inactiveCallMs * 2;
        switch (config.driver) {
          case 'memory':
            return new MemoryCallStore({ liveTtlMs, maxRetainedCalls: config.maxRetainedCalls });
          case 'redis': {
            // Loaded only here: the embedded default never pays for ioredis. Connects in the
            // background: an unreachable Redis shows in /health/ready, it does not stop
            // start-up. The connection closes in onApplicationShutdown, after drain.
            const { RedisCallStore } = await import('./redis-call.store');
            return new RedisCallStore({
              ...redisTargetOf(config),
              commandTimeoutMs: config.commandTimeoutMs,
              liveTtlMs,
              onRoundTrip: () => metrics.storeRoundTrips.inc({ client: 'store' }),
            });
          }
        }
      },
    },
  ],
  exports: [CALL_STORE],
})
export class StoreModule implements OnModuleInit {
  private readonly logger = new Logger('Store');
  /** Logged once per outage, not at every readiness probe. */
  private reachable = true;

  constructor(
    @Inject(CALL_STORE) private readonly store: CallStore,
    @Inject(storeConfig.KEY) private readonly config: StoreConfigType,
    private readonly readiness: ReadinessService,
  ) {}

  onModuleInit(): void {
    this.readiness.register({ name: 'store', check: () => this.probe() });
    // One probe at start-up, so that an unreachable Redis is in the log even if nobody polls readiness.
    if (this.config.driver === 'redis') void this.probe().catch(() => undefined);
  }

  /**
   * A real round trip of what the service writes, not a PING: a store that answers but refuses
   * scripts or writes is not ready either. Readiness shows the short reason; the log names the host.
   */
  private async probe(): Promise<true> {
    try {
      await this.store.probe();
    } catch (error) {
      if (this.config.driver === 'redis' && this.reachable) {
        const cause = error instanceof StoreUnavailableError ? error.cause : error;
        this.logger.error(
          redisFailure(
            redisEndpoint(this.config.redisUrl, this.config.redisClusterNodes),
            cause ?? error,
          ),
        );
      }
      this.reachable = false;
      throw error;
    }
    if (!this.reachable && this.config.driver === 'redis')
      this.logger.log(
        `Redis at ${redisEndpoint(this.config.redisUrl, this.config.redisClusterNodes)}: reachable again`,
      );
    this.reachable = true;
    return true;
  }
}
