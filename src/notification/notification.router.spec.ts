import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CommsNotificationDto } from './dto/comms-notification.dto';
import { NotificationRouter } from './notification.router';
import type { NotificationKind, RoutedNotification } from './routed-notification';

function routed(kind: NotificationKind): RoutedNotification {
  return {
    kind,
    callId: 'call-1',
    subResourceId: undefined,
    changeType: 'created',
    scenarioId: undefined,
    index: 0,
    notification: new CommsNotificationDto(),
    context: {
      receivedAtMono: 0,
      receivedAt: new Date(0),
      tenantId: 'tenant',
      chainId: undefined,
      requestId: 'req-1',
      authenticationMs: 0,
    },
  };
}

const ACCEPT = { '@odata.type': '#microsoft.graph.acceptJoinResponse' } as const;
const REJECT = { '@odata.type': '#microsoft.graph.rejectJoinResponse', reason: 'busy' } as const;

describe('NotificationRouter', () => {
  let sut: NotificationRouter;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({ providers: [NotificationRouter] }).compile();
    sut = moduleRef.get(NotificationRouter);
  });

  // Failures are logged on purpose; the specs assert on behaviour, so keep the output clean.
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('answers unhandled when nothing is registered for the kind', async () => {
    sut.register('callUpdated', jest.fn());
    await expect(sut.dispatch(routed('incomingCall'))).resolves.toEqual({ result: 'unhandled' });
    expect(sut.hasHandlers('incomingCall')).toBe(false);
    expect(sut.hasHandlers('callUpdated')).toBe(true);
  });

  it('runs every handler of the kind in registration order, awaiting each', async () => {
    const order: string[] = [];
    sut.register('incomingCall', async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push('first');
    });
    sut.register('incomingCall', () => {
      order.push('second');
    });
    const notification = routed('incomingCall');
    await expect(sut.dispatch(notification)).resolves.toEqual({ result: 'handled' });
    expect(order).toEqual(['first', 'second']);
  });

  it('keeps going after a handler throws, and reports the delivery as failed', async () => {
    const after = jest.fn();
    sut.register('callTerminated', () => {
      throw new Error('consumer bug');
    });
    sut.register('callTerminated', after);
    await expect(sut.dispatch(routed('callTerminated'))).resolves.toEqual({ result: 'failed' });
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('takes the first participantJoining response and runs no handler after it', async () => {
    const observer = jest.fn().mockReturnValue(undefined);
    const later = jest.fn().mockReturnValue(REJECT);
    sut.register('participantJoining', observer);
    sut.register('participantJoining', async () => ACCEPT);
    sut.register('participantJoining', later);
    await expect(sut.dispatch(routed('participantJoining'))).resolves.toEqual({
      result: 'handled',
      response: ACCEPT,
    });
    expect(observer).toHaveBeenCalledTimes(1);
    expect(later).not.toHaveBeenCalled();
  });

  it('ignores a joining response that is not one, and asks the next handler', async () => {
    sut.register('participantJoining', () => ({ '@odata.type': '#microsoft.graph.call' }) as never);
    sut.register('participantJoining', () => REJECT);
    await expect(sut.dispatch(routed('participantJoining'))).resolves.toEqual({
      result: 'failed',
      response: REJECT,
    });
  });

  it('ignores return values of other kinds', async () => {
    sut.register('incomingCall', () => ACCEPT);
    await expect(sut.dispatch(routed('incomingCall'))).resolves.toEqual({ result: 'handled' });
  });
});
