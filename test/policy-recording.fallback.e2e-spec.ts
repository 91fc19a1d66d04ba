import {
  decisionHandlerControl,
  TestDecisionHandlerModule,
} from './support/calls-decision-handler';
import { OWN_CALLBACK } from './support/calls-helpers';
import {
  ACCEPT,
  callWhen,
  deliverTo,
  inviteNewBot,
  joiningItem,
  startPolicyRecordingStack,
} from './support/policy-recording-helpers';
import type { TestStack } from './support';

const DEADLINE_MS = 1500;

/** The fallback answer (the decision ran out of budget) still carries participantCapacity. */
describe('Policy-based recording: the fallback answer', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startPolicyRecordingStack({
      imports: [TestDecisionHandlerModule],
      config: {
        answer: {
          deadlines: { regularMs: DEADLINE_MS, policyRecordingMs: DEADLINE_MS },
          safetyMarginMs: 500,
        },
        policyRecording: { groups: [{ policyIdentifier: 'Test Policy', participantCapacity: 2 }] },
      },
    });
  });

  afterAll(async () => {
    decisionHandlerControl.mode = 'none';
    await stack?.close();
  });

  it('sends the group capacity in the fallback answer, and the call then takes joins', async () => {
    decisionHandlerControl.mode = 'hang';

    const placed = await stack.emulator.placeCall('policy-recording', { participants: 1 });
    const action = await stack.emulator.waitForAction(placed.callId, DEADLINE_MS + 2000);

    expect(action).toMatchObject({ kind: 'answer', accepted: true, deadlineMissed: false });
    expect(action.body).toMatchObject({ participantCapacity: 2 });
    await callWhen(
      stack.baseUrl,
      placed.callId,
      (c) => c.decisionSource === 'fallback' && c.participantsHandled === 1,
    );
    const join = () => deliverTo(stack.emulator, [joiningItem({ instanceCallId: placed.callId })]);
    expect((await join()).body).toEqual(ACCEPT);
    expect((await join()).body).toEqual(inviteNewBot(OWN_CALLBACK));
  });
});
