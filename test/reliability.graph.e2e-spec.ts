import { operatorApi, OPERATOR_KEY } from './support/calls-helpers';
import { decisionsOf, placeAndRedeliver, settled } from './support/reliability';
import { startStack, type TestStack } from './support/stack';

/**
 * Accepted means answered with Graph failing (docs/reliability.md): an outage shorter than the
 * decision budget does not lose the call, and a call whose later notifications are lost does not
 * stay forever.
 */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Accepted means answered: Graph failing', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({
      env: { OPERATOR_API_KEYS: OPERATOR_KEY },
      config: {
        // Enough attempts to span the outage under today's policy; the deadline bounds them too.
        graph: { retry: { maxAttempts: 10, baseDelayMs: 200 } },
        store: { inactiveCallMs: 1500 },
      },
      waitFor: ['notificationKeys', 'graphToken'],
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  afterEach(() => stack.emulator.faults.clear());

  it('answers calls acknowledged during a 3 s Graph outage (503 on every attempt) once Graph is back', async () => {
    const fault = stack.emulator.faults.inject({ endpoint: 'answer', status: 503 });
    const calls = await Promise.all(
      Array.from({ length: 4 }, () => placeAndRedeliver(stack.emulator, 'p2p-service-hosted')),
    );
    await sleep(3000);
    stack.emulator.faults.remove(fault);
    await Promise.all(calls.map((c) => settled(stack.emulator, c.placed.callId)));

    for (const call of calls) {
      expect(call.statuses).toEqual([202]);
      const { requests, accepted, acceptedInTime } = decisionsOf(
        stack.emulator,
        call.placed.callId,
      );
      expect(accepted).toHaveLength(1);
      expect(acceptedInTime).toHaveLength(1);
      expect(requests.length).toBeGreaterThan(2);
      expect(accepted[0].sinceNotificationMs).toBeGreaterThan(2500);
    }
  }, 30_000);

  it('closes an answered call whose later notifications were lost once Graph says it is gone (404)', async () => {
    const call = await stack.emulator.placeCall('p2p-service-hosted', { autoEstablish: false });
    expect((await stack.emulator.waitForAction(call.callId)).accepted).toBe(true);
    const api = operatorApi(stack.baseUrl);
    expect((await api.get(`/${call.callId}`)).body).toMatchObject({
      state: 'incoming',
      outcome: 'sent',
    });
    stack.emulator.faults.inject({ endpoint: 'getCall', status: 404, callId: call.callId });

    const until = Date.now() + 10_000;
    let state: unknown;
    while (state !== 'terminated' && Date.now() < until) {
      await sleep(100);
      state = (await api.get<{ state: string }>(`/${call.callId}`)).body.state;
    }
    expect(state).toBe('terminated');
    expect(stack.emulator.requests({ endpoint: 'getCall' }).length).toBeGreaterThan(0);
  }, 30_000);
});
