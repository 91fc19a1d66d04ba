import { join } from 'node:path';
import { loadRawConfig } from './config.loader';
import { ConfigValidationError, validateConfig } from './config.validation';

const configDir = join(__dirname, '..', '..', 'config');

function problemsOf(env: NodeJS.ProcessEnv, profile = 'development'): string[] {
  try {
    validateConfig(loadRawConfig({ configDir, profile, env }), profile);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
}

describe('validateConfig', () => {
  it('accepts the shipped defaults', () => {
    expect(problemsOf({})).toEqual([]);
  });

  it('names the key and its variable for a wrong type', () => {
    const problems = problemsOf({ PORT: 'abc' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^server\.port \(PORT\): /);
  });

  it('says a non-number is not a number, rather than out of range, one line per key', () => {
    expect(problemsOf({ PORT: 'abc', POLICY_RECORDING_PARTICIPANT_CAPACITY: 'x' })).toEqual([
      'server.port (PORT): port must be an integer number',
      'policyRecording.participantCapacity (POLICY_RECORDING_PARTICIPANT_CAPACITY): participantCapacity must be an integer number',
    ]);
    expect(problemsOf({ PORT: '70000' })).toEqual([
      'server.port (PORT): port must not be greater than 65535',
    ]);
  });

  it('takes REDIS_CLUSTER_NODES as host:port seed nodes and refuses any other form', () => {
    expect(problemsOf({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b.internal:7001' })).toEqual([]);
    for (const nodes of [
      'redis-a',
      'redis-a:0',
      'redis-a:70000',
      'redis://a:7000',
      'a:7000 b:7001',
    ]) {
      expect(problemsOf({ REDIS_CLUSTER_NODES: nodes })).toEqual([
        'store.redisClusterNodes (REDIS_CLUSTER_NODES): each of redisClusterNodes must be host:port (a port from 1 to 65535)',
      ]);
    }
  });

  it('names an unknown key', () => {
    const raw = loadRawConfig({ configDir, profile: 'development', env: {} });
    const server = raw.server as Record<string, unknown>;
    expect(() => validateConfig({ ...raw, server: { ...server, prot: 1 } }, 'development')).toThrow(
      /server\.prot: unknown key/,
    );
  });

  it('names an unknown section', () => {
    const raw = loadRawConfig({ configDir, profile: 'development', env: {} });
    expect(() => validateConfig({ ...raw, sever: {} }, 'development')).toThrow(
      /sever: unknown key/,
    );
  });

  it('refuses phone numbers that are not E.164, naming the key', () => {
    const raw = loadRawConfig({ configDir, profile: 'development', env: {} });
    const answer = raw.answer as Record<string, unknown>;
    const rules = [
      {
        match: { phoneNumbers: ['425*'], callRoute: { originalPhoneNumbers: ['+1 425'] } },
        action: { type: 'redirect', targets: [{ kind: 'phone', id: '425-555-01' }] },
      },
      { action: { type: 'redirect', targets: [{ kind: 'user', id: 'not-a-number' }] } },
    ];
    expect(() => validateConfig({ ...raw, answer: { ...answer, rules } }, 'development')).toThrow(
      ConfigValidationError,
    );
    try {
      validateConfig({ ...raw, answer: { ...answer, rules } }, 'development');
    } catch (error) {
      expect((error as ConfigValidationError).problems).toEqual([
        expect.stringMatching(/^answer\.rules\[0\]\.match\.phoneNumbers: .*E\.164/),
        expect.stringMatching(/^answer\.rules\[0\]\.match\.callRoute\.originalPhoneNumbers: /),
        'answer.rules[0].action.targets[0].id: id of a phone target must be an E.164 number (+ and up to 15 digits, e.g. +14255550100)',
      ]);
    }
  });

  it('refuses an unknown enum value', () => {
    expect(problemsOf({ STORE_DRIVER: 'mongo' })[0]).toMatch(/^store\.driver \(STORE_DRIVER\)/);
  });

  it('requires an https PUBLIC_BASE_URL, saying that rule', () => {
    expect(problemsOf({ PUBLIC_BASE_URL: 'http://example.com' })).toEqual([
      'server.publicBaseUrl (PUBLIC_BASE_URL): publicBaseUrl must be an https URL',
    ]);
  });

  it('requires credentials and PUBLIC_BASE_URL in production, one line each', () => {
    expect(problemsOf({}, 'production')).toEqual([
      'server.publicBaseUrl (PUBLIC_BASE_URL): required in production',
      'azure.tenantId (AZURE_TENANT_ID): required in production',
      'azure.clientId (AZURE_CLIENT_ID): required in production',
      'azure.clientSecret (AZURE_CLIENT_SECRET): required in production (or azure.certificateKeyFile)',
    ]);
  });

  it('starts in production with credentials and PUBLIC_BASE_URL', () => {
    expect(
      problemsOf(
        {
          PUBLIC_BASE_URL: 'https://bot.example.com',
          AZURE_TENANT_ID: 't',
          AZURE_CLIENT_ID: 'c',
          AZURE_CLIENT_SECRET: 's',
        },
        'production',
      ),
    ).toEqual([]);
  });

  describe('operator keys in production', () => {
    const PRODUCTION = {
      PUBLIC_BASE_URL: 'https://bot.example.com',
      AZURE_TENANT_ID: 't',
      AZURE_CLIENT_ID: 'c',
      AZURE_CLIENT_SECRET: 's',
    };
    const keyProblems = (keys: string, profile = 'production'): string[] =>
      problemsOf({ ...PRODUCTION, OPERATOR_API_KEYS: keys }, profile);

    it.each([
      'change-me-operator-key',
      'changeme0123456789abcdef',
      'CHANGE_ME_PLEASE_0123456789',
      'an-example-key-0123456789',
      'replace-me-with-a-real-key',
    ])('refuses the placeholder %s without repeating it', (key) => {
      const problems = keyProblems(key);
      expect(problems).toEqual([
        expect.stringMatching(
          /^operator\.apiKeys \(OPERATOR_API_KEYS\): key 1 of 1 is a placeholder value, not a secret; /,
        ),
      ]);
      expect(problems[0]).not.toContain(key);
    });

    it('refuses a key shorter than 16 characters, naming which one', () => {
      expect(keyProblems('0123456789abcdef0123,short')).toEqual([
        expect.stringMatching(/^operator\.apiKeys .*: key 2 of 2 is shorter than 16 characters; /),
      ]);
    });

    it('accepts random keys, and no key at all (the operator API off)', () => {
      expect(keyProblems('3f9c0e7a51d24b6e8a0c7d15e2b94f60')).toEqual([]);
      expect(keyProblems('')).toEqual([]);
    });

    it('lets development keep a short demo key', () => {
      expect(keyProblems('change-me', 'development')).toEqual([]);
    });
  });
});
