import { ConfidentialClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { type Emulator, startEmulator } from '../emulator';
import { formatResult, runSimulation } from '../emulator/simulate';
import { FakeBot, stateOf } from '../emulator/testing/fake-bot';

const GRAPH_SCOPE = ['https://graph.microsoft.com/.default'];

function msalFor(
  emulator: Emulator,
  secret = emulator.clientSecret,
): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: emulator.clientId,
      clientSecret: secret,
      authority: emulator.authority,
      knownAuthorities: [emulator.knownAuthority],
    },
  });
}

/** Reads a dotted path out of a parsed JSON value (array indexes included). */
function at(value: unknown, path: string | string[]): unknown {
  return (Array.isArray(path) ? path : path.split('.')).reduce<unknown>(
    (current, key) =>
      typeof current === 'object' && current !== null
        ? (current as Record<string, unknown>)[key]
        : undefined,
    value,
  );
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  return (await response.json()) as Record<string, unknown>;
}

describe('Graph emulator (e2e)', () => {
  let emulator: Emulator;
  let bot: FakeBot;

  beforeAll(async () => {
    emulator = await startEmulator({
      deadlines: { regularMs: 15_000, policyRecordingMs: 300 },
      joinIntervalMs: 5,
    });
  });

  afterAll(async () => {
    await emulator.close();
  });

  beforeEach(async () => {
    emulator.reset();
    bot = await FakeBot.start(emulator);
  });

  afterEach(async () => {
    await bot.close();
  });

  describe('Azure AD', () => {
    it('gives msal-node a token through the same path as real Azure AD', async () => {
      const result = await msalFor(emulator).acquireTokenByClientCredential({
        scopes: GRAPH_SCOPE,
      });
      expect(result?.accessToken).toBeTruthy();
      const claims = decodeJwt(result!.accessToken);
      expect(claims).toMatchObject({
        aud: 'https://graph.microsoft.com',
        appid: emulator.clientId,
        tid: emulator.tenantId,
      });
      expect(claims.roles).toEqual(expect.arrayContaining(['Calls.JoinGroupCall.All']));
      expect(decodeProtectedHeader(result!.accessToken).alg).toBe('RS256');
      const endpoints = emulator.requests().map((r) => `${r.endpoint} ${r.path.split('?')[0]}`);
      expect(endpoints).toContain(
        `aadMetadata /${emulator.tenantId}/v2.0/.well-known/openid-configuration`,
      );
      expect(endpoints).toContain(`token /${emulator.tenantId}/oauth2/v2.0/token`);
      const token = emulator.requests({ endpoint: 'token' })[0];
      expect(token.body).toMatchObject({ client_secret: '***', grant_type: 'client_credentials' });
    });

    it('refuses a wrong client secret', async () => {
      await expect(
        msalFor(emulator, 'wrong-secret').acquireTokenByClientCredential({ scopes: GRAPH_SCOPE }),
      ).rejects.toMatchObject({ errorCode: 'invalid_client' });
    });

    it('refuses a scope that is not a Graph resource', async () => {
      await expect(
        msalFor(emulator).acquireTokenByClientCredential({
          scopes: ['https://example.org/.default'],
        }),
      ).rejects.toMatchObject({ errorCode: 'invalid_resource' });
    });

    it('issues tokens with the configured lifetime, and Graph refuses them once expired', async () => {
      // Long enough to be used once on a loaded machine before it expires, short enough to wait out.
      const lifetimeSeconds = 4;
      emulator.configure({ tokenLifetimeSeconds: lifetimeSeconds });
      try {
        const issuedBefore = Date.now();
        const response = await fetch(`${emulator.authority}/oauth2/v2.0/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: emulator.clientId,
            client_secret: emulator.clientSecret,
            scope: GRAPH_SCOPE[0],
          }),
        });
        const body = (await response.json()) as { access_token: string; expires_in: number };
        expect(body.expires_in).toBe(lifetimeSeconds);
        const keepAlive = (): Promise<Response> =>
          fetch(`${emulator.graphBaseUrl}/communications/calls/unknown-call/keepAlive`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${body.access_token}` },
          });
        expect((await keepAlive()).status).toBe(404);
        const untilExpired = issuedBefore + lifetimeSeconds * 1000 + 100 - Date.now();
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, untilExpired)));
        const expired = await keepAlive();
        expect(expired.status).toBe(401);
        expect(await expired.json()).toMatchObject({
          error: { code: 'InvalidAuthenticationToken' },
        });
      } finally {
        emulator.configure({ tokenLifetimeSeconds: 3600 });
      }
    });

    it('makes the token endpoint fail on demand', async () => {
      emulator.faults.inject({ endpoint: 'token', status: 503, retryAfterSeconds: 2, times: 1 });
      const response = await fetch(`${emulator.authority}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(await response.json()).toMatchObject({ error: 'temporarily_unavailable' });
      expect(emulator.faults.list()).toHaveLength(0);
    });
  });

  describe('notification signing', () => {
    it('signs tokens that verify with jose against the published JWKS, until the key is dropped', async () => {
      const config = await getJson(emulator.openIdConfigUrl);
      expect(config.jwks_uri).toBe(emulator.jwksUri);
      const token = await emulator.signNotificationToken();
      const verify = (t: string): ReturnType<typeof jwtVerify> =>
        jwtVerify(t, createRemoteJWKSet(new URL(String(config.jwks_uri))), {
          issuer: 'https://graph.microsoft.com',
          audience: emulator.clientId,
          algorithms: ['RS256'],
        });
      const { payload, protectedHeader } = await verify(token);
      expect(payload.tid).toBe(emulator.tenantId);
      expect(payload.exp! - payload.nbf!).toBe(300);
      expect(protectedHeader.kid).toBe(emulator.currentKid);

      const kept = await emulator.rotateKeys();
      expect(kept.kids).toHaveLength(2);
      await expect(verify(token)).resolves.toBeTruthy();
      await expect(verify(await emulator.signNotificationToken())).resolves.toBeTruthy();

      await emulator.rotateKeys({ dropPrevious: true });
      await expect(verify(token)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
      await expect(verify(await emulator.signNotificationToken())).resolves.toBeTruthy();
    });

    it('signs with a foreign key on demand (the signature does not verify)', async () => {
      const forged = await emulator.signNotificationToken({}, { key: 'foreign' });
      await expect(
        jwtVerify(forged, createRemoteJWKSet(new URL(emulator.jwksUri)), {
          audience: emulator.clientId,
        }),
      ).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    });

    it('delivers any body to the bot, signed or not', async () => {
      const signed = await emulator.deliver({ value: [] });
      expect(signed.status).toBe(202);
      const unsigned = await emulator.deliver({ value: [] }, { token: null });
      expect(unsigned.status).toBe(401);
      expect(bot.notifications.map((n) => n.verified)).toEqual([true, false]);
    });
  });

  describe('incoming calls', () => {
    it('posts a signed incoming call; the answer is accepted and establishing/established follow', async () => {
      const placed = await emulator.placeCall('p2p-service-hosted');
      expect(placed.status).toBe(202);
      const action = await emulator.waitForAction(placed.callId);
      expect(action).toMatchObject({ kind: 'answer', accepted: true, deadlineMissed: false });
      expect(action.latencyMs).toEqual(expect.any(Number));
      await bot.waitFor((item) => stateOf(item) === 'established');
      await bot.waitFor((item) => stateOf(item) === 'establishing');

      const incoming = bot.notifications[0];
      expect(incoming.verified).toBe(true);
      expect(incoming.claims).toMatchObject({ aud: emulator.clientId, tid: emulator.tenantId });
      expect(incoming.headers['x-microsoft-skype-chain-id']).toBe(placed.chainId);
      expect(incoming.headers['x-microsoft-skype-message-id']).toEqual(expect.any(String));
      expect(incoming.headers['content-type']).toMatch(/^application\/json/);
      const states = bot.received((i) => stateOf(i) !== undefined).map(stateOf);
      expect(states).toEqual(['incoming', 'establishing', 'established']);

      const call = emulator.getCall(placed.callId.toLowerCase())!;
      expect(call).toMatchObject({ state: 'established', outcome: 'answered' });
      expect(call.mediaConfigType).toBe('serviceHosted');
      const answer = call.requests.find((r) => r.endpoint === 'answer')!;
      expect(answer).toMatchObject({ status: 202, hasAuthorization: true, late: false });
      expect(answer.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.scenarioId).toBe('fake-bot-scenario');
    });

    it('sends established before establishing for the out-of-order scenario', async () => {
      const placed = await emulator.placeCall('out-of-order');
      await emulator.waitForAction(placed.callId);
      await bot.waitFor((item) => stateOf(item) === 'establishing');
      const states = bot.received((i) => stateOf(i) !== undefined).map(stateOf);
      expect(states).toEqual(['incoming', 'established', 'establishing']);
      expect(emulator.getCall(placed.callId)!.state).toBe('established');
    });

    it('delivers the duplicate-delivery scenario twice and refuses a second answer', async () => {
      const placed = await emulator.placeCall('duplicate-delivery');
      await bot.waitFor((item) => stateOf(item) === 'established');
      expect(bot.received((i) => stateOf(i) === 'incoming')).toHaveLength(2);
      const answers = emulator
        .getCall(placed.callId)!
        .requests.filter((r) => r.endpoint === 'answer');
      // The fake bot does not suppress duplicates: Graph takes the first answer only.
      expect(answers.map((r) => r.status).sort()).toEqual([202, 409]);
    });

    it('handles reject and redirect, ending the call', async () => {
      bot.behaviour.onIncoming = (_data, callId) =>
        callId.startsWith('0') ? { action: 'redirect' } : { action: 'reject', reason: 'busy' };
      const placed = await emulator.placeCall('pstn', { callId: '1-reject-me' });
      expect(await emulator.waitForAction(placed.callId)).toMatchObject({ kind: 'reject' });
      const redirected = await emulator.placeCall('group-call', { callId: '0-redirect-me' });
      expect(await emulator.waitForAction(redirected.callId)).toMatchObject({ kind: 'redirect' });
      await bot.waitFor((item) => stateOf(item) === 'terminated', 5000, 2);
      expect(emulator.stats()).toMatchObject({ calls: 2, rejected: 1, redirected: 1 });
    });

    it('refuses invalid answer bodies with 400 naming the fields', async () => {
      bot.behaviour.onIncoming = () => ({ action: 'none' });
      const placed = await emulator.placeCall('p2p-app-hosted');
      const answer = (body: unknown): ReturnType<FakeBot['graph']> =>
        bot.graph('POST', `/communications/calls/${placed.callId}/answer`, body);
      const bad = await answer({
        callbackUri: 'http://insecure.example/api/calling',
        acceptedModalities: [],
        mediaConfig: { '@odata.type': '#microsoft.graph.appHostedMediaConfig' },
        participantCapacity: 3,
      });
      expect(bad.status).toBe(400);
      const message = (bad.body as { error: { code: string; message: string } }).error.message;
      expect(message).toContain('callbackUri');
      expect(message).toContain('acceptedModalities');
      expect(message).toContain('mediaConfig.blob');
      expect(message).toContain('participantCapacity');
      const unknownType = await answer({
        acceptedModalities: ['audio'],
        mediaConfig: { '@odata.type': '#microsoft.graph.mediaConfig' },
      });
      expect(unknownType.status).toBe(400);
      const ok = await answer({
        acceptedModalities: ['audio', 'video'],
        mediaConfig: { '@odata.type': '#microsoft.graph.appHostedMediaConfig', blob: '<blob>' },
      });
      expect(ok.status).toBe(202);
    });

    it('answers 404 with Graph error shape for unknown calls and 401 without a token', async () => {
      const unknown = await bot.graph('POST', '/communications/calls/nope/answer', {});
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({
        error: { code: '8522', innerError: { 'request-id': expect.any(String) } },
      });
      const anonymous = await fetch(`${emulator.graphBaseUrl}/communications/calls/nope/answer`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer not-a-token' },
        body: '{}',
      });
      expect(anonymous.status).toBe(401);
    });
  });

  describe('deadline', () => {
    it('refuses a policy-recording answer that comes after the deadline and terminates the call', async () => {
      bot.behaviour.onIncoming = () => ({ action: 'answer', delayMs: 600 });
      const placed = await emulator.placeCall('policy-recording');
      const action = await emulator.waitForAction(placed.callId);
      expect(action).toMatchObject({ kind: 'none', deadlineMissed: true, accepted: false });
      const [terminated] = await bot.waitFor((item) => stateOf(item) === 'terminated');
      expect(terminated).toMatchObject({
        changeType: 'deleted',
        resourceData: { resultInfo: { code: 408 } },
      });
      // The emulator records a request before its response leaves: nothing more to wait for.
      await bot.waitFor(() => bot.graphResults.length > 0, 2000);
      expect(bot.graphResults[0]).toMatchObject({ action: 'answer', status: 404 });
      expect(bot.graphResults[0].body).toMatchObject({ error: { code: '8522' } });
      const call = emulator.getCall(placed.callId)!;
      expect(call.outcome).toBe('deadlineMissed');
      expect(call.requests.find((r) => r.endpoint === 'answer')).toMatchObject({ late: true });
      expect(emulator.stats().deadlineMisses).toBe(1);
    });

    it('accepts a policy-recording answer in time', async () => {
      const placed = await emulator.placeCall('policy-recording', { policyVariant: 'tenant' });
      expect(await emulator.waitForAction(placed.callId)).toMatchObject({ kind: 'answer' });
      const botData = at(
        bot.notifications[0].body,
        'value.0.resourceData.applicationMetadata.botData',
      );
      expect(at(botData, 'inviteReasons')).toEqual(['ComplianceRecording']);
      expect(at(botData, 'policyIdentifier')).toMatch(/^TeamsComplianceRecordingPolicy=Tenant:/);
    });

    it('keeps the real 5 s window for policy-recording calls by default', async () => {
      const real = await startEmulator({ keyDir: null });
      const realBot = await FakeBot.start(real);
      try {
        realBot.behaviour.onIncoming = () => ({ action: 'answer', delayMs: 5_300 });
        const placed = await real.placeCall('policy-recording');
        expect(placed.deadlineAt).toBe(new Date(Date.parse(placed.sentAt) + 5_000).toISOString());
        const action = await real.waitForAction(placed.callId);
        expect(action).toMatchObject({ kind: 'none', deadlineMissed: true });
        await realBot.waitFor(() => realBot.graphResults.length > 0, 2_000);
        expect(realBot.graphResults[0].status).toBe(404);
      } finally {
        await realBot.close();
        await real.close();
      }
    }, 15_000);
  });

  describe('faults', () => {
    it('answers 503 with Retry-After, then lets the retry through', async () => {
      emulator.faults.inject({ endpoint: 'answer', status: 503, retryAfterSeconds: 1, times: 1 });
      const placed = await emulator.placeCall('p2p-service-hosted');
      const action = await emulator.waitForAction(placed.callId);
      expect(action.kind).toBe('answer');
      const statuses = emulator.requests({ endpoint: 'answer' }).map((r) => [r.status, r.fault]);
      expect(statuses).toEqual([
        [503, 'answer 503'],
        [202, null],
      ]);
      const call = emulator.getCall(placed.callId)!;
      expect(call.requests.map((r) => r.status)).toEqual([503, 202]);
      expect(call.requests[1].sinceNotificationMs).toBeGreaterThanOrEqual(1000);
    });

    it('drops connections and adds latency', async () => {
      const dropped = emulator.faults.inject({ endpoint: 'keepAlive', drop: true, times: 1 });
      await expect(bot.graph('POST', '/communications/calls/x/keepAlive')).rejects.toThrow();
      expect(emulator.faults.list().map((f) => f.id)).not.toContain(dropped);
      expect(emulator.requests({ endpoint: 'keepAlive' })[0]).toMatchObject({ status: 0 });

      emulator.faults.inject({ endpoint: 'graph', latencyMs: 300, times: 1 });
      const started = Date.now();
      const slow = await bot.graph('POST', '/communications/calls/x/keepAlive');
      expect(slow.status).toBe(404);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('applies 429 to every request of one call until cleared', async () => {
      bot.behaviour.onIncoming = () => ({ action: 'none' });
      const placed = await emulator.placeCall('pstn');
      emulator.faults.inject({
        endpoint: '*',
        status: 429,
        retryAfterSeconds: 0,
        callId: placed.callId,
      });
      const body = {
        acceptedModalities: ['audio'],
        mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
      };
      const throttled = await bot.graph(
        'POST',
        `/communications/calls/${placed.callId}/answer`,
        body,
      );
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('0');
      expect(throttled.body).toMatchObject({ error: { code: 'TooManyRequests' } });
      emulator.faults.clear();
      const ok = await bot.graph('POST', `/communications/calls/${placed.callId}/answer`, body);
      expect(ok.status).toBe(202);
    });
  });

  describe('lifecycle after the answer', () => {
    it('content sharing, roster, prompts, recording status, hang-up and keepAlive', async () => {
      const placed = await emulator.placeCall('group-call');
      await emulator.waitForState(placed.callId, 'established');
      const path = `/communications/calls/${placed.callId}`;

      const sessionId = await emulator.startContentSharing(placed.callId);
      expect(emulator.getCall(placed.callId)!.contentSharingSessions).toEqual([sessionId]);
      await emulator.stopContentSharing(placed.callId);
      const sharing = bot.received((i) =>
        String(i.resourceUrl).includes('/contentsharingsessions/'),
      );
      expect(sharing.map((i) => i.changeType)).toEqual(['created', 'deleted']);
      expect(sharing[0].resourceData).toBeUndefined();

      await emulator.updateRoster(placed.callId, { joined: [{ displayName: 'Ann' }] });
      const [roster] = bot.received((i) => String(i.resourceUrl).endsWith('/participants'));
      expect((roster.resourceData as unknown[])[0]).toMatchObject({
        '@odata.type': '#microsoft.graph.participant',
      });

      const prompt = await bot.graph('POST', `${path}/playPrompt`, {
        clientContext: 'ctx-1',
        prompts: [
          {
            '@odata.type': '#microsoft.graph.mediaPrompt',
            mediaInfo: { uri: 'https://cdn.example/hello.wav', resourceId: 'hello' },
          },
        ],
      });
      expect(prompt.status).toBe(200);
      expect(prompt.body).toMatchObject({ status: 'running', clientContext: 'ctx-1' });
      expect(prompt.headers.get('location')).toContain(`${path}/operations/`);
      const [done] = await bot.waitFor((i) => String(i.resourceUrl).includes('/operations/'));
      expect(done).toMatchObject({ changeType: 'deleted', resourceData: { status: 'completed' } });

      const recording = await bot.graph('POST', `${path}/updateRecordingStatus`, {
        clientContext: 'c',
        status: 'recording',
      });
      expect(recording.status).toBe(403);
      expect(recording.body).toMatchObject({ error: { code: '8506' } });

      expect((await bot.graph('POST', `${path}/keepAlive`)).status).toBe(200);
      emulator.hangUp(placed.callId);
      const [ended] = await bot.waitFor((i) => stateOf(i) === 'terminated');
      expect(ended).toMatchObject({ resourceData: { resultInfo: { code: 200, subcode: 5001 } } });
      expect((await bot.graph('POST', `${path}/keepAlive`)).status).toBe(404);
    });

    it('accepts updateRecordingStatus on a policy-recording call', async () => {
      const placed = await emulator.placeCall('policy-recording');
      await emulator.waitForState(placed.callId, 'established');
      const result = await bot.graph(
        'POST',
        `/communications/calls/${placed.callId}/updateRecordingStatus`,
        {
          clientContext: 'c1',
          status: 'recording',
        },
      );
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({
        '@odata.type': '#microsoft.graph.updateRecordingStatusOperation',
        status: 'completed',
      });
      expect(result.headers.get('location')).toMatch(/\/operations\/[0-9a-f-]+$/);
      expect(emulator.getCall(placed.callId)!.recordingStatus).toBe('recording');
    });
  });

  describe('policy-recording groups', () => {
    it('sends joining notifications while the answered capacity lasts, then new incoming calls', async () => {
      bot.behaviour.participantCapacity = 2;
      const placed = await emulator.placeCall('policy-recording', { participants: 4 });
      const group = await emulator.waitForGroup(placed.groupId!);
      expect(group.participants.map((p) => [p.route, p.result])).toEqual([
        ['incoming', 'answered'],
        ['joining', 'accepted'],
        ['incoming', 'answered'],
        ['joining', 'accepted'],
      ]);
      expect(emulator.getCall(placed.callId)!.participantsHandled).toBe(2);
      const joining = bot.received(
        (i) =>
          at(i, ['resourceData', '@odata.type']) ===
          '#microsoft.graph.participantJoiningNotification',
      );
      expect(joining[0].resourceUrl).toBe(
        `/communications/calls/${placed.callId}/participantJoiningNotification`,
      );
      expect(at(joining[0], 'resourceData.call.incomingContext.observedParticipantId')).toBe(
        group.participants[1].participantId,
      );
    });

    it('re-sends an invited participant as a new incoming call and drops rejected ones', async () => {
      bot.behaviour.participantCapacity = 10;
      bot.behaviour.onJoining = (_n, index) =>
        index === 0
          ? {
              '@odata.type': '#microsoft.graph.inviteNewBotResponse',
              inviteUri: `${emulator.options.publicBaseUrl}/api/calling/instance-2`,
            }
          : { '@odata.type': '#microsoft.graph.rejectJoinResponse', reason: 'busy' };
      const placed = await emulator.placeCall('policy-recording', {
        participants: 3,
        joinRouting: 'always-join',
      });
      const group = await emulator.waitForGroup(placed.groupId!);
      expect(group.participants.map((p) => [p.route, p.result])).toEqual([
        ['incoming', 'answered'],
        ['invited', 'answered'],
        ['joining', 'rejected'],
      ]);
      const invited = bot.notifications.find((n) => n.path === '/api/calling/instance-2');
      expect(invited).toBeDefined();
      expect(emulator.getCall(placed.callId)!.participantsHandled).toBe(1);

      await emulator.participantLeft(placed.callId, group.participants[0].participantId);
      const [left] = bot.received((i) =>
        String(i.resourceUrl).endsWith('/participantLeftNotification'),
      );
      expect(left).toMatchObject({ changeType: 'deleted' });
    });
  });

  describe('simulate', () => {
    it.each(['policy-recording', 'duplicate-delivery', 'out-of-order'] as const)(
      'runs the %s scenario and reports the outcomes',
      async (scenario) => {
        bot.behaviour.participantCapacity = 2;
        const result = await runSimulation(
          emulator,
          { scenario, calls: 3, rate: 50, participants: 3, holdMs: 0, maxSeconds: 10 },
          300,
        );
        expect(result.errors).toEqual([]);
        expect(result.placed).toBe(3);
        expect(result.stats.deadlineMisses).toBe(0);
        expect(result.stats.answered).toBe(scenario === 'policy-recording' ? 6 : 3);
        expect(result.stats.latencyMs.p99).toEqual(expect.any(Number));
        const table = formatResult(result);
        expect(table).toMatch(/answered\s+\d/);
        expect(table).toContain('latency p99');
      },
    );
  });

  describe('control API', () => {
    it('places a call and reads back the decision over HTTP', async () => {
      const control = `${emulator.url}/_emulator`;
      const placedResponse = await fetch(`${control}/calls`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ scenario: 'pstn' }),
      });
      expect(placedResponse.status).toBe(201);
      const placed = (await placedResponse.json()) as { callId: string };
      const action = await getJson(`${control}/calls/${placed.callId}/action?timeoutMs=5000`);
      expect(action).toMatchObject({ kind: 'answer', accepted: true });
      const call = await getJson(`${control}/calls/${placed.callId}`);
      expect(call).toMatchObject({ outcome: 'answered', scenario: 'pstn' });
      const fault = await fetch(`${control}/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ endpoint: 'nope', status: 503 }),
      });
      expect(fault.status).toBe(400);
      const stats = await getJson(`${control}/stats`);
      expect(stats).toMatchObject({ calls: 1, answered: 1 });
    });
  });
});
