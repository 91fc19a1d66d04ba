import { Global, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { storeConfig, StoreConfigType } from '../config';
import { ReadinessService } from '../health';
import type { CallStore } from './call-store';
import { MemoryCallStore } from './memory-call.store';
import { RedisCallStore } from './redis-call.store';
import { redisEndpoint, redisFailure } from './redis-endpoint';
import { CALL_STORE } from './store.constants';

/** The `CallStore` chosen by `store.driver` (STORE_DRIVER), for every module. */
@Global()
@Module({
  providers: [
    {
      provide: CALL_STORE,
      inject: [storeConfig.KEY],
      useFactory: (config: StoreConfigType): CallStore => {
        switch (config.driver) {
          case 'memory':
            return new MemoryCallStore();
          case 'redis':
            // Connects in the background: an unreachable Redis shows in /health/ready, it does
            // not stop start-up. The connection closes in onApplicationShutdown, after drain.
            return new RedisCallStore({ url: config.redisUrl, keyPrefix: config.keyPrefix });
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
    this.readiness.register({ name: 'store', check: () => this.ping() });
    // One probe at start-up, so that an unreachable Redis is in the log even if nobody polls readiness.
    if (this.config.driver === 'redis') void this.ping().catch(() => undefined);
  }

  private async ping(): Promise<true> {
    try {
      await this.store.ping();
    } catch (error) {
      if (this.config.driver !== 'redis') throw error;
      const reason = redisFailure(redisEndpoint(this.config.redisUrl), error);
      if (this.reachable) this.logger.error(reason);
      this.reachable = false;
      throw new Error(reason);
    }
    if (!this.reachable)
      this.logger.log(`Redis at ${redisEndpoint(this.config.redisUrl)}: reachable again`);
    this.reachable = true;
    return true;
  }
}
