import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { aadError } from './aad/routes';
import { classify, type Classified } from './core/classify';
import type { EmulatorEngine } from './core/engine';
import type { RequestRecorder } from './core/recorder';
import type { ActiveFault } from './core/types';
import { monotonicMs, round, sleep } from './core/util';
import type { FaultRegistry } from './faults/fault-registry';
import { defaultCode, graphError } from './graph/errors';
import { clientRequestIdOf } from './graph/routes';

interface RequestState {
  where: Classified;
  started: number;
  fault: ActiveFault | null;
  recorded: boolean;
}

export interface ServerDeps {
  tls: { key: string; cert: string };
  engine: EmulatorEngine;
  recorder: RequestRecorder;
  faults: FaultRegistry;
}

/**
 * The HTTPS server and the cross-cutting hooks: every request is classified, faults are applied
 * before anything else runs (like a failing front door), and each Graph/AAD request is recorded.
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    https: { key: deps.tls.key, cert: deps.tls.cert },
    logger: false,
    bodyLimit: 4 * 1024 * 1024,
    keepAliveTimeout: 65_000,
    // close() must not wait for the service's pooled keep-alive connections to go idle.
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const states = new WeakMap<FastifyRequest, RequestState>();

  const record = (request: FastifyRequest, status: number): void => {
    const state = states.get(request);
    if (!state || state.recorded || state.where.kind === 'control') return;
    state.recorded = true;
    const headers = request.headers;
    const scenarioId = typeof headers['scenario-id'] === 'string' ? headers['scenario-id'] : null;
    const entry = {
      at: new Date().toISOString(),
      method: request.method,
      path: request.url,
      endpoint: state.where.endpoint,
      callId: state.where.callId,
      status,
      durationMs: round(monotonicMs() - state.started, 3),
      clientRequestId: clientRequestIdOf(request),
      scenarioId,
      hasAuthorization:
        typeof headers.authorization === 'string' && headers.authorization.length > 0,
      contentType: typeof headers['content-type'] === 'string' ? headers['content-type'] : null,
      body: request.body,
      fault: state.fault ? describeFault(state.fault) : null,
    };
    const recorded = deps.recorder.record(entry);
    if (state.where.callId) {
      deps.engine.noteRequest(state.where.callId, {
        endpoint: recorded.endpoint,
        method: recorded.method,
        path: recorded.path,
        status,
        at: recorded.at,
        clientRequestId: recorded.clientRequestId,
        scenarioId,
        hasAuthorization: recorded.hasAuthorization,
        body: recorded.body,
        fault: recorded.fault,
      });
    }
  };

  app.addHook('onRequest', async (request, reply) => {
    const where = classify(request.method, request.url);
    const state: RequestState = { where, started: monotonicMs(), fault: null, recorded: false };
    states.set(request, state);
    if (where.kind === 'control') return undefined;
    const fault = deps.faults.take(where.endpoint, where.callId);
    if (!fault) return undefined;
    state.fault = fault;
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.drop) {
      record(request, 0);
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fault.status !== undefined) return sendFault(request, reply, where, fault);
    return undefined;
  });

  // Recorded before the response leaves, so that whoever awaits the bot's decision finds the
  // request already in the records.
  app.addHook('onSend', async (request, reply, payload) => {
    record(request, reply.statusCode);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    record(request, reply.statusCode);
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    const where = states.get(request)?.where ?? classify(request.method, request.url);
    if (where.kind === 'aad') {
      return aadError(reply, status, 'invalid_request', 900144, error.message);
    }
    return reply
      .status(status)
      .send(graphError(defaultCode(status), error.message, clientRequestIdOf(request)));
  });

  app.setNotFoundHandler((request, reply) => {
    const where = states.get(request)?.where ?? classify(request.method, request.url);
    if (where.kind === 'graph') {
      // What Graph says for a path segment it does not know.
      const segment = request.url.split('?')[0].split('/').pop() ?? '';
      return reply
        .status(400)
        .send(
          graphError(
            'BadRequest',
            `Resource not found for the segment '${segment}'.`,
            clientRequestIdOf(request),
          ),
        );
    }
    return reply
      .status(404)
      .send(graphError('NotFound', `No route for ${request.method} ${request.url}`, null));
  });

  return app;
}

function sendFault(
  request: FastifyRequest,
  reply: FastifyReply,
  where: Classified,
  fault: ActiveFault,
): FastifyReply {
  const status = fault.status ?? 503;
  if (fault.retryAfterSeconds !== undefined) {
    void reply.header('Retry-After', String(fault.retryAfterSeconds));
  }
  if (where.kind === 'aad') {
    const error = status >= 500 ? 'temporarily_unavailable' : 'invalid_request';
    return aadError(reply, status, error, status >= 500 ? 50001 : 90000, 'Injected fault.');
  }
  return reply
    .status(status)
    .send(
      graphError(
        fault.code ?? defaultCode(status),
        'Injected fault: the service is not able to handle this request now.',
        clientRequestIdOf(request),
      ),
    );
}

function describeFault(fault: ActiveFault): string {
  const parts: string[] = [fault.endpoint];
  if (fault.status !== undefined) parts.push(String(fault.status));
  if (fault.drop) parts.push('drop');
  if (fault.latencyMs) parts.push(`+${fault.latencyMs}ms`);
  return parts.join(' ');
}
