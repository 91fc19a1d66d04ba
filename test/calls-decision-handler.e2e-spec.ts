import {
  decisionHandlerControl,
  TestDecisionHandlerModule,
} from './support/calls-decision-handler';
import { eventually, OPERATOR_KEY, operatorApi, OWN_CALLBACK } from './support/calls-helpers';
import { newCallId, startStack, type TestStack } from './support';

const DEADLINE_MS = 1500;
const MARGIN_MS = 500;

describe('Calls with a custom decision handler', () => {
  let stack: TestStack;
  const control = decisionHandlerControl;

  beforeAll(async () => {
    stack = await startStack({
      // A user's own module providing CALL_DECISION_HANDLER, added the way a deployment adds it:
      // nothing of ours imports it, the Calls module finds it by its token.
      imports: [TestDecisionHandlerModule],
      env: { OPERATOR_API_KEYS: OPERATOR_KEY },
      config: {
        answer: {
          deadlines: { regularMs: DEADLINE_MS, policyRecordingMs: DEADLINE_MS },
          safetyMarginMs: MARGIN_MS,
          rules: [
            { match: { callerKinds: ['guest'] }, action: { type: 'reject', reason: 'forbidden' } },
          ],
          fallback: { type: 'reject', reason: 'busy' },
        },
      },
      waitFor: ['notificationKeys', 'graphToken'],
    });
  });

  afterAll(() => stack?.close());

  beforeEach(() => {
    control.mode = 'none';
    control.decision = undefined;
  });

  const recordOf = async (id: string): Promise<Record<string, unknown>> =>
    eventually(async () => {
      const { body } = await operatorApi(stack.baseUrl).get<Record<string, unknown>>(`/${id}`);
      return body.outcome !== 'pending' && body;
    });

  it('sends the configured fallback before the deadline when the handler hangs, and aborts it', async () => {
    control.mode = 'hang';

    const placed = await stack.emulator.placeCall('p2p-service-hosted');
    const action = await stack.emulator.waitForAction(placed.callId, DEADLINE_MS + 2000);

    expect(action).toMatchObject({ kind: 'reject', accepted: true, deadlineMissed: false });
    expect(action.body).toEqual({ reason: 'busy', callbackUri: OWN_CALLBACK });
    // Sent once the budget (deadline − safety margin) ran out, and before the deadline.
    expect(action.latencyMs).toBeGreaterThanOrEqual(DEADLINE_MS - MARGIN_MS - 100);
    expect(action.latencyMs).toBeLessThan(DEADLINE_MS);
    expect(control.abortReasons.get(placed.callId)).toBeInstanceOf(Error);
    expect(await recordOf(placed.callId)).toMatchObject({
      decision: 'reject',
      decisionSource: 'fallback',
      outcome: 'sent',
    });
  });

  it.each(['policy-recording'] as const)(
    'keeps the %s deadline with a hanging handler too',
    async (scenario) => {
      control.mode = 'hang';

      const placed = await stack.emulator.placeCall(scenario, { participants: 1 });
      const action = await stack.emulator.waitForAction(placed.callId, DEADLINE_MS + 2000);

      expect(action).toMatchObject({ kind: 'reject', deadlineMissed: false });
      expect(action.latencyMs).toBeLessThan(DEADLINE_MS);
    },
  );

  it('sends the handler’s decision, asked before the rules', async () => {
    control.mode = 'decide';
    control.decision = { type: 'answer', acceptedModalities: ['audio', 'video'] };

    const placed = await stack.emulator.placeCall('p2p-service-hosted', {
      caller: { kind: 'guest' },
      requestedModalities: ['audio', 'video'],
    });
    const action = await stack.emulator.waitForAction(placed.callId, 5000);

    expect(action.body).toMatchObject({ acceptedModalities: ['audio', 'video'] });
    expect(control.callerKinds).toContain('guest');
    expect(await recordOf(placed.callId)).toMatchObject({ decisionSource: 'handler' });
  });

  it('cancels a Graph request still in flight at the deadline and records the miss', async () => {
    const callId = newCallId();
    stack.emulator.faults.inject({ endpoint: 'answer', callId, latencyMs: DEADLINE_MS + 1000 });

    await stack.emulator.placeCall('p2p-service-hosted', { callId });
    const call = await recordOf(callId);

    expect(call).toMatchObject({
      outcome: 'deadlineMissed',
      error: { status: null, code: 'deadlineExceeded' },
    });
    // Recorded at the deadline, not when Graph would have answered.
    expect(Date.parse(call.updatedAt as string)).toBeLessThan(
      Date.parse(call.deadlineAt as string) + 500,
    );
    const text = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    expect(text).toMatch(
      /switchboard_decisions_total\{action="answer",kind="regular",outcome="deadlineMissed"\} [1-9]/,
    );
  });

  it.each(['none', 'throw', 'invalid'] as const)(
    'leaves the decision to the rules when the handler answers %s',
    async (mode) => {
      control.mode = mode;

      const placed = await stack.emulator.placeCall('p2p-service-hosted', {
        caller: { kind: 'guest' },
      });
      const action = await stack.emulator.waitForAction(placed.callId, 5000);

      expect(action).toMatchObject({ kind: 'reject', body: { reason: 'forbidden' } });
      expect(await recordOf(placed.callId)).toMatchObject({ decisionSource: 'rule' });
    },
  );
});
