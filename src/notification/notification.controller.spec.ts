import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { TestKeyServer } from '../../test/support/signing-keys';
import { AllExceptionsFilter } from '../common/filters/all-exceptions.filter';
import { azureConfig, notificationConfig, serverConfig } from '../config';
import { ReadinessService } from '../health';
import { MetricsService } from '../metrics';
import { CALL_STORE, StoreUnavailableError } from '../store';
import { sampleCall } from '../store/call-record.testing';
import { MemoryCallStore } from '../store/memory-call.store';
import { NotificationAuthHook } from './auth/notification-auth.hook';
import { NOTIFICATION_KEYS_FETCH } from './auth/notification-keys.service';
import { NotificationModule } from './notification.module';
import { NotificationRouter } from './notification.router';
import { notificationSettings } from './notification.testing';
import type { RoutedNotification } from './routed-notification';

const store = new MemoryCallStore();

function established(callId: string): unknown {
  return {
    value: [
      {
        changeType: 'updated',
        resourceUrl: `/communications/calls/${callId}`,
        resourceData: {
          '@odata.type': '#microsoft.graph.call',
          '@odata.etag': 'W/"5445"',
          state: 'established',
        },
      },
    ],
  };
}

/**
 * The module wired into a Fastify app, with everything global it needs stubbed: the hook as the
 * early gate, the guard as the policy, the controller's statuses and failure handling.
 */
describe('NotificationController', () => {
  let keyServer: TestKeyServer;
  let sut: NestFastifyApplication;

  async function start(options: { withoutHook?: boolean } = {}): Promise<void> {
    @Global()
    @Module({
      providers: [
        ReadinessService,
        MetricsService,
        { provide: CALL_STORE, useValue: store },
        { provide: NOTIFICATION_KEYS_FETCH, useValue: keyServer.fetch },
        { provide: notificationConfig.KEY, useValue: notificationSettings() },
        { provide: serverConfig.KEY, useValue: { publicBaseUrl: 'https://bot.test/' } },
        { provide: azureConfig.KEY, useValue: { cloud: 'global', clientId: 'test-client-id' } },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
      exports: [
        ReadinessService,
        MetricsService,
        CALL_STORE,
        NOTIFICATION_KEYS_FETCH,
        notificationConfig.KEY,
        serverConfig.KEY,
        azureConfig.KEY,
      ],
    })
    class GlobalsModule {}

    let builder = Test.createTestingModule({ imports: [GlobalsModule, NotificationModule] });
    if (options.withoutHook) {
      builder = builder
        .overrideProvider(NotificationAuthHook)
        .useValue({ onModuleInit: () => undefined });
    }
    const moduleRef = await builder.compile();
    sut = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    await sut.init();
    await sut.getHttpAdapter().getInstance().ready();
  }

  async function post(body: unknown, token?: string): Promise<{ status: number; body: unknown }> {
    const response = await sut.inject({
      method: 'POST',
      url: '/api/calling',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      payload: JSON.stringify(body),
    });
    return {
      status: response.statusCode,
      body: response.body ? (JSON.parse(response.body) as unknown) : '',
    };
  }

  beforeEach(async () => {
    keyServer = await TestKeyServer.create();
  });

  afterEach(async () => {
    await sut?.close();
  });

  it('refuses through the guard when no gate verified the request, however valid it is', async () => {
    await start({ withoutHook: true });
    const handler = jest.fn();
    sut.get(NotificationRouter).register('callUpdated', handler);
    const result = await post(established('a1'), await keyServer.sign());
    expect(result).toEqual({
      status: 401,
      body: {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'notification token was not verified',
      },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers 202 with an empty body, after the handlers ran, with the delivery context', async () => {
    await start();
    const handler = jest.fn();
    sut.get(NotificationRouter).register('callUpdated', handler);
    expect(await post(established('a2'), await keyServer.sign())).toEqual({
      status: 202,
      body: '',
    });
    expect(handler).toHaveBeenCalledWith(
      expect.objectContaining({
        kind: 'callUpdated',
        callId: 'a2',
        context: expect.objectContaining({
          tenantId: 'test-tenant-id',
          authenticationMs: expect.any(Number),
        }),
      }),
    );
  });

  it("answers 200 with a joining handler's response", async () => {
    await start();
    sut.get(NotificationRouter).register('participantJoining', () => ({
      '@odata.type': '#microsoft.graph.acceptJoinResponse',
    }));
    const joining = {
      value: [
        {
          changeType: 'created',
          resourceUrl: '/communications/calls/group-call/participantJoiningNotification',
          resourceData: {
            '@odata.type': '#microsoft.graph.participantJoiningNotification',
            call: { '@odata.type': '#microsoft.graph.call', id: 'joining' },
          },
        },
      ],
    };
    expect(await post(joining, await keyServer.sign())).toEqual({
      status: 200,
      body: { '@odata.type': '#microsoft.graph.acceptJoinResponse' },
    });
  });

  it('never drops a repeated joining notification: Graph waits for its response', async () => {
    await start();
    const handler = jest.fn(() => ({
      '@odata.type': '#microsoft.graph.acceptJoinResponse' as const,
    }));
    sut.get(NotificationRouter).register('participantJoining', handler);
    const joining = {
      value: [
        {
          changeType: 'created',
          resourceUrl: '/communications/calls/group-call-3/participantJoiningNotification',
          resourceData: {
            '@odata.type': '#microsoft.graph.participantJoiningNotification',
            call: { '@odata.type': '#microsoft.graph.call', id: 'joining-3' },
          },
        },
      ],
    };
    const token = await keyServer.sign();
    expect((await post(joining, token)).status).toBe(200);
    expect((await post(joining, token)).status).toBe(200);
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('invites a new bot at its own callback when no handler answers a join, even if one throws', async () => {
    await start();
    sut.get(NotificationRouter).register('participantJoining', () => {
      throw new Error('bug');
    });
    const joining = {
      value: [
        {
          changeType: 'created',
          resourceUrl: '/communications/calls/group-call-2/participantJoiningNotification',
          resourceData: {
            '@odata.type': '#microsoft.graph.participantJoiningNotification',
            call: { '@odata.type': '#microsoft.graph.call' },
          },
        },
      ],
    };
    expect(await post(joining, await keyServer.sign())).toEqual({
      status: 200,
      body: {
        '@odata.type': '#microsoft.graph.inviteNewBotResponse',
        inviteUri: 'https://bot.test/api/calling',
      },
    });
  });

  it('answers 400 to a wrongly shaped batch and counts the refusal', async () => {
    await start();
    const result = await post(
      { value: [{ changeType: 'nope', resourceUrl: '/x' }] },
      await keyServer.sign(),
    );
    expect(result.status).toBe(400);
    const metrics = await sut.get(MetricsService).registry.metrics();
    expect(metrics).toContain('switchboard_notifications_total{kind="batch",result="rejected"} 1');
  });

  it('still answers 202 when a handler throws, and counts it as failed', async () => {
    await start();
    sut.get(NotificationRouter).register('callUpdated', () => {
      throw new Error('consumer bug');
    });
    expect((await post(established('a3'), await keyServer.sign())).status).toBe(202);
    const metrics = await sut.get(MetricsService).registry.metrics();
    expect(metrics).toContain(
      'switchboard_notifications_total{kind="callUpdated",result="failed"} 1',
    );
  });

  it('answers 503 when the store cannot be reached, routing nothing, so that Graph delivers again', async () => {
    await start();
    const handler = jest.fn();
    sut.get(NotificationRouter).register('callUpdated', handler);
    const lookUp = jest
      .spyOn(store, 'lookUpDelivery')
      .mockRejectedValueOnce(new StoreUnavailableError('unavailable'));
    const result = await post(established('a4'), await keyServer.sign());
    lookUp.mockRestore();
    expect(result).toEqual({
      status: 503,
      body: { statusCode: 503, error: 'Service Unavailable', message: 'store unavailable' },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers 503 and writes no repeat marker when recording fails, so the redelivery is handled', async () => {
    await start();
    const handler = jest
      .fn()
      .mockRejectedValueOnce(new StoreUnavailableError('timeout'))
      .mockResolvedValue(undefined);
    sut.get(NotificationRouter).register('callUpdated', handler);
    const body = established('a5');
    expect((await post(body, await keyServer.sign())).status).toBe(503);
    expect((await post(body, await keyServer.sign())).status).toBe(202);
    expect((await post(body, await keyServer.sign())).status).toBe(202);
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('leaves the repeat marker to the handler that takes it into its own store step, and drops the repeat', async () => {
    await start();
    await store.create(sampleCall({ id: 'a6' }));
    const markSeen = jest.spyOn(store, 'markSeen');
    const handler = jest.fn(async (notification: RoutedNotification) => {
      const seen = notification.repeatMarker?.take();
      await store.update('a6', (call) => ({ ...call, state: 'established' }), { seen });
    });
    sut.get(NotificationRouter).register('callUpdated', handler);
    const body = established('a6');

    expect((await post(body, await keyServer.sign())).status).toBe(202);
    expect(markSeen).not.toHaveBeenCalled();
    markSeen.mockRestore();
    expect((await post(body, await keyServer.sign())).status).toBe(202);

    expect(handler).toHaveBeenCalledTimes(1);
    const metrics = await sut.get(MetricsService).registry.metrics();
    expect(metrics).toContain(
      'switchboard_notifications_total{kind="callUpdated",result="duplicate"} 1',
    );
  });

  it('writes no repeat marker when the step that took it fails, so the redelivery is handled', async () => {
    await start();
    await store.create(sampleCall({ id: 'a7' }));
    const update = jest
      .spyOn(store, 'update')
      .mockRejectedValueOnce(new StoreUnavailableError('timeout'));
    const handler = jest.fn(async (notification: RoutedNotification) => {
      const seen = notification.repeatMarker?.take();
      await store.update('a7', (call) => ({ ...call, state: 'established' }), { seen });
    });
    sut.get(NotificationRouter).register('callUpdated', handler);
    const body = established('a7');

    expect((await post(body, await keyServer.sign())).status).toBe(503);
    update.mockRestore();
    expect((await post(body, await keyServer.sign())).status).toBe(202);
    expect((await post(body, await keyServer.sign())).status).toBe(202);

    expect(handler).toHaveBeenCalledTimes(2);
    expect((await store.get('a7'))?.state).toBe('established');
  });
});
