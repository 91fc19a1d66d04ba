import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../../common/errors/error-body';
import { CHAIN_ID_PATTERN, NOTIFICATION_ROUTE_FLAG } from '../notification.constants';
import { NotificationMetrics } from '../notification.metrics';
import { rememberDelivery } from './delivery-context.registry';
import { NotificationTokenVerifier } from './notification-token.verifier';

/** True on routes flagged with NOTIFICATION_ROUTE_FLAG (`POST /api/calling`). */
export function isNotificationRoute(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
  return config?.[NOTIFICATION_ROUTE_FLAG] === true;
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semicolon = contentType.indexOf(';');
  const media = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim();
  return media.toLowerCase() === 'application/json';
}

function chainIdOf(request: FastifyRequest): string | undefined {
  const value = request.headers['x-microsoft-skype-chain-id'];
  return typeof value === 'string' && CHAIN_ID_PATTERN.test(value) ? value : undefined;
}

/**
 * The early gate of the notification route, in Fastify's `onRequest` stage, that is before the
 * body is read: the token is verified first (401), then the content type (415); Fastify then
 * enforces the size (413) and parses (400), and the route validates the shape (400). That is the
 * contract's order, and an unauthenticated sender never gets a byte of its body parsed.
 *
 * A Fastify hook (through HttpAdapterHost) rather than Nest middleware: it gets Fastify's
 * request and reply, so it can read the route's config flag and answer with our error shape.
 */
@Injectable()
export class NotificationAuthHook implements OnModuleInit {
  private readonly logger = new Logger(NotificationAuthHook.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: NotificationTokenVerifier,
    private readonly metrics: NotificationMetrics,
  ) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (typeof instance?.addHook !== 'function') {
      this.logger.warn('no Fastify instance: the guard will refuse every notification');
      return;
    }
    // Added before the server is ready: Fastify gives root hooks to every route at that point.
    instance.addHook('onRequest', (request, reply) => this.onRequest(request, reply));
    instance.addHook('onError', async (request) => {
      // Fastify's own refusals on this route (413, malformed JSON) are counted here.
      if (isNotificationRoute(request)) this.metrics.count('batch', 'rejected');
    });
  }

  async onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    if (!isNotificationRoute(request)) return;
    const receivedAtMono = performance.now();
    const receivedAt = new Date();
    const verdict = await this.verifier.verify(request.headers.authorization);
    const authenticationMs = performance.now() - receivedAtMono;
    if (!verdict.ok) {
      this.metrics.count('batch', 'unauthenticated');
      this.logger.warn({ requestId: request.id, reason: verdict.reason }, 'notification refused');
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer error="invalid_token"')
        .send(errorBody(401, `notification token rejected: ${verdict.reason}`));
    }
    if (!isJson(request.headers['content-type'])) {
      this.metrics.count('batch', 'rejected');
      return reply.code(415).send(errorBody(415, 'content-type must be application/json'));
    }
    rememberDelivery(request, {
      receivedAtMono,
      receivedAt,
      tenantId: verdict.tenantId,
      chainId: chainIdOf(request),
      requestId: String(request.id),
      authenticationMs,
    });
  }
}
