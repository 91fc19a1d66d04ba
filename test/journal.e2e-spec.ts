import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { DEFAULT_CLIENT_SECRET } from '../emulator';
import { startStack, type TestStack } from './support';
import { eventually, operatorApi, removeRedisKeys } from './support/calls-helpers';
import { answeredPolicyCall, PBR_OPERATOR_KEY } from './support/policy-recording-helpers';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const OPERATOR_KEY = `journal-operator-key-${randomUUID()}`;

type Entry = Record<string, unknown> & { at: string; instance: string; kind: string };

async function journalOf(stack: TestStack, callId: string): Promise<Entry[]> {
  const response = await operatorApi(stack.baseUrl, OPERATOR_KEY).get<{ value: Entry[] }>(
    `/${callId}/journal`,
  );
  expect(response.status).toBe(200);
  return response.body.value;
}

function journalWhen(
  stack: TestStack,
  callId: string,
  done: (entries: Entry[]) => boolean,
): Promise<Entry[]> {
  return eventually(async () => {
    const entries = await journalOf(stack, callId);
    return done(entries) ? entries : undefined;
  }, 8000);
}

const has =
  (kind: string, match: Record<string, unknown> = {}) =>
  (entries: Entry[]) =>
    entries.some((e) => e.kind === kind && Object.entries(match).every(([k, v]) => e[k] === v));

/** Nothing secret: the client secret, the operator key, a bearer token or a JWT. */
function expectNoSecrets(text: string): void {
  expect(text.length).toBeGreaterThan(0);
  expect(text).not.toContain(DEFAULT_CLIENT_SECRET);
  expect(text).not.toContain(OPERATOR_KEY);
  expect(text).not.toMatch(/bearer\s+[\w.-]{8,}/i);
  expect(text).not.toMatch(/eyJ[\w-]{4,}\.[\w-]{4,}\./);
}

async function answeredCall(stack: TestStack): Promise<string> {
  const placed = await stack.emulator.placeCall('p2p-service-hosted');
  const action = await stack.emulator.waitForAction(placed.callId, 8000);
  expect(action.kind).toBe('answer');
  return placed.callId;
}

describe('Call journal (JSON-lines files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-journal-'));
  const env = { OPERATOR_API_KEYS: `${OPERATOR_KEY},${PBR_OPERATOR_KEY}`, JOURNAL_DIR: dir };
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ env, waitFor: ['notificationKeys', 'graphToken'] });
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records a call's notifications, decision, Graph request and state in order", async () => {
    const callId = await answeredCall(stack);
    const entries = await journalWhen(stack, callId, has('stateChange', { to: 'established' }));
    const kinds = entries.map((e) => e.kind);
    expect(kinds[0]).toBe('notification');
    const answer = entries.find((e) => e.kind === 'graphRequest' && e.action === 'answer')!;
    expect(answer).toMatchObject({ ok: true, status: 202, attempts: 1 });
    expect(answer.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    const decision = entries.find((e) => e.kind === 'decision')!;
    expect(decision).toMatchObject({ action: 'answer', outcome: 'sent', source: 'default' });
    expect(decision.budgetMs).toBeGreaterThan(0);
    expect(entries.find((e) => e.kind === 'deadline')).toMatchObject({ outcome: 'met' });
    expect(kinds.indexOf('graphRequest')).toBeLessThan(kinds.indexOf('decision'));
    // The instance that took the call holds its decision from the start.
    expect(entries.find((e) => e.kind === 'lease')).toMatchObject({ change: 'acquired' });
    expect(kinds.indexOf('lease')).toBeLessThan(kinds.indexOf('graphRequest'));
    for (const entry of entries) {
      expect(Date.parse(entry.at)).not.toBeNaN();
      expect(typeof entry.instance).toBe('string');
    }
    const times = entries.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('shows recording acknowledged by Graph before the recorder is told to persist media', async () => {
    const { callId } = await answeredPolicyCall(stack);
    const entries = await journalWhen(stack, callId, has('recordingStatus'));
    const acknowledged = entries.findIndex(
      (e) => e.kind === 'graphRequest' && e.action === 'updateRecordingStatus' && e.ok === true,
    );
    const told = entries.findIndex(
      (e) => e.kind === 'recordingStatus' && e.recorderTold === 'persistMedia',
    );
    expect(acknowledged).toBeGreaterThan(-1);
    expect(told).toBeGreaterThan(acknowledged);
    expect(entries[acknowledged].requestedStatus).toBe('recording');
    const answered = entries.findIndex((e) => e.kind === 'graphRequest' && e.action === 'answer');
    expect(answered).toBeLessThan(acknowledged);
  });

  it('answers 404 for a call it never saw, and 401 without an operator key', async () => {
    expect(
      (await operatorApi(stack.baseUrl, OPERATOR_KEY).get(`/${randomUUID()}/journal`)).status,
    ).toBe(404);
    expect((await operatorApi(stack.baseUrl, null).get(`/${randomUUID()}/journal`)).status).toBe(
      401,
    );
  });

  it('survives a restart, and its files hold no secret', async () => {
    const callId = await answeredCall(stack);
    const before = await journalWhen(stack, callId, has('decision'));
    await stack.close();
    stack = await startStack({ env, waitFor: ['notificationKeys'] });
    const after = await journalOf(stack, callId);
    expect(after.slice(0, before.length)).toEqual(before);
    const text = readdirSync(dir)
      .map((file) => readFileSync(join(dir, file), 'utf8'))
      .join('');
    expect(text).toContain(callId);
    expectNoSecrets(text);
  });
});

describe('Call journal (Redis Streams)', () => {
  const keyPrefix = `switchboard-test:journal:${randomUUID()}:`;
  const env = { OPERATOR_API_KEYS: OPERATOR_KEY, STORE_DRIVER: 'redis', REDIS_URL };
  const config = { store: { keyPrefix } };
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ env, config, waitFor: ['notificationKeys', 'graphToken', 'store'] });
  });
  afterAll(async () => {
    await stack?.close();
    await removeRedisKeys(keyPrefix, REDIS_URL);
  });

  it('keeps a bounded stream per call that survives a restart and holds no secret', async () => {
    const callId = await answeredCall(stack);
    const before = await journalWhen(stack, callId, has('decision'));
    await stack.close();
    stack = await startStack({ env, config, waitFor: ['notificationKeys', 'store'] });
    expect((await journalOf(stack, callId)).slice(0, before.length)).toEqual(before);

    const redis = new Redis(REDIS_URL);
    try {
      const key = `${keyPrefix}journal:{${callId.toLowerCase()}}`;
      expect(await redis.pttl(key)).toBeGreaterThan(0);
      const rows = await redis.xrange(key, '-', '+');
      expect(rows.length).toBeGreaterThanOrEqual(before.length);
      expectNoSecrets(JSON.stringify(rows));
    } finally {
      redis.disconnect();
    }
  });
});
