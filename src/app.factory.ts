import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { requestIdOf } from './common/logging/logging.module';
import { loadAppConfig } from './config';
import { setUpOpenApi } from './openapi';

/**
 * Builds the application exactly as `main.ts` runs it; e2e tests use the same function and then
 * listen on a port of their own.
 */
export async function createApp(): Promise<NestFastifyApplication> {
  const config = loadAppConfig();
  const adapter = new FastifyAdapter({
    bodyLimit: config.server.bodyLimitBytes,
    trustProxy: true,
    genReqId: requestIdOf,
    // Graph call ids and paths are matched case-insensitively by us, not by the router.
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  setUpOpenApi(app);
  return app;
}
