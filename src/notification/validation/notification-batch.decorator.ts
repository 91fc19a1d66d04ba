import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { NotificationBatchPipe } from './notification-batch.pipe';

const rawBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown =>
    context.switchToHttp().getRequest<FastifyRequest>().body,
);

/**
 * The validated `commsNotifications` body. A custom decorator rather than `@Body()`, because the
 * global pipe applies STRICT_VALIDATION (unknown properties refused) to every `@Body()`, which is
 * right for our own API and wrong for Graph's open types; the global pipe leaves custom
 * decorators alone, and this one validates with GRAPH_VALIDATION instead.
 */
export const NotificationBatch = (): ParameterDecorator => rawBody(NotificationBatchPipe);
