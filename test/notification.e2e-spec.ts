import {
  newCallId,
  NotificationRecorder,
  notificationFixture,
  notificationFixtures,
  rawPost,
  startStack,
  withFreshCallIds,
  type JsonObject,
  type TestStack,
} from './support';

/**
 * `POST /api/calling` over real HTTP, with tokens signed by the emulator's keys and verified
 * against its JWKS over TLS: the contract's checks, in its order (token 401, content type 415,
 * size 413, shape 400), and what reaches the router.
 */

const TWO_MIB = 2 * 1024 * 1024;
const JOIN_RESPONSES = [
  '#microsoft.graph.acceptJoinResponse',
  '#microsoft.graph.inviteNewBotResponse',
  '#microsoft.graph.rejectJoinResponse',
];

const EXPECTED_KINDS: Record<string, string> = {
  'call-established': 'callUpdated',
  'call-establishing': 'callUpdated',
  'call-terminated': 'callTerminated',
  'content-sharing-ended': 'contentSharing',
  'content-sharing-started': 'contentSharing',
  'p2p-incoming-service-hosted': 'incomingCall',
  'pbr-incoming': 'incomingCall',
  'pbr-participant-joining': 'participantJoining',
  'pbr-participant-left': 'participantLeft',
};

function callIdOf(body: JsonObject): string {
  const url = (body.value as JsonObject[])[0].resourceUrl as string;
  return /\/calls\/([^/]+)/.exec(url)![1];
}

function established(callId = newCallId(), etag?: string): JsonObject {
  const resourceData: JsonObject = { '@odata.type': '#microsoft.graph.call', state: 'established' };
  if (etag) resourceData['@odata.etag'] = etag;
  return {
    value: [
      { changeType: 'updated', resourceUrl: `/communications/calls/${callId}`, resourceData },
    ],
  };
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

async function jwksFetches(stack: TestStack): Promise<number> {
  return stack.emulator
    .requests({ endpoint: 'notificationKeys' })
    .filter((request) => /\/keys\/?$/i.test(request.path)).length;
}

describe('POST /api/calling', () => {
  let stack: TestStack;
  let recorder: NotificationRecorder;

  beforeAll(async () => {
    stack = await startStack({
      beforeListen: (app) => {
        recorder = NotificationRecorder.attach(app);
      },
    });
  });

  afterAll(async () => {
    await stack?.close();
  });

  beforeEach(() => recorder.clear());

  describe('the shared fixtures', () => {
    it.each(Object.keys(notificationFixtures()))('accepts and routes %s', async (name) => {
      const body = withFreshCallIds(notificationFixture(name));
      const callId = callIdOf(body);
      const result = await stack.emulator.deliver(body);
      if (name === 'pbr-participant-joining') {
        expect(result.status).toBe(200);
        expect(JOIN_RESPONSES).toContain((result.body as JsonObject)['@odata.type']);
      } else {
        expect(result.status).toBe(202);
        expect(result.body).toBe('');
      }
      expect(recorder.received.map((n) => [n.kind, n.callId])).toEqual([
        [EXPECTED_KINDS[name], callId],
      ]);
      const routed = recorder.received[0];
      expect(routed.context.tenantId).toBe(stack.emulator.tenantId);
      expect(routed.context.authenticationMs).toBeGreaterThanOrEqual(0);
      expect(routed.context.receivedAtMono).toBeLessThanOrEqual(performance.now());
    });

    it('answers a joining notification for an unknown call with an invitation to our callback', async () => {
      const result = await stack.emulator.deliver(
        withFreshCallIds(notificationFixture('pbr-participant-joining')),
      );
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        '@odata.type': '#microsoft.graph.inviteNewBotResponse',
        inviteUri: `${stack.emulator.options.publicBaseUrl}/api/calling`,
      });
    });
  });

  describe('authentication (401, nothing routed)', () => {
    const cases: Array<[string, () => Promise<string | null>]> = [
      ['a missing token', async () => null],
      ['a token that is not a JWT', async () => 'not-a-token'],
      ['a bad signature', () => stack.emulator.signNotificationToken({}, { key: 'foreign' })],
      ['a wrong audience', () => stack.emulator.signNotificationToken({ aud: 'someone-else' })],
      [
        'a wrong issuer',
        () => stack.emulator.signNotificationToken({ iss: 'https://evil.example' }),
      ],
      [
        'an expired token',
        () =>
          stack.emulator.signNotificationToken({
            nbf: nowSeconds() - 1200,
            iat: nowSeconds() - 1200,
            exp: nowSeconds() - 600,
          }),
      ],
      ['alg none', () => stack.emulator.signNotificationToken({}, { alg: 'none' })],
      ['alg HS256', () => stack.emulator.signNotificationToken({}, { alg: 'HS256' })],
      ['alg RS384', () => stack.emulator.signNotificationToken({}, { alg: 'RS384' })],
    ];

    it.each(cases)('refuses %s', async (_name, token) => {
      const body = withFreshCallIds(notificationFixture('p2p-incoming-service-hosted'));
      const result = await stack.emulator.deliver(body, { token: await token() });
      expect(result.status).toBe(401);
      expect(result.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.stringMatching(/^notification token rejected: /),
      });
      expect(result.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(recorder.received).toEqual([]);
      expect(stack.emulator.requests({ callId: callIdOf(body) })).toEqual([]);
    });

    it('refuses a 2 MiB body without a token with 401, not 413: the body is never parsed', async () => {
      const result = await rawPost(stack.callbackUrl, { rawBody: 'x'.repeat(TWO_MIB) });
      expect(result.status).toBe(401);
      const forged = await stack.emulator.signNotificationToken({}, { key: 'foreign' });
      const withForged = await rawPost(stack.callbackUrl, {
        rawBody: 'x'.repeat(TWO_MIB),
        contentType: 'text/plain',
        token: forged,
      });
      expect(withForged.status).toBe(401);
      expect(recorder.received).toEqual([]);
    });
  });

  describe('content type, size and JSON, in that order after the token', () => {
    let token: string;

    beforeEach(async () => {
      token = await stack.emulator.signNotificationToken();
    });

    it.each([
      ['text/plain', 'text/plain'],
      ['a form', 'application/x-www-form-urlencoded'],
      ['no content type', null],
    ])('refuses %s with 415', async (_name, contentType) => {
      const result = await rawPost(stack.callbackUrl, { token, contentType, body: established() });
      expect(result.status).toBe(415);
      expect(result.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: expect.any(String),
      });
      expect(recorder.received).toEqual([]);
    });

    it('refuses a missing content type with 415 even without a body', async () => {
      const result = await rawPost(stack.callbackUrl, { token, contentType: null, rawBody: '' });
      expect(result.status).toBe(415);
    });

    it('accepts application/json with parameters, in any case', async () => {
      const result = await rawPost(stack.callbackUrl, {
        token,
        contentType: 'Application/JSON; charset=utf-8',
        body: established(),
      });
      expect(result.status).toBe(202);
    });

    it('refuses a body over the limit with 413 (and a wrong content type first with 415)', async () => {
      const huge = JSON.stringify({ value: [], padding: 'x'.repeat(TWO_MIB) });
      const tooBig = await rawPost(stack.callbackUrl, { token, rawBody: huge });
      expect(tooBig.status).toBe(413);
      expect(tooBig.body).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: expect.any(String),
      });
      const wrongType = await rawPost(stack.callbackUrl, {
        token,
        rawBody: huge,
        contentType: 'text/plain',
      });
      expect(wrongType.status).toBe(415);
      const hugeAndMalformed = await rawPost(stack.callbackUrl, { token, rawBody: `{${huge}` });
      expect(hugeAndMalformed.status).toBe(413);
    });

    it.each([
      ['malformed JSON', '{"value": ['],
      ['an empty body', ''],
      ['trailing garbage', '{"value": []} x'],
      ['a prototype-poisoning key', '{"value": [], "__proto__": {"x": 1}}'],
    ])('refuses %s with 400', async (_name, rawBody) => {
      const result = await rawPost(stack.callbackUrl, { token, rawBody });
      expect(result.status).toBe(400);
      expect(result.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.any(String),
      });
      expect(recorder.received).toEqual([]);
    });
  });

  describe('shape', () => {
    it('refuses a wrongly shaped batch with 400 naming each failing field, acting on none of it', async () => {
      const body = {
        value: [
          established().value![0 as never],
          {
            changeType: 'modified',
            resourceUrl: '/communications/calls/abc',
          },
          {
            changeType: 'updated',
            resourceUrl: '/communications/calls/a$b',
            resourceData: { '@odata.type': '#microsoft.graph.call', state: 5 },
          },
        ],
      };
      const result = await stack.emulator.deliver(body);
      expect(result.status).toBe(400);
      const { message } = result.body as { message: string };
      expect(message).toContain('value[1].changeType');
      expect(message).toContain('value[2].resourceUrl');
      expect(message).toContain('value[2].resourceData.state');
      expect(message).not.toContain('value[0]');
      expect(recorder.received).toEqual([]);
      const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /switchboard_notifications_total\{kind="batch",result="rejected"\} [1-9]/,
      );
      expect(metrics).toMatch(
        /switchboard_notifications_total\{kind="batch",result="unauthenticated"\} [1-9]/,
      );
    });

    it.each([
      ['a body that is not an object', []],
      ['value missing', { notValue: [] }],
      [
        'a call of a known type with a wrong shape',
        {
          value: [
            {
              changeType: 'created',
              resourceUrl: '/communications/calls/abc',
              resourceData: { '@odata.type': '#microsoft.graph.call', source: 'me' },
            },
          ],
        },
      ],
    ])('refuses %s', async (_name, body) => {
      const result = await stack.emulator.deliver(body);
      expect(result.status).toBe(400);
      expect(recorder.received).toEqual([]);
    });

    it('accepts an empty batch and routes nothing', async () => {
      const result = await stack.emulator.deliver({ value: [] });
      expect(result.status).toBe(202);
      expect(recorder.received).toEqual([]);
    });

    it('accepts an unknown resource type and counts it as unhandled', async () => {
      const callId = newCallId();
      const result = await stack.emulator.deliver({
        value: [
          {
            changeType: 'created',
            resourceUrl: `/communications/calls/${callId}`,
            resourceData: { '@odata.type': '#microsoft.graph.hologram', depth: 3 },
          },
        ],
      });
      expect(result.status).toBe(202);
      expect(recorder.received.map((n) => [n.kind, n.callId])).toEqual([['unhandled', callId]]);
      const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /switchboard_notifications_total\{kind="unhandled",result="unhandled"\} [1-9]/,
      );
      expect(metrics).toMatch(
        /switchboard_notification_deviations_total\{kind="unknownType",on="resourceData"\} [1-9]/,
      );
    });

    it('routes untyped resourceData by what its path says (Graph\'s docs print "@odata.type": "")', async () => {
      const callId = newCallId();
      const joining = withFreshCallIds(notificationFixture('pbr-participant-joining'));
      const joiningItem = (joining.value as JsonObject[])[0];
      const joiningData = joiningItem.resourceData as JsonObject;
      delete joiningData['@odata.type'];
      delete (joiningData.call as JsonObject)['@odata.type'];
      const result = await stack.emulator.deliver({
        value: [
          {
            changeType: 'updated',
            resourceUrl: `/communications/calls/${callId}`,
            resourceData: { '@odata.type': '', state: 'established' },
          },
          {
            changeType: 'updated',
            resourceUrl: `/communications/calls/${callId}/participants`,
            resourceData: [{ id: 'p1', info: { identity: { user: { id: 'u1' } } } }],
          },
          joiningItem,
        ],
      });

      expect(result.status).toBe(200);
      expect(JOIN_RESPONSES).toContain((result.body as JsonObject)['@odata.type']);
      expect(recorder.received.map((n) => n.kind)).toEqual([
        'callUpdated',
        'participants',
        'participantJoining',
      ]);
    });

    it('answers 200 with the joining response when the joining notification is mixed in a batch', async () => {
      const joining = withFreshCallIds(notificationFixture('pbr-participant-joining'));
      const body = {
        value: [established().value![0 as never], (joining.value as JsonObject[])[0]],
      };
      const result = await stack.emulator.deliver(body);
      expect(result.status).toBe(200);
      expect(JOIN_RESPONSES).toContain((result.body as JsonObject)['@odata.type']);
      expect(recorder.received.map((n) => n.kind)).toEqual(['callUpdated', 'participantJoining']);
    });
  });

  describe('duplicates and correlation', () => {
    it('routes a repeated delivery once, and still answers it 202', async () => {
      const body = withFreshCallIds(notificationFixture('p2p-incoming-service-hosted'));
      const first = await stack.emulator.deliver(body);
      const second = await stack.emulator.deliver(body);
      expect([first.status, second.status]).toEqual([202, 202]);
      expect(recorder.forCall(callIdOf(body))).toHaveLength(1);
      const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /switchboard_notifications_total\{kind="incomingCall",result="duplicate"\} [1-9]/,
      );
    });

    it('treats a repeat that differs only in enum casing, key order or id casing as the same', async () => {
      const callId = newCallId();
      await stack.emulator.deliver(established(callId, 'W/"7"'));
      const again = {
        value: [
          {
            resourceData: {
              state: 'Established',
              '@odata.etag': 'W/"7"',
              '@odata.type': '#microsoft.graph.call',
            },
            resourceUrl: `/communications/calls/${callId.toLowerCase()}`,
            changeType: 'Updated',
          },
        ],
      };
      expect((await stack.emulator.deliver(again)).status).toBe(202);
      expect(recorder.forCall(callId)).toHaveLength(1);
    });

    it('routes a repeated state change without an etag again (established, hold, established)', async () => {
      const callId = newCallId();
      await stack.emulator.deliver(established(callId));
      await stack.emulator.deliver(established(callId));
      expect(recorder.forCall(callId)).toHaveLength(2);
    });

    it('routes two different states of a call both', async () => {
      const callId = newCallId();
      const establishing = withFreshCallIds(notificationFixture('call-establishing'));
      (establishing.value as JsonObject[])[0].resourceUrl = `/communications/calls/${callId}`;
      await stack.emulator.deliver(establishing);
      await stack.emulator.deliver(established(callId));
      expect(recorder.forCall(callId).map((n) => n.kind)).toEqual(['callUpdated', 'callUpdated']);
    });

    it('takes the scenario id from X-Microsoft-Skype-Chain-ID, else from callChainId', async () => {
      const withHeader = withFreshCallIds(notificationFixture('pbr-incoming'));
      await stack.emulator.deliver(withHeader, {
        headers: { 'X-Microsoft-Skype-Chain-ID': 'chain-123' },
      });
      const withoutHeader = withFreshCallIds(notificationFixture('pbr-incoming'));
      const token = await stack.emulator.signNotificationToken();
      await rawPost(stack.callbackUrl, { token, body: withoutHeader });
      const [first, second] = recorder.received;
      expect(first.context.chainId).toBe('chain-123');
      expect(first.scenarioId).toBe('chain-123');
      expect(second.context.chainId).toBeUndefined();
      expect(second.scenarioId).toBe('05f2f70f-3a9c-47c1-80a9-cc79e91d8cec');
    });
  });
});

describe('POST /api/calling with allowed tenants', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ env: { NOTIFICATION_ALLOWED_TENANTS: 'allowed-tenant, second' } });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses a token of another tenant with 401 and accepts an allowed one', async () => {
    const other = await stack.emulator.deliver(established());
    expect(other.status).toBe(401);
    expect((other.body as JsonObject).message).toContain('tenant not allowed');
    const token = await stack.emulator.signNotificationToken({ tid: 'Allowed-Tenant' });
    expect((await stack.emulator.deliver(established(), { token })).status).toBe(202);
  });
});

describe('POST /api/calling when the signing keys rotate', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('refetches the keys once for an unknown kid, then no more within the interval', async () => {
    expect(await jwksFetches(stack)).toBe(1);

    // A key rotated after start-up: one refetch finds it (the start-up fetch does not count).
    await stack.emulator.rotateKeys();
    expect((await stack.emulator.deliver(established())).status).toBe(202);
    expect(await jwksFetches(stack)).toBe(2);

    // Another rotation within the minute: the refetch is rate-limited, so the token is refused.
    await stack.emulator.rotateKeys();
    const refused = await stack.emulator.deliver(established());
    expect(refused.status).toBe(401);
    expect((refused.body as JsonObject).message).toContain('unknown signing key');
    const forged = await stack.emulator.signNotificationToken(
      {},
      { kid: 'forged', key: 'foreign' },
    );
    expect((await stack.emulator.deliver(established(), { token: forged })).status).toBe(401);
    expect(await jwksFetches(stack)).toBe(2);
  });
});
