import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Emulator } from '../api';
import {
  type CallRecord,
  type CallState,
  ENDPOINTS,
  type Fault,
  isScenarioName,
  type RequestFilter,
  SCENARIOS,
} from '../core/types';
import { isObject, type JsonObject, omit } from '../core/util';
import { faultProblems } from '../faults/fault-registry';

/** The same capabilities as the programmatic API, as JSON over HTTP under /_emulator. */
export const CONTROL_PREFIX = '/_emulator';

type IdParams = { Params: { id: string } };
const STATES: CallState[] = ['incoming', 'establishing', 'established', 'terminated'];

function fail(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.status(status).send({ error: message });
}

function body(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

function numberParam(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** A call without its bulky parts, for listings. */
export function summarize(
  call: CallRecord,
): Omit<CallRecord, 'requests' | 'deliveries' | 'resource'> {
  return omit(call, ['requests', 'deliveries', 'resource']);
}

export function registerControlRoutes(app: FastifyInstance, emulator: Emulator): void {
  const p = CONTROL_PREFIX;

  // Errors thrown by the emulator ("unknown call 42") are the caller's mistake, not a crash.
  const guard = async <T>(
    reply: FastifyReply,
    run: () => Promise<T> | T,
  ): Promise<T | FastifyReply> => {
    try {
      return await run();
    } catch (error) {
      const message = (error as Error).message;
      const status = /^unknown /.test(message) ? 404 : /within \d+ ms/.test(message) ? 408 : 400;
      return fail(reply, status, message);
    }
  };

  app.get(p, async () => {
    const options = omit(emulator.options, ['log']);
    return {
      url: emulator.url,
      caPath: emulator.caPath,
      authorityHost: emulator.authorityHost,
      authority: emulator.authority,
      knownAuthority: emulator.knownAuthority,
      graphBaseUrl: emulator.graphBaseUrl,
      openIdConfigUrl: emulator.openIdConfigUrl,
      jwksUri: emulator.jwksUri,
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      currentKid: emulator.currentKid,
      scenarios: SCENARIOS,
      endpoints: ENDPOINTS,
      serviceEnv: emulator.serviceEnv(),
      options,
    };
  });

  app.patch(`${p}/config`, async (request, reply) =>
    guard(reply, () => {
      emulator.configure(body(request.body));
      return { ok: true };
    }),
  );

  app.post(`${p}/calls`, async (request, reply) => {
    const input = body(request.body);
    if (!isScenarioName(input.scenario)) {
      return fail(reply, 400, `scenario: one of ${SCENARIOS.join(', ')}`);
    }
    const scenario = input.scenario;
    const opts = omit(input, ['scenario', 'mutate']);
    return guard(reply, async () => {
      const placed = await emulator.placeCall(scenario, opts);
      return reply.status(201).send(placed);
    });
  });

  app.get(`${p}/calls`, async () => ({ value: emulator.listCalls().map(summarize) }));

  app.get<IdParams>(`${p}/calls/:id`, async (request, reply) => {
    const call = emulator.getCall(request.params.id);
    return call ?? fail(reply, 404, `unknown call ${request.params.id}`);
  });

  app.get<IdParams & { Querystring: { timeoutMs?: string } }>(
    `${p}/calls/:id/action`,
    async (request, reply) =>
      guard(reply, () =>
        emulator.waitForAction(request.params.id, numberParam(request.query.timeoutMs)),
      ),
  );

  app.get<{ Params: { id: string; state: string }; Querystring: { timeoutMs?: string } }>(
    `${p}/calls/:id/state/:state`,
    async (request, reply) => {
      const state = request.params.state as CallState;
      if (!STATES.includes(state)) return fail(reply, 400, `state: one of ${STATES.join(', ')}`);
      return guard(reply, async () =>
        summarize(
          await emulator.waitForState(
            request.params.id,
            state,
            numberParam(request.query.timeoutMs),
          ),
        ),
      );
    },
  );

  app.post<IdParams>(`${p}/calls/:id/establish`, async (request, reply) =>
    guard(reply, async () => {
      const order = body(request.body).order;
      await emulator.establish(
        request.params.id,
        order === 'reversed' || order === 'normal' ? order : undefined,
      );
      return { ok: true };
    }),
  );

  app.post<IdParams>(`${p}/calls/:id/hangup`, async (request, reply) =>
    guard(reply, () => {
      const resultInfo = body(request.body).resultInfo;
      emulator.hangUp(request.params.id, isObject(resultInfo) ? resultInfo : undefined);
      return { ok: true };
    }),
  );

  app.post<IdParams>(`${p}/calls/:id/content-sharing`, async (request, reply) =>
    guard(reply, async () => ({
      sessionId: await emulator.startContentSharing(request.params.id),
    })),
  );

  app.delete<{ Params: { id: string; sessionId?: string } }>(
    `${p}/calls/:id/content-sharing/:sessionId?`,
    async (request, reply) =>
      guard(reply, async () => ({
        sessionId: await emulator.stopContentSharing(request.params.id, request.params.sessionId),
      })),
  );

  app.post<IdParams>(`${p}/calls/:id/roster`, async (request, reply) =>
    guard(reply, () => emulator.updateRoster(request.params.id, body(request.body))),
  );

  app.post<IdParams>(`${p}/calls/:id/participant-left`, async (request, reply) => {
    const participantId = body(request.body).participantId;
    if (typeof participantId !== 'string')
      return fail(reply, 400, 'participantId: required string');
    return guard(reply, () => emulator.participantLeft(request.params.id, participantId));
  });

  app.post<IdParams>(`${p}/calls/:id/notify`, async (request, reply) => {
    const value = body(request.body).value;
    if (!Array.isArray(value) || !value.every(isObject)) {
      return fail(reply, 400, 'value: an array of commsNotification objects');
    }
    return guard(reply, () => emulator.notify(request.params.id, value));
  });

  app.get<IdParams>(`${p}/groups/:id`, async (request, reply) => {
    const group = emulator.getGroup(request.params.id);
    return group ?? fail(reply, 404, `unknown policy group ${request.params.id}`);
  });

  app.get<IdParams & { Querystring: { timeoutMs?: string } }>(
    `${p}/groups/:id/wait`,
    async (request, reply) =>
      guard(reply, () =>
        emulator.waitForGroup(request.params.id, numberParam(request.query.timeoutMs)),
      ),
  );

  app.get<{ Querystring: { callIds?: string } }>(`${p}/stats`, async (request) => {
    const ids = request.query.callIds?.split(',').filter((s) => s.length > 0);
    return emulator.stats(ids);
  });

  app.get<{ Querystring: { endpoint?: string; callId?: string; afterId?: string } }>(
    `${p}/requests`,
    async (request) => {
      const filter: RequestFilter = {
        endpoint: request.query.endpoint as RequestFilter['endpoint'],
        callId: request.query.callId,
        afterId: numberParam(request.query.afterId),
      };
      return { value: emulator.requests(filter) };
    },
  );

  app.get(`${p}/faults`, async () => ({ value: emulator.faults.list() }));
  app.post(`${p}/faults`, async (request, reply) => {
    const fault = body(request.body) as Partial<Fault>;
    const problems = faultProblems(fault);
    if (problems.length > 0) return fail(reply, 400, problems.join('; '));
    return reply.status(201).send({ id: emulator.faults.inject(fault as Fault) });
  });
  app.delete(`${p}/faults`, async () => {
    emulator.faults.clear();
    return { ok: true };
  });
  app.delete<IdParams>(`${p}/faults/:id`, async (request, reply) =>
    emulator.faults.remove(request.params.id)
      ? { ok: true }
      : fail(reply, 404, `unknown fault ${request.params.id}`),
  );

  app.post(`${p}/keys/rotate`, async (request) =>
    emulator.rotateKeys({ dropPrevious: body(request.body).dropPrevious === true }),
  );
  app.delete<{ Params: { kid: string } }>(`${p}/keys/:kid`, async (request, reply) =>
    emulator.dropKey(request.params.kid)
      ? { ok: true }
      : fail(reply, 400, 'unknown kid, or the current key (rotate first)'),
  );

  app.post(`${p}/tokens/notification`, async (request) => {
    const input = body(request.body);
    const token = await emulator.signNotificationToken(
      isObject(input.claims) ? input.claims : {},
      isObject(input.options) ? input.options : {},
    );
    return { token };
  });

  app.post(`${p}/deliver`, async (request, reply) => {
    const input = body(request.body);
    const headers = isObject(input.headers) ? (input.headers as Record<string, string>) : undefined;
    return guard(reply, () =>
      emulator.deliver(input.body, {
        token: input.token === null || typeof input.token === 'string' ? input.token : undefined,
        headers,
        path: typeof input.path === 'string' ? input.path : undefined,
        rawBody: typeof input.rawBody === 'string' ? input.rawBody : undefined,
      }),
    );
  });

  app.post(`${p}/reset`, async () => {
    emulator.reset();
    return { ok: true };
  });
}
