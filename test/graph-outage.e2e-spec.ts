import type { RecordedRequest } from '../emulator';
import { eventually, graphRequests, operatorApi, OPERATOR_KEY } from './support/calls-helpers';
import { newCallId, startStack, type TestStack } from './support';

type CallJson = Record<string, unknown> & { outcome: string; error: unknown };

/**
 * A Graph outage shorter than the call's deadline does not lose the call: the service over real
 * HTTP, the emulator over TLS answering 503 to every answer attempt for a while, then OK.
 */
describe('Graph outage during an answer', () => {
  let stack: TestStack;
  const api = () => operatorApi(stack.baseUrl);

  beforeAll(async () => {
    stack = await startStack({
      env: { OPERATOR_API_KEYS: OPERATOR_KEY },
      waitFor: ['notificationKeys', 'graphToken'],
    });
  });

  afterAll(() => stack?.close());

  /**
   * Graph refuses every answer for this call for `outageMs`: with 503 (no Retry-After), or by
   * dropping the connection (`drop`).
   */
  function outage(
    callId: string,
    outageMs: number,
    kind: 'status503' | 'drop' = 'status503',
  ): { ended: Promise<number>; end(): void } {
    const id = stack.emulator.faults.inject(
      kind === 'drop'
        ? { endpoint: 'answer', callId, drop: true }
        : { endpoint: 'answer', callId, status: 503 },
    );
    let end = (): void => undefined;
    const ended = new Promise<number>((resolve) => {
      const timer = setTimeout(() => end(), outageMs);
      end = () => {
        clearTimeout(timer);
        stack.emulator.faults.remove(id);
        resolve(Date.now());
      };
    });
    return { ended, end };
  }

  function pauses(requests: RecordedRequest[]): number[] {
    const at = requests.map((r) => Date.parse(r.at));
    return at.slice(1).map((t, i) => t - at[i]);
  }

  async function decided(callId: string): Promise<CallJson> {
    return eventually(async () => {
      const response = await api().get<CallJson>(`/${callId}`);
      return response.status === 200 && response.body.outcome !== 'pending' && response.body;
    }, 5000);
  }

  it.each([
    [
      'a regular call (15 s deadline) through a 3 s outage of 503s',
      'p2p-service-hosted',
      3000,
      'status503',
    ],
    [
      'a policy-recording call (5 s deadline) through a 2.5 s outage of 503s',
      'policy-recording',
      2500,
      'status503',
    ],
    ['a regular call through 2 s of dropped connections', 'p2p-service-hosted', 2000, 'drop'],
  ] as const)('answers %s', async (_name, scenario, outageMs, kind) => {
    const callId = newCallId();
    const { ended } = outage(callId, outageMs, kind);

    await stack.emulator.placeCall(scenario, { callId, participants: 1 });
    const action = await stack.emulator.waitForAction(callId, 16_000);
    const outageEndedAt = await ended;

    // The emulator accepts no answer after the call's deadline: accepted means in time.
    expect(action).toMatchObject({ kind: 'answer', accepted: true });
    const attempts = graphRequests(stack.emulator, callId, 'answer');
    const refused = attempts.filter((r) => r.status !== 202);
    expect(attempts.at(-1)!.status).toBe(202);
    expect(Date.parse(attempts.at(-1)!.at)).toBeGreaterThanOrEqual(outageEndedAt - 50);
    // More than the four attempts a fixed count allowed, each with its own client-request-id.
    expect(refused.length).toBeGreaterThan(4);
    expect(new Set(attempts.map((r) => r.clientRequestId)).size).toBe(attempts.length);
    // Paced: never hammering, never more than about a second apart (generous bounds: shared CPUs).
    for (const pause of pauses(attempts)) {
      expect(pause).toBeGreaterThanOrEqual(30);
      expect(pause).toBeLessThan(1800);
    }
    expect(await decided(callId)).toMatchObject({ outcome: 'sent', error: null });
  });

  it('records a missed deadline, with the last Graph error, when the outage outlasts the call', async () => {
    const callId = newCallId();
    const { end } = outage(callId, 60_000);

    await stack.emulator.placeCall('policy-recording', { callId, participants: 1 });
    const action = await stack.emulator.waitForAction(callId, 7000);
    const call = await decided(callId);
    end();

    expect(action.kind).toBe('none');
    expect(call).toMatchObject({
      outcome: 'deadlineMissed',
      error: { status: null, code: 'deadlineExceeded' },
    });
    expect((call.error as { message: string }).message).toMatch(/last error: HTTP 503/);
    expect(call.error).toMatchObject({
      explanation: { summary: expect.stringMatching(/deadline/), source: expect.any(String) },
    });
    const attempts = graphRequests(stack.emulator, callId, 'answer');
    expect(attempts.length).toBeGreaterThan(2);
    expect(attempts.every((r) => r.status === 503)).toBe(true);
  });

  /**
   * The longest outage survived, measured rather than asserted in the normal run (it takes a whole
   * deadline): `GRAPH_OUTAGE_SWEEP=1 npm run test:e2e -- test/graph-outage`. Every outage runs at
   * once, one call each, and the line printed says which calls were answered.
   */
  const sweep = process.env.GRAPH_OUTAGE_SWEEP ? it : it.skip;
  sweep(
    'measures the longest outage a 15 s and a 5 s call survive',
    async () => {
      const plans = [
        ...[13_000, 14_000, 14_500, 14_600, 14_700, 14_800].map(
          (ms) => ['p2p-service-hosted', ms] as const,
        ),
        ...[3_500, 4_000, 4_500, 4_600, 4_700, 4_800].map(
          (ms) => ['policy-recording', ms] as const,
        ),
      ];
      const results = await Promise.all(
        plans.map(async ([scenario, outageMs]) => {
          const callId = newCallId();
          outage(callId, outageMs);
          await stack.emulator.placeCall(scenario, { callId, participants: 1 });
          const action = await stack.emulator.waitForAction(callId, 16_000);
          return { scenario, outageMs, answered: action.kind === 'answer' && action.accepted };
        }),
      );
      process.stdout.write(`graph outage sweep: ${JSON.stringify(results)}\n`);
      // Whatever the sweep finds beyond, an outage ending a second before the deadline is survived.
      const deadlineMs = (scenario: string) => (scenario === 'policy-recording' ? 5000 : 15_000);
      const wellInside = results.filter((r) => r.outageMs <= deadlineMs(r.scenario) - 1000);
      expect(wellInside.every((r) => r.answered)).toBe(true);
    },
    30_000,
  );
});
