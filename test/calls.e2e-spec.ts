import { randomUUID } from 'node:crypto';
import {
  eventually,
  fixtureItem,
  graphRequests,
  OPERATOR_KEY,
  operatorApi,
  OWN_CALLBACK,
  placeFixtureCall,
  removeRedisKeys,
} from './support/calls-helpers';
import { newCallId, startStack, type TestStack } from './support';

type CallJson = Record<string, unknown> & { id: string; state: string; outcome: string };

const DEFAULT_ANSWER = {
  callbackUri: OWN_CALLBACK,
  acceptedModalities: ['audio'],
  mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
};

describe('Calls (default configuration)', () => {
  let stack: TestStack;
  let api: ReturnType<typeof operatorApi>;

  beforeAll(async () => {
    stack = await startStack({
      env: { OPERATOR_API_KEYS: `other-key,${OPERATOR_KEY}` },
      config: { answer: { keepAliveIntervalMs: 300 } },
      waitFor: ['notificationKeys', 'graphToken'],
    });
    api = operatorApi(stack.baseUrl);
  });

  afterAll(() => stack?.close());

  const callOf = async (id: string): Promise<CallJson> => {
    const response = await api.get<CallJson>(`/${id}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  describe('incoming calls from the shared fixtures', () => {
    it('answers the peer-to-peer example with exactly the default body, after a fast 202', async () => {
      const placed = await placeFixtureCall(stack.emulator, 'p2p-incoming-service-hosted');

      expect(placed.status).toBe(202);
      const action = await stack.emulator.waitForAction(placed.callId, 5000);
      expect(action).toMatchObject({ kind: 'answer', accepted: true, deadlineMissed: false });
      expect(action.body).toEqual(DEFAULT_ANSWER);
      const call = await eventually(async () => {
        const c = await callOf(placed.callId);
        return c.outcome === 'sent' && c;
      });
      expect(call).toMatchObject({
        id: placed.callId,
        direction: 'incoming',
        isPolicyRecording: false,
        policyIdentifier: null,
        decision: 'answer',
        decisionSource: 'default',
        outcome: 'sent',
        error: null,
        participantCapacity: null,
        participantsHandled: null,
        contentSharingSessions: [],
        caller: { kind: 'user', id: '8A34A46B-3D17-4ADC-8DCE-DC4E7D572698' },
      });
      expect(Date.parse(call.deadlineAt as string) - Date.parse(call.receivedAt as string)).toBe(
        15_000,
      );
      expect(Object.keys(call.timings as object)).toEqual(
        expect.arrayContaining(['authentication', 'decision', 'token', 'graphRequest', 'total']),
      );
    });

    it.each([
      ['PolicyBasedRecording', 'Test Policy'],
      ['ComplianceRecording', 'TeamsComplianceRecordingPolicy=Tenant:contoso'],
    ])(
      'answers the policy-based recording example (%s) within its 5 s deadline',
      async (reason, policy) => {
        const placed = await placeFixtureCall(stack.emulator, 'pbr-incoming', {}, (resource) => {
          const botData = (resource.applicationMetadata as { botData: Record<string, unknown> })
            .botData;
          botData.inviteReasons = [reason];
          botData.policyIdentifier = policy;
        });

        const action = await stack.emulator.waitForAction(placed.callId, 5000);
        expect(action).toMatchObject({ kind: 'answer', accepted: true });
        expect(action.body).toEqual(DEFAULT_ANSWER);
        const call = await eventually(async () => {
          const c = await callOf(placed.callId);
          return c.outcome === 'sent' && c;
        });
        expect(call).toMatchObject({
          isPolicyRecording: true,
          policyIdentifier: policy,
          participantsHandled: expect.any(Number),
        });
        expect(Date.parse(call.deadlineAt as string) - Date.parse(call.receivedAt as string)).toBe(
          5_000,
        );
      },
    );

    it('answers an incoming call whose resourceData has no (or an empty) @odata.type', async () => {
      // Graph's call: answer page prints `"@odata.type": ""`; the resource path says it is a call.
      for (const type of [undefined, '']) {
        const placed = await placeFixtureCall(
          stack.emulator,
          'p2p-incoming-service-hosted',
          {},
          (resource) => {
            if (type === undefined) delete resource['@odata.type'];
            else resource['@odata.type'] = type;
          },
        );

        expect(placed.status).toBe(202);
        const action = await stack.emulator.waitForAction(placed.callId, 5000);
        expect(action).toMatchObject({ kind: 'answer', accepted: true });
        expect(action.body).toEqual(DEFAULT_ANSWER);
      }
    });

    it('keeps the call id as given and finds it case-insensitively', async () => {
      const callId = `Mixed-${newCallId()}`;
      const placed = await placeFixtureCall(stack.emulator, 'p2p-incoming-service-hosted', {
        callId,
      });
      await stack.emulator.waitForAction(placed.callId, 5000);

      expect((await callOf(callId.toLowerCase())).id).toBe(callId);
      expect((await callOf(callId.toUpperCase())).id).toBe(callId);
    });
  });

  describe('correlation', () => {
    it('sends the scenario id (the chain id) as Scenario-Id, with a fresh client-request-id', async () => {
      const placed = await stack.emulator.placeCall('p2p-service-hosted');
      await stack.emulator.waitForAction(placed.callId, 5000);

      const [answer] = graphRequests(stack.emulator, placed.callId, 'answer');
      expect(answer.scenarioId).toBe(placed.chainId);
      expect(answer.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await callOf(placed.callId)).scenarioId).toBe(placed.chainId);
    });
  });

  describe('duplicates and ordering', () => {
    it('answers a call delivered twice exactly once', async () => {
      const placed = await stack.emulator.placeCall('duplicate-delivery');
      await stack.emulator.waitForAction(placed.callId, 5000);

      // A repeat that differs slightly (so no earlier layer can take it for the same delivery).
      const repeat = structuredClone(placed.notification) as {
        value: Array<{ resourceData: Record<string, unknown> }>;
      };
      repeat.value[0].resourceData.subject = 'delivered again';
      expect((await stack.emulator.deliver(repeat)).status).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 200));

      expect(graphRequests(stack.emulator, placed.callId, 'answer')).toHaveLength(1);
      expect(graphRequests(stack.emulator, placed.callId, 'reject')).toHaveLength(0);
    });

    it('stays established when establishing arrives after established', async () => {
      const placed = await stack.emulator.placeCall('p2p-service-hosted', {
        autoEstablish: false,
      });
      await stack.emulator.waitForAction(placed.callId, 5000);
      await eventually(async () => (await callOf(placed.callId)).outcome === 'sent');

      await stack.emulator.notify(placed.callId, [fixtureItem('call-established', placed.callId)]);
      await stack.emulator.notify(placed.callId, [fixtureItem('call-establishing', placed.callId)]);

      expect((await callOf(placed.callId)).state).toBe('established');
    });

    it('follows the emulator through a reversed establishment to the end of the call', async () => {
      const placed = await stack.emulator.placeCall('out-of-order', { autoEstablish: false });
      await stack.emulator.waitForAction(placed.callId, 5000);
      await stack.emulator.establish(placed.callId, 'reversed');
      expect((await callOf(placed.callId)).state).toBe('established');

      await stack.emulator.notify(placed.callId, [fixtureItem('call-terminated', placed.callId)]);

      expect((await callOf(placed.callId)).state).toBe('terminated');
      await stack.emulator.notify(placed.callId, [fixtureItem('call-established', placed.callId)]);
      expect((await callOf(placed.callId)).state).toBe('terminated');
    });

    it('moves forward whatever the etags say (their order is undocumented)', async () => {
      const placed = await placeFixtureCall(
        stack.emulator,
        'p2p-incoming-service-hosted',
        { autoEstablish: false },
        (resource) => {
          resource['@odata.etag'] = 'W/"5445"';
        },
      );
      await stack.emulator.waitForAction(placed.callId, 5000);
      await eventually(async () => (await callOf(placed.callId)).outcome === 'sent');
      const withEtag = (name: string, etag: string): Record<string, unknown> => {
        const item = fixtureItem(name, placed.callId);
        (item.resourceData as Record<string, unknown>)['@odata.etag'] = etag;
        return item;
      };

      await stack.emulator.notify(placed.callId, [withEtag('call-establishing', 'W/"1"')]);
      expect((await callOf(placed.callId)).state).toBe('establishing');
      await stack.emulator.notify(placed.callId, [withEtag('call-established', 'W/"2"')]);

      expect((await callOf(placed.callId)).state).toBe('established');
      await eventually(
        () => graphRequests(stack.emulator, placed.callId, 'keepAlive').length > 0,
        5000,
        'a keepAlive',
      );
    });

    it('reads states case-insensitively', async () => {
      const placed = await stack.emulator.placeCall('p2p-service-hosted', {
        autoEstablish: false,
      });
      await stack.emulator.waitForAction(placed.callId, 5000);
      const item = fixtureItem('call-established', placed.callId);
      (item.resourceData as Record<string, unknown>).state = 'Established';

      await stack.emulator.notify(placed.callId, [item]);

      expect((await callOf(placed.callId)).state).toBe('established');
    });
  });

  describe('retries and failures', () => {
    it.each([
      [503, 'ServiceUnavailable'],
      [429, 'TooManyRequests'],
    ])(
      'retries an answer refused with %i and Retry-After, and answers the call',
      async (status) => {
        const callId = newCallId();
        stack.emulator.faults.inject({
          endpoint: 'answer',
          callId,
          status,
          retryAfterSeconds: 1,
          times: 1,
        });

        await stack.emulator.placeCall('p2p-service-hosted', { callId });
        const action = await stack.emulator.waitForAction(callId, 5000);

        expect(action).toMatchObject({ kind: 'answer', accepted: true });
        const attempts = graphRequests(stack.emulator, callId, 'answer');
        expect(attempts.map((r) => r.status)).toEqual([status, 202]);
        // Retry-After: 1 was honoured.
        expect(Date.parse(attempts[1].at) - Date.parse(attempts[0].at)).toBeGreaterThanOrEqual(900);
        expect(attempts[0].clientRequestId).not.toBe(attempts[1].clientRequestId);
        const call = await eventually(async () => {
          const c = await callOf(callId);
          return c.outcome !== 'pending' && c;
        });
        expect(call).toMatchObject({ outcome: 'sent', error: null });
      },
    );

    it('does not retry a 400 and records the failure with Graph’s error', async () => {
      const callId = newCallId();
      stack.emulator.faults.inject({
        endpoint: 'answer',
        callId,
        status: 400,
        code: 'BadRequest',
        times: 1,
      });

      await stack.emulator.placeCall('p2p-service-hosted', { callId });
      const call = await eventually(async () => {
        const c = await callOf(callId);
        return c.outcome !== 'pending' && c;
      });

      expect(graphRequests(stack.emulator, callId, 'answer')).toHaveLength(1);
      expect(call).toMatchObject({
        decision: 'answer',
        outcome: 'failed',
        error: { status: 400, code: 'BadRequest', message: expect.any(String) },
      });
      expect((call.error as { message: string }).message.length).toBeGreaterThan(0);
    });
  });

  describe('keep-alive', () => {
    it('sends keepAlive for an established call, with its Scenario-Id, until a 404 closes it', async () => {
      const placed = await stack.emulator.placeCall('p2p-service-hosted');
      await stack.emulator.waitForState(placed.callId, 'established', 5000);

      const first = await eventually(
        () => graphRequests(stack.emulator, placed.callId, 'keepAlive')[0],
        5000,
        'a keepAlive',
      );
      expect(first).toMatchObject({ status: 200, scenarioId: placed.chainId });
      await eventually(() => (stack.emulator.getCall(placed.callId)?.keepAlives ?? 0) >= 2);
      expect((await callOf(placed.callId)).lastKeepAliveAt).toEqual(expect.any(String));

      stack.emulator.faults.inject({ endpoint: 'keepAlive', callId: placed.callId, status: 404 });
      await eventually(async () => (await callOf(placed.callId)).state === 'terminated');
      const sent = graphRequests(stack.emulator, placed.callId, 'keepAlive').length;
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(graphRequests(stack.emulator, placed.callId, 'keepAlive')).toHaveLength(sent);
    });

    it('sends no keepAlive for a call that is not established', async () => {
      const placed = await stack.emulator.placeCall('p2p-service-hosted', {
        autoEstablish: false,
      });
      await stack.emulator.waitForAction(placed.callId, 5000);
      await new Promise((resolve) => setTimeout(resolve, 800));

      expect(graphRequests(stack.emulator, placed.callId, 'keepAlive')).toHaveLength(0);
    });
  });

  describe('operator API', () => {
    it('answers 401 without a key, with a wrong key, and to a malformed Authorization', async () => {
      for (const key of [null, 'wrong-key', `${OPERATOR_KEY}x`]) {
        const response = await operatorApi(stack.baseUrl, key).get();
        expect(response).toEqual({
          status: 401,
          body: { statusCode: 401, error: 'Unauthorized', message: expect.any(String) },
        });
      }
      const basic = await fetch(`${stack.baseUrl}/api/calls`, {
        headers: { authorization: `Basic ${OPERATOR_KEY}` },
      });
      expect(basic.status).toBe(401);
    });

    it('accepts the key as a bearer token or as x-api-key', async () => {
      const bearer = await fetch(`${stack.baseUrl}/api/calls`, {
        headers: { authorization: `Bearer ${OPERATOR_KEY}` },
      });
      expect(bearer.status).toBe(200);
      expect((await api.get()).status).toBe(200);
    });

    it('lists calls as {value: [...]}, with the contract fields in lower camel case', async () => {
      const placed = await stack.emulator.placeCall('p2p-service-hosted');
      await stack.emulator.waitForAction(placed.callId, 5000);

      const { status, body } = await api.get<{ value: CallJson[] }>();

      expect(status).toBe(200);
      const call = body.value.find((c) => c.id === placed.callId);
      for (const field of [
        'id',
        'state',
        'direction',
        'isPolicyRecording',
        'policyIdentifier',
        'receivedAt',
        'deadlineAt',
        'decision',
        'outcome',
        'error',
        'participantCapacity',
        'participantsHandled',
        'contentSharingSessions',
      ]) {
        expect(call).toHaveProperty(field);
      }
      expect(call).not.toHaveProperty('incoming');
    });

    it('answers 404 for an unknown call and 400 for an id Graph could not have given', async () => {
      expect((await api.get(`/${newCallId()}`)).status).toBe(404);
      expect((await api.get('/bad.id')).status).toBe(400);
      expect((await api.get('/bad%2Fid')).status).toBe(400);
    });

    it('answers 409 for a decision on a call that was already decided', async () => {
      const placed = await stack.emulator.placeCall('p2p-service-hosted');
      await stack.emulator.waitForAction(placed.callId, 5000);

      const response = await api.post(`/${placed.callId}/reject`, { reason: 'busy' });

      expect(response.status).toBe(409);
      expect(graphRequests(stack.emulator, placed.callId, 'reject')).toHaveLength(0);
    });

    it('is described in the OpenAPI document', async () => {
      const document = (await (await fetch(`${stack.baseUrl}/api/docs-json`)).json()) as {
        paths: Record<string, unknown>;
      };

      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/api/calls',
          '/api/calls/{id}',
          '/api/calls/{id}/answer',
          '/api/calls/{id}/reject',
          '/api/calls/{id}/redirect',
        ]),
      );
    });

    it('answers 404 for a decision on an unknown call', async () => {
      expect((await api.post(`/${newCallId()}/answer`)).status).toBe(404);
    });
  });

  describe('metrics', () => {
    it('exposes decisions, decision latency and answer stages', async () => {
      const placed = await stack.emulator.placeCall('p2p-service-hosted');
      await stack.emulator.waitForAction(placed.callId, 5000);
      await eventually(async () => (await callOf(placed.callId)).outcome === 'sent');

      const text = await (await fetch(`${stack.baseUrl}/metrics`)).text();

      expect(text).toMatch(
        /switchboard_decisions_total\{action="answer",kind="regular",outcome="sent"\} [1-9]/,
      );
      expect(text).toMatch(
        /switchboard_decisions_total\{action="answer",kind="regular",outcome="failed"\} [1-9]/,
      );
      expect(text).toMatch(/switchboard_decision_latency_seconds_count\{kind="regular"\} [1-9]/);
      for (const stage of ['authentication', 'decision', 'token', 'graphRequest']) {
        expect(text).toMatch(
          new RegExp(
            `switchboard_answer_stage_seconds_count\\{stage="${stage}",kind="regular"\\} [1-9]`,
          ),
        );
      }
    });
  });
});

describe('Calls (decision rules)', () => {
  let stack: TestStack;
  let api: ReturnType<typeof operatorApi>;
  const REGULAR_MS = 2500;
  const MARGIN_MS = 700;
  const RETENTION_MS = 1000;

  beforeAll(async () => {
    stack = await startStack({
      env: { OPERATOR_API_KEYS: OPERATOR_KEY },
      config: {
        store: { terminatedRetentionMs: RETENTION_MS },
        answer: {
          deadlines: { regularMs: REGULAR_MS, policyRecordingMs: 5000 },
          safetyMarginMs: MARGIN_MS,
          rules: [
            {
              name: 'no anonymous callers',
              match: { callerKinds: ['anonymous'] },
              action: { type: 'reject', reason: 'forbidden' },
            },
            {
              name: 'Redmond numbers go to the desk',
              match: { pstn: true, phoneNumbers: ['+1425*'] },
              action: {
                type: 'redirect',
                targets: [{ kind: 'phone', id: '+14255550199' }],
                timeout: 30,
              },
            },
            {
              name: 'video callers',
              match: { requestedModalities: ['video'] },
              action: {
                type: 'answer',
                acceptedModalities: ['audio', 'video'],
                callOptions: { isContentSharingNotificationEnabled: true },
              },
            },
            {
              name: 'guests wait for an operator',
              match: { callerKinds: ['guest'] },
              action: { type: 'defer' },
            },
          ],
        },
      },
      waitFor: ['notificationKeys', 'graphToken'],
    });
    api = operatorApi(stack.baseUrl);
  });

  afterAll(() => stack?.close());

  it('rejects with the configured reason', async () => {
    const placed = await stack.emulator.placeCall('p2p-service-hosted', {
      caller: { kind: 'anonymous' },
    });

    const action = await stack.emulator.waitForAction(placed.callId, 5000);

    expect(action).toMatchObject({ kind: 'reject', accepted: true });
    expect(action.body).toEqual({
      reason: 'forbidden',
      callbackUri: OWN_CALLBACK,
    });
  });

  it('redirects with the configured targets and timeout', async () => {
    const placed = await stack.emulator.placeCall('pstn', {
      caller: { kind: 'phone', id: '+14255550100' },
    });

    const action = await stack.emulator.waitForAction(placed.callId, 5000);

    expect(action).toMatchObject({ kind: 'redirect', accepted: true });
    expect(action.body).toMatchObject({
      timeout: 30,
      targets: [
        {
          '@odata.type': '#microsoft.graph.invitationParticipantInfo',
          identity: { phone: { id: '+14255550199' } },
        },
      ],
    });
  });

  it('answers with the rule’s modalities and call options', async () => {
    const placed = await stack.emulator.placeCall('p2p-service-hosted', {
      requestedModalities: ['audio', 'video'],
    });

    const action = await stack.emulator.waitForAction(placed.callId, 5000);

    expect(action.body).toEqual({
      ...DEFAULT_ANSWER,
      acceptedModalities: ['audio', 'video'],
      callOptions: {
        '@odata.type': '#microsoft.graph.incomingCallOptions',
        isContentSharingNotificationEnabled: true,
      },
    });
  });

  it('forgets a rejected call, and an answered call once it ended, after the retention', async () => {
    const rejected = await stack.emulator.placeCall('p2p-service-hosted', {
      caller: { kind: 'anonymous' },
    });
    await stack.emulator.waitForAction(rejected.callId, 5000);
    expect((await api.get(`/${rejected.callId}`)).status).toBe(200);
    const answered = await stack.emulator.placeCall('p2p-service-hosted');
    await stack.emulator.waitForState(answered.callId, 'established', 5000);
    await eventually(
      async () => (await api.get<CallJson>(`/${answered.callId}`)).body?.state === 'established',
    );

    stack.emulator.hangUp(answered.callId);
    await eventually(
      async () => (await api.get<CallJson>(`/${answered.callId}`)).body?.state === 'terminated',
    );
    // Within the retention and a margin: polled rather than slept, as the call may go sooner.
    await eventually(
      async () => (await api.get(`/${answered.callId}`)).status === 404,
      RETENTION_MS + 300,
      'the ended call forgotten',
    );

    expect((await api.get(`/${rejected.callId}`)).status).toBe(404);
    expect((await api.get(`/${answered.callId}`)).status).toBe(404);
  });

  it('falls through to the default answer when no rule matches', async () => {
    const placed = await stack.emulator.placeCall('p2p-service-hosted');

    expect((await stack.emulator.waitForAction(placed.callId, 5000)).body).toEqual(DEFAULT_ANSWER);
  });

  describe('deferred to the operator API', () => {
    const placeGuestCall = () =>
      stack.emulator.placeCall('p2p-service-hosted', {
        caller: { kind: 'guest', id: randomUUID() },
      });

    it('waits, then sends the operator’s answer', async () => {
      const placed = await placeGuestCall();
      const waiting = await eventually(async () => {
        const { body } = await api.get<CallJson>(`/${placed.callId}`);
        return body?.decision === 'defer' && body;
      });
      expect(waiting).toMatchObject({ outcome: 'pending', decidedAt: null });
      expect(graphRequests(stack.emulator, placed.callId)).toHaveLength(0);

      const response = await api.post<CallJson>(`/${placed.callId.toLowerCase()}/answer`, {
        acceptedModalities: ['audio'],
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        decision: 'answer',
        decisionSource: 'operator',
        outcome: 'sent',
      });
      const action = await stack.emulator.waitForAction(placed.callId, 5000);
      expect(action).toMatchObject({ kind: 'answer', accepted: true });
      expect(action.body).toEqual(DEFAULT_ANSWER);
      expect(action.scenarioId).toBe(placed.chainId);

      const again = await api.post(`/${placed.callId}/reject`, {});
      expect(again.status).toBe(409);
      expect(graphRequests(stack.emulator, placed.callId, 'reject')).toHaveLength(0);
    });

    it('sends the operator’s redirect', async () => {
      const placed = await placeGuestCall();
      await eventually(
        async () => (await api.get<CallJson>(`/${placed.callId}`)).body?.decision === 'defer',
      );

      const response = await api.post(`/${placed.callId}/redirect`, {
        targets: [
          { kind: 'user', id: 'd5f2a6c0-0000-4000-8000-000000000001', displayName: 'Desk' },
        ],
        timeout: 20,
      });

      expect(response.status).toBe(200);
      const action = await stack.emulator.waitForAction(placed.callId, 5000);
      expect(action).toMatchObject({ kind: 'redirect', body: { timeout: 20 } });
    });

    it('refuses an invalid decision body with 400 naming the field, and sends nothing', async () => {
      const placed = await placeGuestCall();
      await eventually(
        async () => (await api.get<CallJson>(`/${placed.callId}`)).body?.decision === 'defer',
      );

      const badReason = await api.post<{ message: string }>(`/${placed.callId}/reject`, {
        reason: 'maybe',
      });
      const unknownKey = await api.post<{ message: string }>(`/${placed.callId}/answer`, {
        modalities: ['audio'],
      });
      const noTargets = await api.post<{ message: string }>(`/${placed.callId}/redirect`, {
        targets: [],
      });
      const unknownProfile = await api.post<{ message: string }>(`/${placed.callId}/answer`, {
        mediaProfile: 'no-such-profile',
      });

      expect(badReason.status).toBe(400);
      expect(badReason.body.message).toMatch(/reason/);
      expect(unknownKey.status).toBe(400);
      expect(unknownKey.body.message).toMatch(/modalities/);
      expect(noTargets.status).toBe(400);
      expect(noTargets.body.message).toMatch(/targets/);
      expect(unknownProfile.status).toBe(400);
      expect(unknownProfile.body.message).toMatch(/mediaProfile/);
      expect(graphRequests(stack.emulator, placed.callId)).toHaveLength(0);
    });

    it('sends the fallback when no operator decides in time, and answers 410 after the deadline', async () => {
      const placed = await placeGuestCall();

      const action = await stack.emulator.waitForAction(placed.callId, REGULAR_MS + 2000);
      expect(action).toMatchObject({ kind: 'answer', accepted: true, deadlineMissed: false });
      expect(action.latencyMs).toBeLessThan(REGULAR_MS);
      const call = await eventually(async () => {
        const { body } = await api.get<CallJson>(`/${placed.callId}`);
        return body.outcome === 'sent' && body;
      });
      expect(call).toMatchObject({ decision: 'answer', decisionSource: 'fallback' });

      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, Date.parse(call.deadlineAt as string) - Date.now() + 50)),
      );
      const late = await api.post(`/${placed.callId}/answer`, {});
      expect(late.status).toBe(410);
      expect(graphRequests(stack.emulator, placed.callId, 'answer')).toHaveLength(1);
    });
  });
});

describe('Calls (Redis store)', () => {
  let stack: TestStack;
  const keyPrefix = `switchboard-e2e:${randomUUID()}:`;

  beforeAll(async () => {
    stack = await startStack({
      env: { OPERATOR_API_KEYS: OPERATOR_KEY, STORE_DRIVER: 'redis' },
      config: { store: { keyPrefix } },
      waitFor: ['notificationKeys', 'graphToken', 'store'],
    });
  });

  afterAll(async () => {
    await stack?.close();
    await removeRedisKeys(keyPrefix);
  });

  it('answers once and follows the call through the shared store', async () => {
    const placed = await stack.emulator.placeCall('duplicate-delivery');
    await stack.emulator.waitForState(placed.callId, 'established', 5000);

    const body = await eventually(async () => {
      const response = await operatorApi(stack.baseUrl).get<CallJson>(`/${placed.callId}`);
      return response.body?.state === 'established' && response.body;
    });

    expect(body).toMatchObject({ state: 'established', outcome: 'sent', decision: 'answer' });
    expect(graphRequests(stack.emulator, placed.callId, 'answer')).toHaveLength(1);
  });
});
