import { ConfidentialClientApplication } from '@azure/msal-node';
import Fastify, { type FastifyInstance } from 'fastify';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { Emulator } from '../api';
import { isObject, type JsonObject, newId, sleep } from '../core/util';

/** What the fake bot does with an incoming call. */
export type Decision =
  | { action: 'answer'; body?: JsonObject; delayMs?: number }
  | { action: 'reject'; reason?: string; delayMs?: number }
  | { action: 'redirect'; body?: JsonObject; delayMs?: number }
  | { action: 'none' };

export interface ReceivedNotification {
  at: number;
  headers: Record<string, string | string[] | undefined>;
  body: JsonObject;
  verified: boolean;
  claims: JWTPayload | null;
  path: string;
}

export interface FakeBotBehaviour {
  onIncoming(resourceData: JsonObject, callId: string): Decision;
  /** Synchronous response body to a participantJoiningNotification. */
  onJoining(notification: JsonObject, index: number): JsonObject;
  /** participantCapacity put on answers to policy-recording calls (null: none). */
  participantCapacity: number | null;
}

export interface GraphResult {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * A minimal bot, for testing the emulator itself (and as a reference of what a bot must do):
 * verifies notification tokens with jose against the emulator's JWKS, takes Graph tokens with a
 * real msal-node ConfidentialClientApplication and answers through the Graph surface.
 */
export class FakeBot {
  readonly notifications: ReceivedNotification[] = [];
  readonly graphResults: Array<{ callId: string; action: string; status: number; body: unknown }> =
    [];
  behaviour: FakeBotBehaviour;
  private joins = 0;
  private readonly msal: ConfidentialClientApplication;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private pending = new Set<Promise<unknown>>();

  private constructor(
    private readonly emulator: Emulator,
    private readonly app: FastifyInstance,
    readonly url: string,
    behaviour: Partial<FakeBotBehaviour>,
  ) {
    this.behaviour = {
      onIncoming: () => ({ action: 'answer' }),
      onJoining: () => ({ '@odata.type': '#microsoft.graph.acceptJoinResponse' }),
      participantCapacity: null,
      ...behaviour,
    };
    this.msal = new ConfidentialClientApplication({
      auth: {
        clientId: emulator.clientId,
        clientSecret: emulator.clientSecret,
        authority: emulator.authority,
        knownAuthorities: [emulator.knownAuthority],
      },
    });
    this.jwks = createRemoteJWKSet(new URL(emulator.jwksUri));
  }

  /** Starts the bot on a free port and points the emulator at it. */
  static async start(
    emulator: Emulator,
    behaviour: Partial<FakeBotBehaviour> = {},
  ): Promise<FakeBot> {
    // The emulator keeps connections alive; a closing bot must not wait for them to go idle.
    const app = Fastify({ logger: false, forceCloseConnections: true });
    // The route exists before the bot knows its own URL, hence the holder.
    const holder: { bot?: FakeBot } = {};
    app.post('/*', async (request, reply) => {
      if (!holder.bot) return reply.status(503).send();
      return holder.bot.handle(request.url, request.headers, request.body, reply);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const bot = new FakeBot(emulator, app, `http://127.0.0.1:${port}`, behaviour);
    holder.bot = bot;
    emulator.configure({ botBaseUrl: bot.url });
    return bot;
  }

  private async handle(
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: unknown,
    reply: import('fastify').FastifyReply,
  ): Promise<unknown> {
    const received: ReceivedNotification = {
      at: Date.now(),
      headers,
      body: isObject(body) ? body : {},
      verified: false,
      claims: null,
      path,
    };
    this.notifications.push(received);
    const auth = typeof headers.authorization === 'string' ? headers.authorization : '';
    try {
      const { payload } = await jwtVerify(auth.replace(/^Bearer /, ''), this.jwks, {
        issuer: ['https://graph.microsoft.com', 'https://api.botframework.com'],
        audience: this.emulator.clientId,
        algorithms: ['RS256'],
      });
      received.verified = true;
      received.claims = payload;
    } catch {
      return reply.status(401).send({ message: 'invalid token' });
    }
    const values = Array.isArray(received.body.value) ? received.body.value.filter(isObject) : [];
    for (const item of values) {
      const data = isObject(item.resourceData) ? item.resourceData : {};
      if (data['@odata.type'] === '#microsoft.graph.participantJoiningNotification') {
        return reply.status(200).send(this.behaviour.onJoining(item, this.joins++));
      }
      if (item.changeType === 'created' && data.state === 'incoming') {
        const callId = String(item.resourceUrl).split('/').pop() ?? '';
        this.track(this.decide(data, callId));
      }
    }
    return reply.status(202).send();
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async decide(resourceData: JsonObject, callId: string): Promise<void> {
    const decision = this.behaviour.onIncoming(resourceData, callId);
    if (decision.action === 'none') return;
    if (decision.delayMs) await sleep(decision.delayMs);
    const callbackUri = `${this.emulator.options.publicBaseUrl}/api/calling`;
    let body: JsonObject;
    if (decision.action === 'answer') {
      const botData = (resourceData.applicationMetadata as { botData?: unknown } | undefined)
        ?.botData;
      body = decision.body ?? {
        callbackUri,
        acceptedModalities: ['audio'],
        mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
        ...(botData && this.behaviour.participantCapacity !== null
          ? { participantCapacity: this.behaviour.participantCapacity }
          : {}),
      };
    } else if (decision.action === 'reject') {
      body = { reason: decision.reason ?? 'busy', callbackUri };
    } else {
      body = decision.body ?? {
        targets: [{ identity: { user: { id: newId(), displayName: 'Operator' } } }],
        timeout: 30,
        callbackUri,
      };
    }
    const result = await this.graph(
      'POST',
      `/communications/calls/${callId}/${decision.action}`,
      body,
      {
        retries: 3,
      },
    );
    this.graphResults.push({
      callId,
      action: decision.action,
      status: result.status,
      body: result.body,
    });
  }

  async token(): Promise<string> {
    const result = await this.msal.acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    if (!result) throw new Error('no token');
    return result.accessToken;
  }

  /** A Graph request with a token from msal-node; retries 429/503 honouring Retry-After. */
  async graph(
    method: string,
    path: string,
    body?: unknown,
    opts: { retries?: number; scenarioId?: string } = {},
  ): Promise<GraphResult> {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${this.emulator.graphBaseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${await this.token()}`,
          'client-request-id': newId(),
          'Scenario-Id': opts.scenarioId ?? 'fake-bot-scenario',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const parsed: unknown = text ? (JSON.parse(text) as unknown) : '';
      const retryable = response.status === 429 || response.status === 503;
      if (retryable && attempt < (opts.retries ?? 0)) {
        await sleep(Number(response.headers.get('retry-after') ?? '0') * 1000);
        continue;
      }
      return { status: response.status, body: parsed, headers: response.headers };
    }
  }

  /** Notifications whose items match, e.g. `bot.received((n) => n.resourceData?.state === 'established')`. */
  received(predicate: (item: JsonObject) => boolean): JsonObject[] {
    return this.notifications.flatMap((n) =>
      (Array.isArray(n.body.value) ? n.body.value.filter(isObject) : []).filter(predicate),
    );
  }

  async waitFor(
    predicate: (item: JsonObject) => boolean,
    timeoutMs = 5000,
    count = 1,
  ): Promise<JsonObject[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received(predicate);
      if (found.length >= count) return found;
      if (Date.now() > until) {
        throw new Error(
          `fake bot: ${found.length}/${count} matching notifications after ${timeoutMs} ms`,
        );
      }
      await sleep(10);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await this.app.close();
  }
}

/** Items of a notification about `callId` in a given state. */
export function stateOf(item: JsonObject): string | undefined {
  const data = item.resourceData;
  return isObject(data) && typeof data.state === 'string' ? data.state : undefined;
}
