import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { deliveryOf } from './delivery-context.registry';

/** The `DeliveryContext` the `onRequest` gate recorded for this request (arrival, tenant...). */
export const Delivery = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const delivery = deliveryOf(context.switchToHttp().getRequest<FastifyRequest>());
  // The guard has already refused such a request; this only keeps the type honest.
  if (!delivery) throw new UnauthorizedException('notification token was not verified');
  return delivery;
});
