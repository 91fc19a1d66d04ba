import type { MediaSessionContext } from '../src/media';
import { ContentSharingEvents, type ContentSharingEventMap } from '../src/media';
import { startStack, type TestStack } from './support';
import {
  hangs,
  mediaSessionProviderModule,
  ScriptedMediaSessionProvider,
} from './support/media-provider';

/**
 * The Media module end to end: the real service and the Graph emulator over TLS with real signed
 * tokens; a user's media session provider plugged in through MEDIA_SESSION_PROVIDER.
 */
const API_KEY = 'media-operator-key';
const DEADLINE_MS = 2000;
const WELCOME = { uri: 'https://media.example.test/welcome.wav', resourceId: 'welcome-v1' };
const HOLD = { uri: 'https://media.example.test/hold.wav', resourceId: 'hold-v3' };

const provider = new ScriptedMediaSessionProvider({
  bot: async ({ call }: MediaSessionContext) => `session-for-${call.id}`,
  flaky: async () => {
    throw new Error('sidecar said 503');
  },
  stuck: hangs,
});

let stack: TestStack;
const sharing: Array<{ event: string; sessionId: string; callId: string }> = [];

beforeAll(async () => {
  stack = await startStack({
    env: { OPERATOR_API_KEYS: API_KEY },
    waitFor: ['notificationKeys', 'graphToken'],
    config: {
      answer: {
        // Short, so that a hanging provider's fallback is seen quickly; the margin is generous
        // because this machine is shared.
        deadlines: { regularMs: DEADLINE_MS, policyRecordingMs: DEADLINE_MS },
        safetyMarginMs: 700,
        rules: [
          {
            name: 'app-hosted',
            match: { callerIds: ['app-caller'] },
            action: { type: 'answer', acceptedModalities: ['audio', 'video'], mediaProfile: 'bot' },
          },
          {
            name: 'provider throws',
            match: { callerIds: ['throw-caller'] },
            action: { type: 'answer', mediaProfile: 'flaky' },
          },
          {
            name: 'provider hangs',
            match: { callerIds: ['hang-caller'] },
            action: { type: 'answer', mediaProfile: 'stuck' },
          },
        ],
      },
      media: {
        defaultProfile: 'ivr',
        profiles: {
          ivr: {
            type: 'serviceHosted',
            preFetchMedia: [WELCOME, HOLD],
            promptOnEstablished: [WELCOME],
            callOptions: { isContentSharingNotificationEnabled: true },
          },
          bot: { type: 'appHosted', modalities: ['audio', 'video'] },
          flaky: { type: 'appHosted', fallback: { type: 'reject', reason: 'busy' } },
          // Distinct from the default profile, which answer.fallback (the budget's fallback) uses.
          lobby: { type: 'serviceHosted', preFetchMedia: [HOLD] },
          stuck: { type: 'appHosted', fallback: { type: 'profile', profile: 'lobby' } },
        },
      },
    },
    imports: [mediaSessionProviderModule(provider)],
    beforeListen: (app) => {
      const events = app.get(ContentSharingEvents);
      const record =
        (event: string) =>
        ({ sessionId, call }: ContentSharingEventMap['started']): void => {
          sharing.push({ event, sessionId, callId: call.id });
        };
      events.on('started', record('started'));
      events.on('ended', record('ended'));
    },
  });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

async function getCall(callId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.baseUrl}/api/calls/${callId}`, {
    headers: { 'x-api-key': API_KEY },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 10_000;
  let value = await probe();
  while (!ok(value) && Date.now() < until) {
    await new Promise((done) => setTimeout(done, 25));
    value = await probe();
  }
  return value;
}

function place(
  callerId?: string,
  scenario: 'p2p-service-hosted' | 'p2p-app-hosted' = 'p2p-service-hosted',
) {
  return stack.emulator.placeCall(scenario, {
    deadlineMs: DEADLINE_MS,
    autoEstablish: false,
    ...(callerId ? { caller: { kind: 'user' as const, id: callerId, displayName: callerId } } : {}),
  });
}

describe('app-hosted media', () => {
  it('answers with the blob the plugged-in provider made for the call', async () => {
    const placed = await place('app-caller', 'p2p-app-hosted');
    const action = await stack.emulator.waitForAction(placed.callId, 10_000);

    expect(action).toMatchObject({ kind: 'answer', accepted: true, deadlineMissed: false });
    expect(action.body).toMatchObject({
      acceptedModalities: ['audio', 'video'],
      mediaConfig: {
        '@odata.type': '#microsoft.graph.appHostedMediaConfig',
        blob: `session-for-${placed.callId}`,
      },
    });
    const asked = provider.requestFor(placed.callId);
    expect(asked?.profile).toMatchObject({
      name: 'bot',
      type: 'appHosted',
      blobSource: 'provider',
    });
    expect(asked?.incoming.facts.requestedModalities).toEqual(['audio', 'video']);
  });

  it('a provider that throws gets the profile fallback (reject busy), within the deadline', async () => {
    const placed = await place('throw-caller');
    const action = await stack.emulator.waitForAction(placed.callId, 10_000);

    expect(action).toMatchObject({ kind: 'reject', accepted: true, deadlineMissed: false });
    expect(action.body).toMatchObject({ reason: 'busy' });
    expect(provider.requestFor(placed.callId)).toBeDefined();
  });

  it('a provider that hangs is cut off and its fallback profile answers within the deadline', async () => {
    const placed = await place('hang-caller');
    const action = await stack.emulator.waitForAction(placed.callId, 10_000);

    expect(action).toMatchObject({ kind: 'answer', accepted: true, deadlineMissed: false });
    expect(action.body).toMatchObject({
      mediaConfig: {
        '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
        preFetchMedia: [HOLD],
      },
    });
    expect(provider.aborted.has(placed.callId.toLowerCase())).toBe(true);
    const call = await eventually(
      () => getCall(placed.callId),
      (c) => c.outcome !== 'pending',
    );
    expect(call).toMatchObject({ decision: 'answer', outcome: 'sent' });
  });
});

describe('service-hosted media', () => {
  it('answers with the profile preFetchMedia and content-sharing notifications on', async () => {
    const placed = await place();
    const action = await stack.emulator.waitForAction(placed.callId, 10_000);

    expect(action).toMatchObject({ kind: 'answer', accepted: true });
    expect(action.body).toEqual(
      expect.objectContaining({
        acceptedModalities: ['audio'],
        mediaConfig: {
          '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
          preFetchMedia: [WELCOME, HOLD],
        },
        callOptions: {
          '@odata.type': '#microsoft.graph.incomingCallOptions',
          isContentSharingNotificationEnabled: true,
        },
      }),
    );
  });

  it('tracks content sharing sessions on the call and publishes them', async () => {
    const placed = await place();
    await stack.emulator.waitForAction(placed.callId, 10_000);
    await stack.emulator.establish(placed.callId);

    const sessionId = await stack.emulator.startContentSharing(placed.callId);
    const sharingCall = await eventually(
      () => getCall(placed.callId),
      (c) => (c.contentSharingSessions as string[]).length > 0,
    );
    expect(sharingCall.contentSharingSessions).toEqual([sessionId]);

    await stack.emulator.stopContentSharing(placed.callId, sessionId);
    const after = await eventually(
      () => getCall(placed.callId),
      (c) => (c.contentSharingSessions as string[]).length === 0,
    );
    expect(after.contentSharingSessions).toEqual([]);
    await eventually(
      async () => sharing.filter((e) => e.callId === placed.callId),
      (events) => events.length >= 2,
    );
    expect(sharing.filter((e) => e.callId === placed.callId)).toEqual([
      { event: 'started', sessionId, callId: placed.callId },
      { event: 'ended', sessionId, callId: placed.callId },
    ]);
  });

  it('plays the configured prompt once per established call, repeated established included', async () => {
    const placed = await place();
    await stack.emulator.waitForAction(placed.callId, 10_000);
    await stack.emulator.establish(placed.callId);
    const callPath = `/communications/calls/${placed.callId}`;
    const established = (etag: number) => ({
      '@odata.type': '#microsoft.graph.commsNotification',
      changeType: 'updated',
      resourceUrl: callPath,
      resourceData: {
        '@odata.type': '#microsoft.graph.call',
        '@odata.id': callPath,
        '@odata.etag': `W/"${etag}"`,
        state: 'Established',
      },
    });
    await stack.emulator.notify(placed.callId, [established(90)]);
    await stack.emulator.notify(placed.callId, [established(91), established(92)]);

    const call = await eventually(
      () => getCall(placed.callId),
      (c) =>
        (c.operations as Array<{ kind: string; status: string }>).some(
          (o) => o.kind === 'playPrompt' && o.status === 'completed',
        ),
    );
    const prompts = stack.emulator
      .getCall(placed.callId)!
      .requests.filter((r) => r.endpoint === 'playPrompt');
    expect(prompts).toHaveLength(1);
    expect(prompts[0].status).toBe(200);
    const body = prompts[0].body as { clientContext: string; prompts: unknown[] };
    expect(body.prompts).toEqual([
      { '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: WELCOME },
    ]);
    expect(call.operations).toEqual([
      expect.objectContaining({
        kind: 'playPrompt',
        status: 'completed',
        clientContext: body.clientContext,
      }),
    ]);
  });
});
