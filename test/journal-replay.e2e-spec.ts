import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { replayScenario, type ReplayScenario } from '../emulator';
import { startStack, type TestStack } from './support';
import { eventually, operatorApi } from './support/calls-helpers';

const OPERATOR_KEY = `replay-operator-key-${randomUUID()}`;
const ROOT = resolve(__dirname, '..');
const run = promisify(execFile);

type Entry = Record<string, unknown> & { kind: string };

async function journalOf(stack: TestStack, callId: string): Promise<Entry[]> {
  const response = await operatorApi(stack.baseUrl, OPERATOR_KEY).get<{ value: Entry[] }>(
    `/${callId}/journal`,
  );
  return response.status === 200 ? response.body.value : [];
}

/** What a replay must reproduce: the notifications as seen, the decision, the Graph requests. */
function story(entries: Entry[]) {
  return {
    notifications: entries
      .filter((e) => e.kind === 'notification')
      .map((e) => [e.notification, e.state, e.duplicate]),
    decisions: entries
      .filter((e) => e.kind === 'decision')
      .map((e) => [e.action, e.source, e.rule, e.outcome]),
    graph: entries.filter((e) => e.kind === 'graphRequest').map((e) => [e.action, e.ok]),
  };
}

describe('Journal export and replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-replay-'));
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({
      env: { OPERATOR_API_KEYS: OPERATOR_KEY, JOURNAL_DIR: dir },
      config: {
        answer: {
          rules: [
            {
              name: 'users with audio',
              match: { callerKinds: ['user'] },
              action: { type: 'answer' },
            },
          ],
        },
      },
      waitFor: ['notificationKeys', 'graphToken'],
    });
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports a call as a scenario whose replay reproduces its decisions, repeats and reorderings', async () => {
    // A call whose states arrive reversed, and whose incoming notification is delivered twice.
    const placed = await stack.emulator.placeCall('p2p-service-hosted', { stateOrder: 'reversed' });
    const { callId } = placed;
    expect((await stack.emulator.waitForAction(callId, 8000)).kind).toBe('answer');
    const first = await eventually(async () => {
      const entries = await journalOf(stack, callId);
      return entries.some((e) => e.kind === 'stateChange' && e.to === 'established') && entries;
    }, 8000);
    await stack.emulator.notify(callId, [first[0].item as Record<string, never>]);
    const original = await eventually(async () => {
      const entries = await journalOf(stack, callId);
      return entries.some((e) => e.kind === 'notification' && e.duplicate === true) && entries;
    });

    const out = join(dir, 'scenario.json');
    await run(
      process.execPath,
      [
        join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        'scripts/journal-export.ts',
        callId,
        '--out',
        out,
      ],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test' } },
    );
    const scenario = JSON.parse(readFileSync(out, 'utf8')) as ReplayScenario;
    expect(scenario).toMatchObject({ type: 'replay', callId, policyRecording: false });
    expect(scenario.expected.decisions).toEqual([
      { action: 'answer', source: 'rule', rule: 'users with audio', outcome: 'sent' },
    ]);

    const replayId = randomUUID();
    await replayScenario(stack.emulator, scenario, { callId: replayId, speed: 2 });
    const expected = story(original);
    const replayed = await eventually(async () => {
      const entries = story(await journalOf(stack, replayId));
      return entries.notifications.length === expected.notifications.length && entries;
    }, 8000);
    expect(replayed).toEqual(expected);
    expect(stack.emulator.requests({ callId: replayId, endpoint: 'answer' })).toHaveLength(1);
  });
});
