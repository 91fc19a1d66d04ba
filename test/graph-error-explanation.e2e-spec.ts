import { eventually, operatorApi, OPERATOR_KEY } from './support/calls-helpers';
import { newCallId, startStack, type TestStack } from './support';

type CallJson = Record<string, unknown> & { outcome: string; error: unknown };

/**
 * A call whose answer Graph refuses carries the explanation of Graph's error in the operator
 * API's call view: the emulator over TLS answers with the codes Graph sends in the field.
 */
describe("Graph's errors explained on the call", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({
      env: { OPERATOR_API_KEYS: OPERATOR_KEY },
      waitFor: ['notificationKeys', 'graphToken'],
    });
  });

  afterAll(() => stack?.close());

  async function failedCall(status: number, code: string): Promise<CallJson> {
    const callId = newCallId();
    stack.emulator.faults.inject({ endpoint: 'answer', callId, status, code, times: 1 });
    await stack.emulator.placeCall('p2p-service-hosted', { callId });
    return eventually(async () => {
      const response = await operatorApi(stack.baseUrl).get<CallJson>(`/${callId}`);
      return response.status === 200 && response.body.outcome !== 'pending' && response.body;
    });
  }

  it.each([
    [403, '7504', /permissions/, /microsoft-graph-comms-samples\/issues\/276/],
    [404, '8522', /Call not found/, /microsoft-graph-comms-samples\/issues\/191/],
    [400, 'BadRequest', /malformed/, /learn\.microsoft\.com\/graph\/errors/],
  ])('a %i with code %s', async (status, code, summary, source) => {
    const call = await failedCall(status, code);

    expect(call).toMatchObject({
      outcome: 'failed',
      error: {
        status,
        code,
        explanation: {
          summary: expect.stringMatching(summary),
          check: expect.any(String),
          source: expect.stringMatching(source),
        },
      },
    });
  });

  it('leaves out the explanation when nothing is known about the error', async () => {
    const call = await failedCall(418, 'Teapot');
    expect(call.outcome).toBe('failed');
    expect(call.error).toEqual({ status: 418, code: 'Teapot', message: expect.any(String) });
  });
});
