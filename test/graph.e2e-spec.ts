import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Global, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { startEmulator, type Emulator } from '../emulator';
import { azureConfig, graphConfig } from '../src/config';
import {
  AnswerRequestDto,
  GraphCallsApi,
  GraphModule,
  GraphRequestError,
  GraphTokenService,
  validateGraphRequest,
} from '../src/graph';
import { ReadinessService } from '../src/health';

/**
 * The Graph module against the emulator over TLS: a real client-credentials token through msal-node
 * (with the emulator as a known authority), then answers sent through the HTTP client.
 */
describe('Graph module against the emulator', () => {
  let emulator: Emulator;
  let bot: Server;
  let moduleRef: TestingModule;
  let sut: GraphCallsApi;
  let readiness: ReadinessService;

  beforeAll(async () => {
    emulator = await startEmulator({ keyDir: null });
    // The service is not under test here: a bot that acknowledges notifications and decides nothing.
    bot = createServer((_req, res) => res.writeHead(202).end());
    bot.listen(0, '127.0.0.1');
    await once(bot, 'listening');
    emulator.configure({ botBaseUrl: `http://127.0.0.1:${(bot.address() as AddressInfo).port}` });

    @Global()
    @Module({
      providers: [
        ReadinessService,
        {
          provide: azureConfig.KEY,
          useValue: {
            cloud: 'global',
            tenantId: emulator.tenantId,
            clientId: emulator.clientId,
            clientSecret: emulator.clientSecret,
            authorityHost: emulator.authorityHost,
          },
        },
        {
          provide: graphConfig.KEY,
          useValue: {
            apiVersion: 'v1.0',
            baseUrl: emulator.graphBaseUrl,
            requestTimeoutMs: 5000,
            tokenRefreshAheadMs: 300_000,
            tokenTimeoutMs: 10_000,
            tokenRetry: { baseDelayMs: 200, maxDelayMs: 1000 },
            retry: {
              maxAttempts: null,
              baseDelayMs: 50,
              maxDelayMs: 500,
              maxRetryAfterMs: 30_000,
              defaultBudgetMs: 10_000,
            },
            pool: { connections: 8, keepAliveTimeoutMs: 60_000, keepAliveMaxTimeoutMs: 600_000 },
          },
        },
      ],
      exports: [ReadinessService, azureConfig.KEY, graphConfig.KEY],
    })
    class EmulatorConfigModule {}

    moduleRef = await Test.createTestingModule({
      imports: [EmulatorConfigModule, GraphModule],
    }).compile();
    await moduleRef.init();
    sut = moduleRef.get(GraphCallsApi);
    readiness = moduleRef.get(ReadinessService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    bot?.close();
    await emulator?.close();
  });

  async function untilReady(): Promise<void> {
    for (let i = 0; i < 100; i += 1) {
      if ((await readiness.report()).ready) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`not ready: ${JSON.stringify((await readiness.report()).checks)}`);
  }

  function answerBody(): AnswerRequestDto {
    return validateGraphRequest(AnswerRequestDto, {
      callbackUri: `${emulator.options.publicBaseUrl}/api/calling`,
      acceptedModalities: ['audio'],
      mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
    });
  }

  it('gets a token from the emulator in the background and turns ready', async () => {
    await untilReady();
    expect(moduleRef.get(GraphTokenService).hasToken).toBe(true);
    const [tokenRequest] = emulator.requests({ endpoint: 'token' });
    expect(tokenRequest.status).toBe(200);
    expect(tokenRequest.body).toMatchObject({ scope: 'https://graph.microsoft.com/.default' });
  });

  it('answers a call, with a client-request-id and the Scenario-Id', async () => {
    await untilReady();
    const call = await emulator.placeCall('p2p-service-hosted');

    const result = await sut.answer(call.callId, answerBody(), {
      scenarioId: 'scenario-e2e-1',
      deadlineAt: performance.now() + 10_000,
    });
    const action = await emulator.waitForAction(call.callId);

    expect(result.status).toBe(202);
    expect(action).toMatchObject({
      kind: 'answer',
      accepted: true,
      clientRequestId: result.clientRequestId,
      scenarioId: 'scenario-e2e-1',
    });
    expect(action.body).toEqual(JSON.parse(JSON.stringify(answerBody())));
  });

  it('retries a 503 with Retry-After from the emulator', async () => {
    await untilReady();
    const call = await emulator.placeCall('p2p-service-hosted');
    emulator.faults.inject({
      endpoint: 'answer',
      status: 503,
      retryAfterSeconds: 1,
      times: 1,
      callId: call.callId,
    });

    const result = await sut.answer(call.callId, answerBody());

    expect(result.timings.attempts).toBe(2);
    expect((await emulator.waitForAction(call.callId)).kind).toBe('answer');
  });

  it('fetches a new token after a 401 and retries once', async () => {
    await untilReady();
    const tokensBefore = emulator.requests({ endpoint: 'token' }).length;
    const call = await emulator.placeCall('p2p-service-hosted');
    emulator.faults.inject({ endpoint: 'answer', status: 401, times: 1, callId: call.callId });

    const result = await sut.answer(call.callId, answerBody());

    expect(result.timings.attempts).toBe(2);
    expect(emulator.requests({ endpoint: 'token' }).length).toBe(tokensBefore + 1);
  });

  it('reports a 4xx from Graph as a GraphRequestError without retrying', async () => {
    await untilReady();
    const call = await emulator.placeCall('p2p-service-hosted');
    emulator.faults.inject({ endpoint: 'answer', status: 403, callId: call.callId, times: 1 });

    const error = await sut.answer(call.callId, answerBody()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 403, attempts: 1 });
    expect(emulator.requests({ endpoint: 'answer', callId: call.callId })).toHaveLength(1);
  });
});
