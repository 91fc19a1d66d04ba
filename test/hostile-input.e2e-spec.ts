import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, OPERATOR_KEY, operatorApi } from './support/calls-helpers';
import {
  NOTIFICATION_FIXTURE_DIR,
  NotificationRecorder,
  newCallId,
  startStack,
  type JsonObject,
  type TestStack,
} from './support';

/**
 * Odd and heavy bodies over real HTTP, signed by the emulator: Microsoft's published examples as
 * published, Graph's string-coded "terminated", the legacy calling format, and bodies as large as
 * the limits allow while a policy-based recording call must still be answered within its 5 s.
 */

const PUBLISHED_DIR = join(NOTIFICATION_FIXTURE_DIR, 'published');

function publishedText(name: string): string {
  return readFileSync(join(PUBLISHED_DIR, `${name}.json`), 'utf8');
}

/** The published text with its example call id(s) replaced by `callId`, nothing else touched. */
function withCallId(text: string, callId: string): string {
  return text.replace(/\/calls\/[0-9A-Fa-f-]{32,36}/g, `/calls/${callId}`);
}

function roster(callId: string, entries: number): JsonObject {
  return {
    value: [
      {
        changeType: 'updated',
        resourceUrl: `/communications/calls/${callId}/participants`,
        resourceData: Array.from({ length: entries }, () => ({})),
      },
    ],
  };
}

/** Polls `/health/live` until `stop()`, keeping the slowest answer. */
function watchLiveness(baseUrl: string): { stop: () => Promise<number> } {
  let worst = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${baseUrl}/health/live`)).text();
      worst = Math.max(worst, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return worst;
    },
  };
}

describe('hostile and odd bodies', () => {
  let stack: TestStack;
  let recorder: NotificationRecorder;
  let api: ReturnType<typeof operatorApi>;

  beforeAll(async () => {
    stack = await startStack({
      env: { OPERATOR_API_KEYS: OPERATOR_KEY },
      waitFor: ['notificationKeys', 'graphToken'],
      beforeListen: (app) => {
        recorder = NotificationRecorder.attach(app);
      },
    });
    api = operatorApi(stack.baseUrl);
  });

  afterAll(() => stack?.close());

  beforeEach(() => recorder.clear());

  it.each(
    readdirSync(PUBLISHED_DIR)
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.replace(/\.json$/, '')),
  )("accepts Microsoft's published %s byte for byte", async (name) => {
    const result = await stack.emulator.deliver(undefined, {
      rawBody: withCallId(publishedText(name), newCallId()),
    });
    expect([name, result.status]).toEqual([name, name.includes('incoming') ? 202 : 202]);
    expect(recorder.received.map((n) => n.kind)).not.toContain('unhandled');
  });

  it('terminates an established call on the published string-coded "terminated"', async () => {
    const placed = await stack.emulator.placeCall('p2p-service-hosted');
    await stack.emulator.waitForState(placed.callId, 'established', 5000);
    await eventually(async () => (await api.get(`/${placed.callId}`)).body.state === 'established');

    const result = await stack.emulator.deliver(undefined, {
      rawBody: withCallId(publishedText('call-delete-terminated'), placed.callId),
    });

    expect(result.status).toBe(202);
    await eventually(async () => (await api.get(`/${placed.callId}`)).body.state === 'terminated');
  });

  it('answers a legacy-format notification 204 and routes nothing', async () => {
    const legacy = {
      id: '0b022b87-f255-4667-9335-2335f30ee8de',
      participants: [
        { identity: '29:1kMGSkuCPgD7ReaC5V2XN08CMOjOcs9MngtbzvvJ8sNU', originator: true },
        { identity: '28:c89e6f90-2b47-4eee-8e3b-22d0b3a6d495', originator: false },
      ],
      isMultiparty: false,
      presentedModalityTypes: ['audio'],
      callState: 'incoming',
    };
    const result = await stack.emulator.deliver(legacy);
    expect(result.status).toBe(204);
    expect(result.body).toBe('');
    expect(recorder.received).toEqual([]);
    // Unauthenticated, it is still a 401: the token comes first.
    expect((await stack.emulator.deliver(legacy, { token: null })).status).toBe(401);
  });

  it('answers a policy-recording call in time and stays live while huge rosters arrive', async () => {
    const idle = watchLiveness(stack.baseUrl);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleWorstMs = await idle.stop();
    const liveness = watchLiveness(stack.baseUrl);
    const heavy = [
      // The report's bodies: refused by the roster limit before any validation.
      stack.emulator.deliver(roster(newCallId(), 150_000)),
      stack.emulator.deliver(roster(newCallId(), 150_000)),
      // Large rosters within the limits: validated, a slice at a time. (2,000 entries each keeps the
      // test to seconds on a shared machine; the unit spec validates 5,000 real participants.)
      stack.emulator.deliver(roster(newCallId(), 2_000)),
      stack.emulator.deliver(roster(newCallId(), 2_000)),
    ];
    const placed = stack.emulator.placeCall('policy-recording');
    const [results, call] = await Promise.all([Promise.all(heavy), placed]);
    const action = await stack.emulator.waitForAction(call.callId, 6000);
    const worstLiveMs = await liveness.stop();

    expect(results.map((r) => r.status)).toEqual([400, 400, 202, 202]);
    expect(action).toMatchObject({ kind: 'answer', accepted: true, deadlineMissed: false });
    expect(action.latencyMs).toBeLessThan(5000);
    // The aim is under 100 ms on a quiet machine (docs/hostile-input.md); CI machines are shared.
    expect(worstLiveMs).toBeLessThan(1000);
    process.stdout.write(
      `hostile-input: worst /health/live ${worstLiveMs.toFixed(0)} ms under load ` +
        `(${idleWorstMs.toFixed(0)} ms idle), policy-recording answer ${action.latencyMs} ms\n`,
    );
  }, 30_000);
});
