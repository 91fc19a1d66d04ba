import { Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { storeConfig, StoreConfigType } from '../config';
import { ReadinessService } from '../health';
import type { CallStore } from './call-store';
import { MemoryCallStore } from './memory-call.store';
import { RedisCallStore } from './redis-call.store';
import { CALL_STORE } from './store.constants';

/** The `CallStore` chosen by `store.driver` (STORE_DRIVER), for every module. */
@Global()
@Module({
  providers: [
    {
      provide: CALL_STORE,
      inject: [storeConfig.KEY],
      useFactory: (config: StoreConfigType): CallStore => {
        // Twice the inactivity period: the reconciliation gets its turn before the entry goes.
        const liveTtlMs = config.inactiveCallMs * 2;
        switch (config.driver) {
          case 'memory':
            return new MemoryCallStore({ liveTtlMs });
          case 'redis':
            // Connects in the background: an unreachable Redis shows in /health/ready, it does
            // not stop start-up. The connection closes in onApplicationShutdown, after drain.
            return new RedisCallStore({
              url: config.redisUrl,
              keyPrefix: config.keyPrefix,
              commandTimeoutMs: config.commandTimeoutMs,
              liveTtlMs,
            });
        }
      },
    },
  ],
  exports: [CALL_STORE],
})
export class StoreModule implements OnModuleInit {
  constructor(
    @Inject(CALL_STORE) private readonly store: CallStore,
    private readonly readiness: ReadinessService,
  ) {}

  onModuleInit(): void {
    // A real round trip of what the service writes, not a PING: a store that answers but
    // refuses scripts or writes is not ready either.
    this.readiness.register({
      name: 'store',
      check: async (): Promise<true> => {
        await this.store.probe();
        return true;
      },
    });
  }
}
