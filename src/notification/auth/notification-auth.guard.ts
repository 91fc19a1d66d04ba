import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { deliveryOf } from './delivery-context.registry';

/**
 * The policy: a notification route serves only requests whose token the `onRequest` gate
 * (NotificationAuthHook) verified. The gate is what answers 401 before the body is read; this
 * guard makes sure no route flagged or not, hook installed or not, runs without that verdict.
 */
@Injectable()
export class NotificationAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (deliveryOf(request) === undefined) {
      throw new UnauthorizedException('notification token was not verified');
    }
    return true;
  }
}
