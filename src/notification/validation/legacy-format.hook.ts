import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isNotificationRoute } from '../auth/notification-auth.hook';
import { NotificationMetrics } from '../notification.metrics';

/** Properties of the pre-Graph calling format (`IConversation`, `IConversationResult`). */
const LEGACY_KEYS = ['callState', 'presentedModalityTypes'] as const;

/**
 * A body in the legacy (pre-Graph, Skype bot platform) calling format: no `value` array, and the
 * old format's `callState` or `presentedModalityTypes`.
 */
export function isLegacyCallingBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const record = body as Record<string, unknown>;
  if (Array.isArray(record.value)) return false;
  return LEGACY_KEYS.some((key) => Object.hasOwn(record, key));
}

/**
 * Answers `204 No Content` to an authenticated notification in the legacy calling format, as
 * Teams documents for bots on the Graph API: the platform then resends it in Graph's format. A
 * 400 would instead tell it the delivery failed. Runs in Fastify's `preHandler` stage (after the
 * token, content type, size and JSON checks, before the route validates the shape).
 */
@Injectable()
export class LegacyFormatHook implements OnModuleInit {
  private readonly logger = new Logger(LegacyFormatHook.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: NotificationMetrics,
  ) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (typeof instance?.addHook !== 'function') return;
    instance.addHook('preHandler', (request, reply) => this.preHandler(request, reply));
  }

  async preHandler(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    if (!isNotificationRoute(request) || !isLegacyCallingBody(request.body)) return;
    this.metrics.count('batch', 'legacy');
    this.logger.warn(
      { requestId: request.id },
      'notification in the legacy calling format: 204, so that Graph resends it in its own format',
    );
    return reply.code(204).send();
  }
}
