import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RuleConfig } from '../../config/schema/answer.schema';
import { readCallFacts, type GraphObject } from './call-facts';
import { compileRules, firstMatchingRule, normalizePhone, phoneGlob } from './rule.matcher';

/** Rules as they come out of the YAML, through the real config schema. */
function rules(plain: unknown[]): RuleConfig[] {
  const instances = plain.map((p) => plainToInstance(RuleConfig, p));
  for (const rule of instances) {
    expect(validateSync(rule, { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
  }
  return instances;
}

function call(overrides: Record<string, unknown> = {}): GraphObject {
  return {
    '@odata.type': '#microsoft.graph.call',
    state: 'incoming',
    direction: 'incoming',
    source: { identity: { user: { id: 'User-1', displayName: 'Ada' } } },
    targets: [{ identity: { application: { id: 'Bot-App' } } }],
    requestedModalities: ['audio'],
    tenantId: 'Tenant-A',
    ...overrides,
  };
}

const decide = (plainRules: unknown[], resource: GraphObject, tid?: string): string | undefined =>
  firstMatchingRule(compileRules(rules(plainRules)), readCallFacts(resource, tid))?.name;

describe('rule matcher', () => {
  it('takes the first matching rule, in order', () => {
    const config = [
      { name: 'video', match: { requestedModalities: ['video'] }, action: { type: 'reject' } },
      { name: 'users', match: { callerKinds: ['user'] }, action: { type: 'answer' } },
      { name: 'everyone', action: { type: 'defer' } },
    ];

    expect(decide(config, call())).toBe('users');
    expect(decide(config, call({ requestedModalities: ['Audio', 'VIDEO'] }))).toBe('video');
    expect(decide(config, call({ source: { identity: { phone: { id: '+1' } } } }))).toBe(
      'everyone',
    );
  });

  it('names unnamed rules by position and answers undefined when none matches', () => {
    const compiled = compileRules(rules([{ match: { pstn: true }, action: { type: 'reject' } }]));

    expect(compiled[0]).toMatchObject({ name: 'rules[0]', path: 'answer.rules[0]' });
    expect(firstMatchingRule(compiled, readCallFacts(call(), undefined))).toBeUndefined();
  });

  it('requires every given key (AND) and any value of a list (OR)', () => {
    const config = [
      {
        name: 'both',
        match: { callerKinds: ['guest', 'user'], tenantIds: ['tenant-b', 'TENANT-A'] },
        action: { type: 'answer' },
      },
    ];

    expect(decide(config, call())).toBe('both');
    expect(decide(config, call({ tenantId: 'tenant-c' }))).toBeUndefined();
  });

  it.each([
    ['user', { user: { id: 'u' } }],
    ['application', { application: { id: 'a' } }],
    ['application', { applicationInstance: { id: 'ai' } }],
    ['phone', { phone: { id: '+14255550100' } }],
    ['guest', { guest: { id: 'g', displayName: 'Visitor' } }],
    ['anonymous', { user: { displayName: 'No id' } }],
    ['anonymous', { encrypted: { id: 'opaque' } }],
    ['anonymous', {}],
    ['phone', { phone: { id: '+1' }, user: { id: 'u' } }],
  ])('derives the caller kind %s from %j', (kind, identity) => {
    const config = [{ name: kind, match: { callerKinds: [kind] }, action: { type: 'answer' } }];

    expect(decide(config, call({ source: { identity } }))).toBe(kind);
  });

  it('treats a call without a source as anonymous', () => {
    const config = [
      { name: 'anon', match: { callerKinds: ['anonymous'] }, action: { type: 'answer' } },
    ];

    expect(decide(config, call({ source: null }))).toBe('anon');
  });

  it('matches caller ids case-insensitively', () => {
    const config = [{ name: 'vip', match: { callerIds: ['USER-1'] }, action: { type: 'answer' } }];

    expect(decide(config, call())).toBe('vip');
    expect(
      decide(config, call({ source: { identity: { user: { id: 'user-2' } } } })),
    ).toBeUndefined();
  });

  it('matches phone numbers with globs, ignoring formatting', () => {
    const config = [
      {
        name: 'us',
        match: { phoneNumbers: ['+1425*', '+4420????????'] },
        action: { type: 'answer' },
      },
    ];
    const phone = (id: string): GraphObject => call({ source: { identity: { phone: { id } } } });

    expect(decide(config, phone('+14255550100'))).toBe('us');
    expect(decide(config, phone('tel:+1 (425) 555-0100'))).toBe('us');
    expect(decide(config, phone('+442012345678'))).toBe('us');
    expect(decide(config, phone('+4420123456789'))).toBeUndefined();
    expect(decide(config, phone('+14265550100'))).toBeUndefined();
    expect(decide(config, call())).toBeUndefined();
  });

  it("matches the token's tenant, never a body tenantId that disagrees with it", () => {
    const config = [
      { name: 't', match: { tenantIds: ['from-token'] }, action: { type: 'answer' } },
    ];

    expect(decide(config, call({ tenantId: undefined }), 'FROM-TOKEN')).toBe('t');
    expect(decide(config, call(), 'from-token')).toBe('t');
    expect(decide(config, call({ tenantId: 'from-token' }), 'tenant-a')).toBeUndefined();
    // Without a token (an operator decision read back from the record) the call's own is used.
    expect(decide(config, call({ tenantId: 'from-token' }))).toBe('t');
  });

  it('matches target ids', () => {
    const config = [{ name: 'bot', match: { targetIds: ['bot-app'] }, action: { type: 'answer' } }];

    expect(decide(config, call())).toBe('bot');
    expect(decide(config, call({ targets: [] }))).toBeUndefined();
  });

  it('tells meetings from peer-to-peer calls', () => {
    const config = [
      { name: 'meeting', match: { meeting: true }, action: { type: 'answer' } },
      { name: 'p2p', match: { meeting: false }, action: { type: 'answer' } },
    ];

    expect(decide(config, call())).toBe('p2p');
    expect(decide(config, call({ chatInfo: { threadId: '19:x' } }))).toBe('meeting');
    expect(
      decide(config, call({ meetingInfo: { '@odata.type': '#microsoft.graph.tokenMeetingInfo' } })),
    ).toBe('meeting');
  });

  it('sees PSTN in a phone caller or in the call routes', () => {
    const config = [{ name: 'pstn', match: { pstn: true }, action: { type: 'answer' } }];
    const routed = call({
      callRoutes: [
        {
          routingType: 'lookup',
          original: { phone: { id: '+14258828080' } },
          final: { user: { id: 'u' } },
        },
      ],
    });

    expect(decide(config, routed)).toBe('pstn');
    expect(decide(config, call({ source: { identity: { phone: { id: '+1' } } } }))).toBe('pstn');
    expect(decide(config, call())).toBeUndefined();
  });

  it.each([
    ['PolicyBasedRecording', true],
    ['ComplianceRecording', true],
    ['compliancerecording', true],
    ['SomethingElse', false],
  ])('reads inviteReasons %s as policy recording: %s', (reason, expected) => {
    const config = [
      {
        name: 'pbr',
        match: { policyRecording: true, policyIdentifiers: ['test policy'] },
        action: { type: 'answer' },
      },
    ];
    const resource = call({
      applicationMetadata: {
        botData: { inviteReasons: [reason], policyIdentifier: 'Test Policy' },
      },
    });

    expect(decide(config, resource) === 'pbr').toBe(expected);
  });

  it('compiles phone globs to anchored digit patterns', () => {
    expect(phoneGlob('+1425*').source).toBe('^\\+1425\\d*$');
    expect(phoneGlob('12?4').test('1234')).toBe(true);
    expect(phoneGlob('12?4').test('12a4')).toBe(false);
    expect(normalizePhone('tel:+1 (425) 555-0100')).toBe('+14255550100');
  });

  describe('called user and call routes', () => {
    const forwarded = call({
      targets: [{ identity: { application: { id: 'Bot-App' } } }],
      callRoutes: [
        {
          routingType: 'Forwarded',
          original: { user: { id: 'Dialled-User', displayName: 'Grace' } },
          final: { application: { id: 'Bot-App' } },
        },
      ],
    });
    const fromPhoneNumber = call({
      callRoutes: [
        {
          routingType: 'lookup',
          original: { phone: { id: 'tel:+1 (425) 555-0100' } },
          final: { application: { id: 'Bot-App' } },
        },
      ],
    });

    it('matches the user the caller dialled, before forwarding, or the target', () => {
      const config = [
        { name: 'grace', match: { calledIds: ['dialled-user'] }, action: { type: 'answer' } },
        { name: 'bot', match: { calledIds: ['BOT-APP'] }, action: { type: 'reject' } },
      ];
      expect(decide(config, forwarded)).toBe('grace');
      expect(decide(config, call())).toBe('bot');
      expect(decide(config, call({ targets: [] }))).toBeUndefined();
    });

    it('compares dialled numbers whatever their formatting', () => {
      const config = [
        { name: 'line', match: { calledIds: ['+14255550100'] }, action: { type: 'answer' } },
      ];
      expect(decide(config, fromPhoneNumber)).toBe('line');
      expect(decide(config, forwarded)).toBeUndefined();
    });

    it('requires every key of callRoute to hold for the same route', () => {
      const config = [
        {
          name: 'forwarded from Grace',
          match: { callRoute: { routingTypes: ['forwarded'], originalIds: ['dialled-user'] } },
          action: { type: 'answer' },
        },
        {
          name: 'looked up number',
          match: { callRoute: { originalPhoneNumbers: ['+1425*'], finalIds: ['bot-app'] } },
          action: { type: 'answer' },
        },
        {
          name: 'mixed routes',
          match: { callRoute: { routingTypes: ['lookup'], originalIds: ['dialled-user'] } },
          action: { type: 'answer' },
        },
      ];
      expect(decide(config, forwarded)).toBe('forwarded from Grace');
      expect(decide(config, fromPhoneNumber)).toBe('looked up number');
      expect(decide(config, call())).toBeUndefined();
    });
  });
});
