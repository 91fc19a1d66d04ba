import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError, DomainErrorCode } from '../../common/errors/domain.error';
import { operatorConfig, OperatorConfigType } from '../../config';

export const OPERATOR_KEY_REQUIRED = 'a valid operator API key is required';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The key from `Authorization: Bearer <key>`, else `x-api-key`. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header.length > 0 ? header : undefined;
}

/**
 * The operator API's key check (docs/operations.md). Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, so neither a key's content nor its length leaks through timing; every
 * configured key is compared, whichever matches. No key configured: nobody gets in.
 */
@Injectable()
export class OperatorApiKeyGuard implements CanActivate {
  private readonly keys: Buffer[];

  constructor(@Inject(operatorConfig.KEY) config: OperatorConfigType) {
    this.keys = config.apiKeys.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.accepts(context.switchToHttp().getRequest<FastifyRequest>())) return true;
    throw new DomainError(DomainErrorCode.Unauthenticated, OPERATOR_KEY_REQUIRED);
  }

  /** True when the request presents one of the configured keys. */
  accepts(request: FastifyRequest): boolean {
    const key = presentedKey(request);
    if (key === undefined || this.keys.length === 0) return false;
    const presented = digest(key);
    let match = false;
    for (const known of this.keys) match = timingSafeEqual(known, presented) || match;
    return match;
  }
}
