import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../../common/errors/error-body';
import { OPERATOR_API_PATHS } from './operator-api.decorator';
import { OPERATOR_KEY_REQUIRED, OperatorApiKeyGuard } from './operator-api-key.guard';

/** Every operator route lives under one of these prefixes (`OperatorApiController`). */
const OPERATOR_PREFIXES = OPERATOR_API_PATHS.map((path) => `/${path}`);

function isOperatorRoute(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  if (url === undefined) return false;
  return OPERATOR_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`));
}

/**
 * The operator key check in Fastify's `onRequest` stage, before the body is read or parsed: a
 * client without a key gets 401 whatever it sends (never a 400 or 413 that would tell it the body
 * was looked at), and its upload is not read (docs/hostile-input.md). `OperatorApiKeyGuard` stays
 * on the controllers as well, with the same keys.
 */
@Injectable()
export class OperatorApiKeyHook implements OnModuleInit {
  private readonly logger = new Logger(OperatorApiKeyHook.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly guard: OperatorApiKeyGuard,
  ) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (typeof instance?.addHook !== 'function') {
      this.logger.warn('no Fastify instance: the operator key is checked by the guard only');
      return;
    }
    instance.addHook('onRequest', (request, reply) => this.onRequest(request, reply));
  }

  async onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    if (!isOperatorRoute(request) || this.guard.accepts(request)) return;
    return reply.code(401).send(errorBody(401, OPERATOR_KEY_REQUIRED));
  }
}
