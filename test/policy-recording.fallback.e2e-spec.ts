import {
  decisionHandlerControl,
  TestDecisionHandlerModule,
} from './support/calls-decision-handler';
import {
  ACCEPT,
  callWhen,
  deliverTo,
  inviteNewBot,
  joiningItem,
  PBR_OPERATOR_KEY,
} from './support/policy-recording-helpers';
import { startStack, type TestStack } from './support';
import { DEFAULT_PUBLIC_BASE_URL } from '../emulator';

const DEADLINE_MS = 1500;

/** The fallback answer (the decision ran out of budget) still carries participantCapacity. */
describe('Policy-based recording: the fallback answer', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({
      imports: [TestDecisionHandlerModule],
      env: { OPERATOR_API_KEYS: PBR_OPERATOR_KEY },
      config: {
        answer: {
          deadlines: { regularMs: DEADLINE_MS, policyRecordingMs: DEADLINE_MS },
          safetyMarginMs: 500,
        },
        policyRecording: { groups: [{ policyIdentifier: 'Test Policy', participantCapacity: 2 }] },
      },
      waitFor: ['notificationKeys', 'graphToken'],
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
    expect((await join()).body).toEqual(inviteNewBot(`${DEFAULT_PUBLIC_BASE_URL}/api/calling`));
  });
});
