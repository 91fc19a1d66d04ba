import { Logger } from '@nestjs/common';
import {
  decisionHandlerControl,
  FaultyListenersModule,
  TestDecisionHandlerModule,
} from './support/calls-decision-handler';
import { eventually, OPERATOR_KEY, operatorApi, OWN_CALLBACK } from './support/calls-helpers';
import { newCallId, startStack, type TestStack } from './support';

const DEADLINE_MS = 1500;
const MARGIN_MS = 500;
const LISTENER_LIMIT_MS = 300;

describe('Calls with a custom decision handler', () => {
  let stack: TestStack;
  const control = decisionHandlerControl;

  beforeAll(async () => {
    stack = await startStack({
      // A user's own module providing CALL_DECISION_HANDLER, added the way a deployment adds it:
      // nothing of ours imports it, the Calls module finds it by its token.
      imports: [TestDecisionHandlerModule, FaultyListenersModule],
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
        extensions: { listenerLimitMs: LISTENER_LIMIT_MS },
      },
      waitFor: ['notificationKeys', 'graphToken'],
    });
  });

  afterAll(() => stack?.close());

  beforeEach(() => {
    control.mode = 'none';
    control.decision = undefined;
    control.faultyListeners = false;
  });

  afterEach(() => jest.restoreAllMocks());

  const metrics = async (): Promise<string> => (await fetch(`${stack.baseUrl}/metrics`)).text();

  /** The fields of every log line at `level` with `message`, as our loggers hand them to Nest's. */
  const logged = (level: 'error' | 'warn') => {
    const lines: Array<{ fields: Record<string, unknown>; message: unknown }> = [];
    jest
      .spyOn(Logger.prototype, level)
      .mockImplementation((fields: unknown, message?: unknown, ..._rest: unknown[]) => {
        lines.push({ fields: fields as Record<string, unknown>, message });
      });
    return lines;
  };

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

  it.each(['none', 'throw', 'invalid', 'unknownProfile'] as const)(
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

  it('names the module of a throwing or hanging handler in its log line, and counts it', async () => {
    const errors = logged('error');
    const warnings = logged('warn');

    control.mode = 'throw';
    const thrown = await stack.emulator.placeCall('p2p-service-hosted');
    await stack.emulator.waitForAction(thrown.callId, 5000);
    control.mode = 'hang';
    const hung = await stack.emulator.placeCall('p2p-service-hosted');
    const action = await stack.emulator.waitForAction(hung.callId, DEADLINE_MS + 2000);

    expect(action).toMatchObject({ accepted: true, deadlineMissed: false });
    expect(errors).toContainEqual({
      fields: expect.objectContaining({
        extension: 'TestDecisionHandlerModule',
        callId: thrown.callId,
      }),
      message: 'decision handler failed; rules decide',
    });
    expect(warnings).toContainEqual({
      fields: expect.objectContaining({
        extension: 'TestDecisionHandlerModule',
        callId: hung.callId,
      }),
      message: 'decision handler still deciding when the budget ran out; the fallback goes out',
    });
    const text = await metrics();
    for (const fault of ['failed', 'slow']) {
      expect(text).toMatch(
        new RegExp(
          `switchboard_extension_faults_total\\{extension="TestDecisionHandlerModule",point="decisionHandler",fault="${fault}"\\} [1-9]`,
        ),
      );
    }
  });

  it('answers in time whatever the lifecycle listeners do, and names their module', async () => {
    control.faultyListeners = true;
    const errors = logged('error');
    const warnings = logged('warn');

    const placed = await stack.emulator.placeCall('p2p-service-hosted', {
      caller: { kind: 'guest' },
    });
    const action = await stack.emulator.waitForAction(placed.callId, 5000);

    expect(action).toMatchObject({ kind: 'reject', accepted: true, deadlineMissed: false });
    // Well inside the budget: the listeners ran after the decision, never in its way.
    expect(action.latencyMs).toBeLessThan(DEADLINE_MS - MARGIN_MS);
    await eventually(async () => {
      const text = await metrics();
      return (
        /switchboard_extension_faults_total\{extension="FaultyListenersModule",point="listener:received",fault="failed"\} [1-9]/.test(
          text,
        ) &&
        /switchboard_extension_faults_total\{extension="FaultyListenersModule",point="listener:decided",fault="slow"\} [1-9]/.test(
          text,
        )
      );
    });
    expect(errors).toContainEqual({
      fields: expect.objectContaining({
        extension: 'FaultyListenersModule',
        event: 'received',
        callId: placed.callId,
      }),
      message: 'event listener failed',
    });
    expect(warnings).toContainEqual({
      fields: expect.objectContaining({ extension: 'FaultyListenersModule', event: 'decided' }),
      message: 'event listener still running at its limit; no longer waited for',
    });
  });
});
