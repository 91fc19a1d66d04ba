import { ShutdownSignal } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { requestIdOf } from './common/logging/logging.module';
import { loadAppConfig } from './config';
import { ExtensionModule, loadExtensionModules } from './extensions';
import { setUpOpenApi } from './openapi';

export interface CreateAppOptions {
  /**
   * The user's own NestJS modules, imported beside ours (after those of `extensions.modules`):
   * they provide extension tokens such as `CALL_DECISION_HANDLER` or `MEDIA_SESSION_PROVIDER`.
   */
  imports?: readonly ExtensionModule[];
}

/**
 * Builds the application exactly as `main.ts` runs it; e2e tests use the same function and then
 * listen on a port of their own. A deployment with modules of its own can call it from its own
 * entry point instead of editing ours.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const config = loadAppConfig();
  const extensions = [
    ...loadExtensionModules(config.extensions.modules),
    ...(options.imports ?? []),
  ];
  const adapter = new FastifyAdapter({
    bodyLimit: config.server.bodyLimitBytes,
    trustProxy: true,
    genReqId: requestIdOf,
    // Graph call ids and paths are matched case-insensitively by us, not by the router.
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(extensions),
    adapter,
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  // Every signal Nest knows ends the process except SIGHUP, which reloads the rules (docs/rules.md).
  app.enableShutdownHooks(Object.values(ShutdownSignal).filter((s) => s !== ShutdownSignal.SIGHUP));
  setUpOpenApi(app);
  return app;
}
