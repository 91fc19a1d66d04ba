import { limitHeapGrowth } from './common/runtime/heap-growth';
// First, so that the heap grows by the service's factor from start-up on (before Nest is loaded).
limitHeapGrowth();
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigFileError, ConfigValidationError, loadAppConfig } from './config';
import { createApp } from './app.factory';
import { ShutdownService } from './health';

/** Configuration problems end the process with one `config error:` line each, before listening. */
function exitOnConfigError(error: unknown): void {
  if (error instanceof ConfigValidationError) {
    for (const problem of error.problems) process.stderr.write(`config error: ${problem}\n`);
    process.exit(1);
  }
  if (error instanceof ConfigFileError) {
    process.stderr.write(`config error: ${error.message}\n`);
    process.exit(1);
  }
}

/**
 * SIGTERM/SIGINT: the drain (readiness 503, decisions finished or handed over), then a last
 * `stopped` line with what happened; exit code 0 after a clean drain, 1 when a decision was left
 * neither finished nor handed over (the orchestrator should hear of it). A second signal does not
 * cut the drain.
 */
function stopOnSignals(app: NestFastifyApplication): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const logger = new Logger('Shutdown');
    try {
      await app.close();
      const stopped = app.get(ShutdownService).stopped;
      logger.log({ signal, ...stopped }, 'stopped');
      process.exitCode = (stopped.decisionsUnfinished ?? 0) > 0 ? 1 : 0;
    } catch (error) {
      logger.error({ err: error, signal }, 'shutdown failed');
      process.exitCode = 1;
    }
    // Whatever a library leaves behind (an idle socket, a timer) does not hold the exit.
    setTimeout(() => process.exit(), 1000).unref();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, (received) => void stop(received));
  }
}

async function bootstrap(): Promise<void> {
  try {
    loadAppConfig();
    const app = await createApp({ shutdownHooks: false });
    // Modules check the parts of the configuration they own while initialising (e.g. every
    // answer rule is turned into its Graph request): their errors take the same path as above.
    await app.init();
    stopOnSignals(app);
    const { port, host } = loadAppConfig().server;
    await app.listen(port, host);
  } catch (error) {
    exitOnConfigError(error);
    throw error;
  }
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`start-up failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
