import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokenIssuer } from '../aad/access-tokens';
import type { EmulatorEngine } from '../core/engine';
import { classify } from '../core/classify';
import { CALL_ACTIONS, type EmulatorOptions } from '../core/types';
import { graphError } from './errors';

export interface GraphContext {
  options(): EmulatorOptions;
  baseUrl(): string;
  issuer: AccessTokenIssuer;
  engine: EmulatorEngine;
}

const AUTH_MESSAGES = {
  missing: 'Access token is empty.',
  invalid: 'Access token validation failure. Invalid signature.',
  expired: 'Lifetime validation failed, the token is expired.',
  audience: 'Access token validation failure. Invalid audience.',
};

export function clientRequestIdOf(request: FastifyRequest): string | null {
  const value = request.headers['client-request-id'];
  return typeof value === 'string' ? value : null;
}

function scenarioIdOf(request: FastifyRequest): string | null {
  const value = request.headers['scenario-id'];
  return typeof value === 'string' ? value : null;
}

/** The calling actions under /v1.0 and /beta, behind the bearer token we issued. */
export function registerGraphRoutes(app: FastifyInstance, ctx: GraphContext): void {
  // An onRequest hook, so that an unauthenticated request is refused before its body is read.
  const authenticate = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    const check = await ctx.issuer.check(
      request.headers.authorization,
      ctx.options().graphResources,
    );
    if (!check.ok) {
      return reply
        .status(401)
        .header(
          'WWW-Authenticate',
          'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
        )
        .send(
          graphError(
            'InvalidAuthenticationToken',
            AUTH_MESSAGES[check.reason],
            clientRequestIdOf(request),
          ),
        );
    }
    return undefined;
  };

  const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const where = classify(request.method, request.url);
    const version = where.version ?? 'v1.0';
    const result = ctx.engine.graphAction(where.endpoint, where.callId ?? '', request.body, {
      clientRequestId: clientRequestIdOf(request),
      scenarioId: scenarioIdOf(request),
      versionBaseUrl: `${ctx.baseUrl()}/${version}`,
    });
    void reply.status(result.status);
    const requestId = (
      result.body as { error?: { innerError?: Record<string, string> } } | undefined
    )?.error?.innerError?.['request-id'];
    void reply.header('request-id', requestId ?? reply.request.id);
    const crid = clientRequestIdOf(request);
    if (crid) void reply.header('client-request-id', crid);
    for (const [name, value] of Object.entries(result.headers ?? {}))
      void reply.header(name, value);
    return result.body === undefined ? reply.send() : reply.send(result.body);
  };

  for (const version of ['v1.0', 'beta']) {
    const base = `/${version}/communications/calls/:callId`;
    for (const action of CALL_ACTIONS) {
      app.post(`${base}/${action}`, { onRequest: authenticate }, handle);
    }
    app.delete(base, { onRequest: authenticate }, handle);
    app.get(base, { onRequest: authenticate }, handle);
  }
}
