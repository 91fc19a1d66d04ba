import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { OperatorKeys } from '../../common/auth/operator-keys';
import { DomainError, DomainErrorCode } from '../../common/errors/domain.error';
import { operatorConfig, OperatorConfigType } from '../../config';

/** The operator API's key check (docs/operations.md), as `OperatorKeys` defines it. */
@Injectable()
export class OperatorApiKeyGuard implements CanActivate {
  private readonly keys: OperatorKeys;

  constructor(@Inject(operatorConfig.KEY) config: OperatorConfigType) {
    this.keys = new OperatorKeys(config.apiKeys);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.keys.accepts(context.switchToHttp().getRequest<FastifyRequest>().headers)) return true;
    throw new DomainError(DomainErrorCode.Unauthenticated, 'a valid operator API key is required');
  }
}
