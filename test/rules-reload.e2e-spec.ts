import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startStack, type TestStack } from './support';
import { eventually, operatorApi } from './support/calls-helpers';

const OPERATOR_KEY = `rules-operator-key-${randomUUID()}`;
const REJECT_ALL = { name: 'reject everyone', action: { type: 'reject', reason: 'busy' } };
const SHADOW_ANSWER = { name: 'answer in shadow', action: { type: 'answer' } };

async function metric(stack: TestStack, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${stack.baseUrl}/metrics`)).text();
  return Number(pattern.exec(text)?.[1] ?? 0);
}

const reloads = (stack: TestStack, result: 'ok' | 'refused') =>
  metric(stack, new RegExp(`switchboard_config_reloads_total\\{result="${result}"\\} (\\d+)`));

async function decisionOf(stack: TestStack): Promise<{ callId: string; kind: string }> {
  const placed = await stack.emulator.placeCall('p2p-service-hosted');
  const action = await stack.emulator.waitForAction(placed.callId, 8000);
  return { callId: placed.callId, kind: action.kind };
}

/** Rules change on a running service (docs/rules.md). */
describe('Rule changes on a live service', () => {
  let stack: TestStack;
  let localYaml: string;

  const writeLocal = (answer: Record<string, unknown>): void =>
    writeFileSync(localYaml, stringify({ answer }));

  beforeAll(async () => {
    stack = await startStack({
      env: { OPERATOR_API_KEYS: OPERATOR_KEY },
      config: { answer: { rules: [REJECT_ALL], shadowRules: [SHADOW_ANSWER] } },
      waitFor: ['notificationKeys', 'graphToken'],
    });
    localYaml = join(process.env.CONFIG_DIR!, 'local.yaml');
  });
  afterAll(() => stack?.close());

  it('evaluates shadow rules beside the live ones: journalled and counted, never sent', async () => {
    const disagreeing = /switchboard_shadow_decisions_total\{result="disagree"\} (\d+)/;
    const before = await metric(stack, disagreeing);
    const { callId, kind } = await decisionOf(stack);
    expect(kind).toBe('reject');
    expect(await metric(stack, disagreeing)).toBe(before + 1);
    const journal = await eventually(async () => {
      const response = await operatorApi(stack.baseUrl, OPERATOR_KEY).get<{
        value: Record<string, unknown>[];
      }>(`/${callId}/journal`);
      return response.body.value.find((e) => e.kind === 'shadowDecision');
    });
    expect(journal).toMatchObject({
      agree: false,
      live: { source: 'rule', rule: 'reject everyone', decision: { type: 'reject' } },
      shadow: { rule: 'answer in shadow', decision: { type: 'answer' } },
    });
    const graph = stack.emulator.requests({ callId });
    expect(graph.map((r) => r.endpoint)).toEqual(['reject']);
  });

  it('applies a changed rule file to the next decision within 2 s', async () => {
    const applied = await reloads(stack, 'ok');
    writeLocal({ rules: [], shadowRules: [] });
    await eventually(async () => (await reloads(stack, 'ok')) > applied, 2000, 'reload');
    expect((await decisionOf(stack)).kind).toBe('answer');
  });

  it('refuses an invalid change with a metric and keeps answering with the running rules', async () => {
    const refused = await reloads(stack, 'refused');
    writeLocal({ rules: [{ action: { type: 'answer', acceptedModalities: ['fax'] } }] });
    await eventually(async () => (await reloads(stack, 'refused')) > refused, 2000, 'refusal');
    expect((await decisionOf(stack)).kind).toBe('answer');

    // An action whose Graph request would be invalid is refused too, not only a schema error.
    writeLocal({ rules: [{ action: { type: 'answer', mediaProfile: 'nowhere' } }] });
    await eventually(async () => (await reloads(stack, 'refused')) > refused + 1, 2000, 'refusal');
    expect((await decisionOf(stack)).kind).toBe('answer');
  });

  it('reloads on SIGHUP', async () => {
    expect(process.listenerCount('SIGHUP')).toBeGreaterThan(0);
    const { RulesReloader } = await import('../src/rules');
    const reloader = stack.app.get(RulesReloader);
    writeLocal({ rules: [REJECT_ALL] });
    // The watcher may get there first; either way the file's rules are what runs next.
    await eventually(() => reloader.reload('test') !== 'refused', 2000, 'reload');
    const applied = await reloads(stack, 'ok');
    writeLocal({ rules: [] });
    // The handler a real SIGHUP runs (a real signal would reach Jest's own process too).
    process.emit('SIGHUP', 'SIGHUP');
    await eventually(async () => (await reloads(stack, 'ok')) > applied, 2000, 'SIGHUP reload');
    expect((await decisionOf(stack)).kind).toBe('answer');
  });
});
