import { randomUUID } from 'node:crypto';
import { graphRequests, OWN_CALLBACK, removeRedisKeys } from './support/calls-helpers';
import {
  ACCEPT,
  answeredPolicyCall,
  callWhen,
  deliverTo,
  inviteNewBot,
  joiningItem,
  leftItem,
  recordingStatusWhen,
  startPolicyRecordingStack,
  startSecondInstance,
  stateItem,
} from './support/policy-recording-helpers';
import type { TestStack } from './support';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two service instances sharing one Redis (docs/guarantees.md), the emulator in front of the first. */
describe('Policy-based recording (Redis store, two instances)', () => {
  const keyPrefix = `switchboard-test:pbr:${randomUUID()}:`;
  let stack: TestStack;
  let second: Awaited<ReturnType<typeof startSecondInstance>>;
  let instances: string[];

  beforeAll(async () => {
    stack = await startPolicyRecordingStack({
      env: { STORE_DRIVER: 'redis', REDIS_URL },
      config: {
        store: { keyPrefix },
        policyRecording: {
          groups: [
            { policyIdentifier: 'Pair', participantCapacity: 2 },
            { policyIdentifier: 'Grouped', participantCapacity: 3 },
          ],
        },
      },
      waitFor: ['notificationKeys', 'graphToken', 'store'],
    });
    second = await startSecondInstance();
    instances = [stack.baseUrl, second.baseUrl];
  });

  afterAll(async () => {
    await second?.close();
    await stack?.close();
    await removeRedisKeys(keyPrefix, REDIS_URL);
  });

  const joinAt = (instance: number, items: Parameters<typeof deliverTo>[1]) =>
    deliverTo(stack.emulator, items, instances[instance]);

  it('gives exactly one of many concurrent joins, spread over both instances, the last seat', async () => {
    const { callId } = await answeredPolicyCall(stack, { policyIdentifier: 'Pair' });

    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        joinAt(i % 2, [joiningItem({ instanceCallId: callId })]),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(200));
    const accepted = responses.filter((r) => JSON.stringify(r.body) === JSON.stringify(ACCEPT));
    expect(accepted).toHaveLength(1);
    for (const r of responses) {
      if (r !== accepted[0]) expect(r.body).toEqual(inviteNewBot(OWN_CALLBACK));
    }
    for (const base of instances) {
      await callWhen(base, callId, (c) => c.participantsHandled === 2);
    }
  });

  it('shares seats, leaves and the group mapping between the instances', async () => {
    const { callId } = await answeredPolicyCall(stack, {
      policyIdentifier: 'Grouped',
      tenantId: stack.emulator.tenantId,
    });
    const a = joiningItem({ instanceCallId: callId });
    const aId = (a.resourceData as { call: { source: { id: string } } }).call.source.id;

    expect((await joinAt(1, [a])).body).toEqual(ACCEPT);
    expect((await joinAt(0, [a])).body).toEqual(ACCEPT);
    // Through the policy group, at the instance that did not answer the call.
    const viaGroup = joiningItem({
      policyIdentifier: 'Grouped',
      tenantId: stack.emulator.tenantId,
    });
    expect((await joinAt(1, [viaGroup])).body).toEqual(ACCEPT);
    expect((await joinAt(0, [joiningItem({ instanceCallId: callId })])).body).toEqual(
      inviteNewBot(OWN_CALLBACK),
    );
    await callWhen(second.baseUrl, callId, (c) => c.participantsHandled === 3);

    expect((await joinAt(1, [leftItem(callId, aId)])).status).toBe(202);
    await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 2);
    expect((await joinAt(0, [joiningItem({ instanceCallId: callId })])).body).toEqual(ACCEPT);

    stack.emulator.hangUp(callId);
    await callWhen(
      second.baseUrl,
      callId,
      (c) => c.state === 'terminated' && c.participantsHandled === 0,
    );
    expect((await joinAt(1, [joiningItem({ instanceCallId: callId })])).body).toEqual(
      inviteNewBot(OWN_CALLBACK),
    );
    expect((await joinAt(1, [viaGroup])).body).toEqual(inviteNewBot(OWN_CALLBACK));
  });

  it('posts updateRecordingStatus once when both instances hear that the call is established', async () => {
    const { callId } = await answeredPolicyCall(stack, { autoEstablish: false });

    await Promise.all([
      joinAt(0, [stateItem(callId, 'established', 20)]),
      joinAt(1, [stateItem(callId, 'established', 21)]),
      joinAt(1, [stateItem(callId, 'established', 22)]),
      joinAt(0, [stateItem(callId, 'establishing', 19)]),
    ]);

    await recordingStatusWhen(second.baseUrl, callId, 'sent');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const requests = graphRequests(stack.emulator, callId, 'updateRecordingStatus');
    expect(requests.map((r) => r.status)).toEqual([200]);
    expect(stack.emulator.getCall(callId)!.recordingStatus).toBe('recording');
  });
});
