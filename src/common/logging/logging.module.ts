import { Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule, Params } from 'nestjs-pino';
import { loggingConfig, LoggingConfigType } from '../../config';
import { flushLogs } from './log-destination';
import { RequestLogging, requestLogFields } from './request-logging';
import { createRootLogger } from './root-logger';

export { bindToRequestLog, requestIdOf, requestLogFields } from './request-logging';
export { createRootLogger } from './root-logger';

/**
 * The asynchronous stdout keeps lines in memory for a moment; Nest re-raises SIGTERM once shut
 * down, and a process ended by a signal never sees 'exit': flush here, last.
 */
@Injectable()
class LogFlush implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    flushLogs();
  }
}

/** JSON logs (pino) with the request on every line logged while it is handled, secrets redacted. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [loggingConfig.KEY],
      useFactory: (config: LoggingConfigType): Params => ({
        pinoHttp: { logger: createRootLogger(config, undefined, requestLogFields) },
        // Request context and lines come from RequestLogging's hook, not from middleware.
        useExisting: true,
        forRoutes: [],
      }),
    }),
  ],
  providers: [RequestLogging, LogFlush],
})
export class LoggingModule {}
