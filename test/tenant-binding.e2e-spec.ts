import { randomUUID } from 'node:crypto';
import { eventually, OPERATOR_KEY, operatorApi } from './support/calls-helpers';
import { startStack, type JsonObject, type TestStack } from './support';

/**
 * Tenant binding over real HTTP: two tenants are allowed, each signs validly, and neither may
 * touch the other's calls. The rules see the token's tenant, never a body that claims another.
 */

const TENANT_A = randomUUID();
const TENANT_B = randomUUID();

function terminated(callId: string, tenantId?: string): JsonObject {
  const resourceData: JsonObject = { '@odata.type': '#microsoft.graph.call', state: 'terminated' };
  if (tenantId) resourceData.tenantId = tenantId;
  return {
    value: [
      { changeType: 'deleted', resourceUrl: `/communications/calls/${callId}`, resourceData },
    ],
  };
}

async function metric(stack: TestStack, line: RegExp): Promise<number> {
  const text = await (await fetch(`${stack.baseUrl}/metrics`)).text();
  const match = text.split('\n').find((l) => line.test(l));
  return match ? Number(match.split(' ').pop()) : 0;
}

describe('tenant binding', () => {
  let stack: TestStack;
  let api: ReturnType<typeof operatorApi>;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        OPERATOR_API_KEYS: OPERATOR_KEY,
        NOTIFICATION_ALLOWED_TENANTS: `${TENANT_A},${TENANT_B}`,
      },
      config: {
        answer: {
          rules: [
            { name: 'tenant-b', match: { tenantIds: [TENANT_B] }, action: { type: 'reject' } },
          ],
        },
      },
      waitFor: ['notificationKeys', 'graphToken'],
    });
    api = operatorApi(stack.baseUrl);
  });

  afterAll(() => stack?.close());

  const tokenOf = (tid: string): Promise<string> => stack.emulator.signNotificationToken({ tid });

  async function establishedCallOfA(): Promise<string> {
    const placed = await stack.emulator.placeCall('p2p-service-hosted', { tenantId: TENANT_A });
    expect(placed.status).toBe(202);
    await stack.emulator.waitForState(placed.callId, 'established', 5000);
    await eventually(async () => (await api.get(`/${placed.callId}`)).body.state === 'established');
    return placed.callId;
  }

  it("refuses tenant B's notification about tenant A's call with 403 and changes nothing", async () => {
    const callId = await establishedCallOfA();
    const before = await metric(
      stack,
      /^switchboard_notification_tenant_mismatches_total\{where="token"\}/,
    );

    const result = await stack.emulator.deliver(terminated(callId, TENANT_A), {
      token: await tokenOf(TENANT_B),
    });

    expect(result.status).toBe(403);
    expect(result.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    const call = await api.get(`/${callId}`);
    expect(call.body.state).toBe('established');
    expect(
      await metric(stack, /^switchboard_notification_tenant_mismatches_total\{where="token"\}/),
    ).toBe(before + 1);

    // The same notification from the call's own tenant still applies: the refusal left no marker.
    const own = await stack.emulator.deliver(terminated(callId, TENANT_A), {
      token: await tokenOf(TENANT_A),
    });
    expect(own.status).toBe(202);
    await eventually(async () => (await api.get(`/${callId}`)).body.state === 'terminated');
  });

  it('matches ids case-insensitively when binding', async () => {
    const callId = await establishedCallOfA();
    const result = await stack.emulator.deliver(terminated(callId.toUpperCase()), {
      token: await tokenOf(TENANT_B),
    });
    expect(result.status).toBe(403);
    expect((await api.get(`/${callId}`)).body.state).toBe('established');
  });

  it("decides on the token's tenant: a body claiming tenant A does not steer B's rules", async () => {
    const before = await metric(
      stack,
      /^switchboard_notification_tenant_mismatches_total\{where="body"\}/,
    );
    const placed = await stack.emulator.placeCall('p2p-service-hosted', {
      tenantId: TENANT_B,
      mutate: (resource) => {
        resource.tenantId = TENANT_A;
      },
    });
    const action = await stack.emulator.waitForAction(placed.callId, 5000);
    expect(action.kind).toBe('reject');
    const call = await api.get(`/${placed.callId}`);
    expect(call.body).toMatchObject({ decision: 'reject', decisionSource: 'rule' });
    expect(
      await metric(stack, /^switchboard_notification_tenant_mismatches_total\{where="body"\}/),
    ).toBe(before + 1);
  });
});
