import { ReadinessService } from '../src/health';
import { OWN_CALLBACK } from './support/calls-helpers';
import {
  ACCEPT,
  answeredPolicyCall,
  deliverTo,
  inviteNewBot,
  joiningItem,
  startPolicyRecordingStack,
} from './support/policy-recording-helpers';
import { newCallId, type TestStack } from './support';

describe('Policy-based recording: policyRecording.whenFull', () => {
  let stack: TestStack;
  const join = (items: Parameters<typeof deliverTo>[1]) => deliverTo(stack.emulator, items);

  afterEach(() => stack?.close());

  it('answers rejectJoinResponse with the configured reason when full or draining', async () => {
    stack = await startPolicyRecordingStack({
      config: {
        policyRecording: { participantCapacity: 2, whenFull: 'reject', rejectReason: 'forbidden' },
      },
    });
    const reject = { '@odata.type': '#microsoft.graph.rejectJoinResponse', reason: 'forbidden' };
    const { callId } = await answeredPolicyCall(stack);
    const first = joiningItem({ instanceCallId: callId });

    expect((await join([first])).body).toEqual(ACCEPT);
    expect((await join([joiningItem({ instanceCallId: callId })])).body).toEqual(reject);
    // An unknown call is never rejected: it comes back to us as a call of its own.
    expect((await join([joiningItem({ instanceCallId: newCallId() })])).body).toEqual(
      inviteNewBot(OWN_CALLBACK),
    );

    const other = await answeredPolicyCall(stack);
    stack.app.get(ReadinessService).startDraining();
    expect((await join([joiningItem({ instanceCallId: other.callId })])).body).toEqual(reject);
  });

  it('invites a new bot at the configured inviteUri when full, and the emulator delivers it there', async () => {
    const inviteUri = `${OWN_CALLBACK}?pool=overflow`;
    stack = await startPolicyRecordingStack({
      emulator: { joinIntervalMs: 5 },
      config: { policyRecording: { participantCapacity: 2, inviteUri } },
    });

    const placed = await stack.emulator.placeCall('policy-recording', {
      participants: 3,
      joinRouting: 'always-join',
    });
    const group = await stack.emulator.waitForGroup(placed.groupId!, 15_000);

    expect(group.participants.map((p) => p.result)).toEqual(['answered', 'accepted', 'answered']);
    expect(group.participants[2]).toMatchObject({
      route: 'invited',
      joinResponse: inviteNewBot(inviteUri),
    });
    const invited = stack.emulator.getCall(group.participants[2].callId!)!;
    expect(invited.deliveries[0].url).toContain('/api/calling?pool=overflow');
    expect(invited.action).toMatchObject({ kind: 'answer', accepted: true, deadlineMissed: false });
  });
});
