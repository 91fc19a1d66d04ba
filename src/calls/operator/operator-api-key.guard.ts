import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { OperatorKeys } from '../../common/auth/operator-keys';
import { DomainError, DomainErrorCode } from '../../common/errors/domain.error';
import { operatorConfig, OperatorConfigType } from '../../config';

export const OPERATOR_KEY_REQUIRED = 'a valid operator API key is required';

/** The operator API's key check (docs/operations.md), as `OperatorKeys` defines it. */
@Injectable()
export class OperatorApiKeyGuard implements CanActivate {
  private readonly keys: OperatorKeys;

  constructor(@Inject(operatorConfig.KEY) config: OperatorConfigType) {
    this.keys = new OperatorKeys(config.apiKeys);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.accepts(context.switchToHttp().getRequest<FastifyRequest>())) return true;
    throw new DomainError(DomainErrorCode.Unauthenticated, OPERATOR_KEY_REQUIRED);
  }

  /** True when the request presents one of the configured keys. */
  accepts(request: FastifyRequest): boolean {
    return this.keys.accepts(request.headers);
  }
}
