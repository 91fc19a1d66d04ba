import { ShutdownSignal } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { OperatorKeys } from './common/auth/operator-keys';
import { requireOperatorKey } from './common/auth/operator-only.hook';
import { applyConnectionHygiene } from './common/http/connection-hygiene';
import { httpServerOptions, MAX_PARAM_LENGTH } from './common/http/http-server.options';
import { requestIdOf } from './common/logging/logging.module';
import { AppConfig, loadAppConfig } from './config';
import { ExtensionModule, loadExtensionModules } from './extensions';
import { setUpOpenApi } from './openapi';
import { serveConsole } from './operator-console';

export interface CreateAppOptions {
  /**
   * The user's own NestJS modules, imported beside ours (after those of `extensions.modules`):
   * they provide extension tokens such as `CALL_DECISION_HANDLER` or `MEDIA_SESSION_PROVIDER`.
   */
  imports?: readonly ExtensionModule[];
  /**
   * Whether Nest closes the app on SIGTERM/SIGINT itself (and then re-raises the signal).
   * `main.ts` handles the signals itself, to exit 0 after a clean drain.
   */
  shutdownHooks?: boolean;
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
    ...httpServerOptions(config.server),
    trustProxy: config.server.trustProxy,
    genReqId: requestIdOf,
    // Graph call ids and paths are matched case-insensitively by us, not by the router.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(extensions, config),
    adapter,
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  applyConnectionHygiene(app, config.server);
  // Every signal Nest knows ends the process except SIGHUP, which reloads the rules (docs/rules.md).
  if (options.shutdownHooks ?? true) {
    app.enableShutdownHooks(
      Object.values(ShutdownSignal).filter((s) => s !== ShutdownSignal.SIGHUP),
    );
  }
  requireOperatorKey(
    app.get(HttpAdapterHost).httpAdapter.getInstance<FastifyInstance>(),
    protectedPaths(config),
    new OperatorKeys(config.operator.apiKeys),
  );
  setUpOpenApi(app, config.openapi);
  serveConsole(app, config.console.enabled);
  return app;
}

/** The operational endpoints a deployment put behind the operator keys. */
function protectedPaths(config: AppConfig): string[] {
  return [config.metrics, config.openapi]
    .filter((endpoint) => endpoint.enabled && endpoint.protected)
    .map((endpoint) => endpoint.path);
}
