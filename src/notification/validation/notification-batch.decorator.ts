import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { NotificationBatchPipe } from './notification-batch.pipe';

const rawBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown =>
    context.switchToHttp().getRequest<FastifyRequest>().body,
);

/**
 * The validated `commsNotifications` body. A custom decorator rather than `@Body()`, so that no
 * strict pipe (STRICT_VALIDATION, right for our own API and wrong for Graph's open types) can ever
 * apply to it: pipes bound to `@Body()` leave custom decorators alone, and this one validates with
 * GRAPH_VALIDATION instead.
 */
export const NotificationBatch = (): ParameterDecorator => rawBody(NotificationBatchPipe);
