import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { toErrorBody } from './common/filters/all-exceptions.filter';
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
  // Errors raised by Fastify before a route runs (415, 413, malformed JSON) get our error shape too.
  const errorLogger = new NestLogger('Http');
  app
    .getHttpAdapter()
    .getInstance()
    .setErrorHandler((error, _request, reply) => {
      const body = toErrorBody(error, errorLogger);
      void reply.status(body.statusCode).send(body);
    });
  setUpOpenApi(app);
  return app;
}
