import { Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../../config/schema/server.schema';
import { closeAfterEarlyResponse } from './lingering-close';

/** At most one warning this often while connections are being refused. */
const DROP_WARNING_INTERVAL_MS = 10_000;

/**
 * What the HTTP server needs beyond its options (docs/hostile-input.md): a cap on open
 * connections, so that idle ones cannot exhaust the file descriptors, with a warning when it
 * refuses some (the gateway should cap connections per client first), and the lingering close
 * of responses sent before the body was read. Call before `app.init()`, so the hook applies to
 * every route.
 */
export function applyConnectionHygiene(app: NestFastifyApplication, config: ServerConfig): void {
  const logger = new Logger('HttpServer');
  const fastify = app.get(HttpAdapterHost).httpAdapter.getInstance<FastifyInstance>();
  fastify.addHook('onSend', closeAfterEarlyResponse);
  const server = app.getHttpServer();
  server.maxConnections = config.maxConnections;
  let dropped = 0;
  let warnedAt = 0;
  server.on('drop', () => {
    dropped++;
    const now = Date.now();
    if (now - warnedAt < DROP_WARNING_INTERVAL_MS) return;
    logger.warn(
      { dropped, maxConnections: config.maxConnections },
      'connection limit reached: new connections are refused',
    );
    warnedAt = now;
    dropped = 0;
  });
}
