import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { runRulesCheck } from './rules-check';

const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/notifications');

function configDir(answer: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rules-check-'));
  copyFileSync(join(ROOT, 'config/default.yaml'), join(dir, 'default.yaml'));
  writeFileSync(join(dir, 'local.yaml'), stringify({ answer }));
  return dir;
}

/** Runs the check, capturing what it prints. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: await runRulesCheck(args), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

/** The JSON documents printed one after the other. */
function documents(out: string): Record<string, unknown>[] {
  return out
    .split(/\n(?=\{)/)
    .filter((part) => part.trim())
    .map((part) => JSON.parse(part) as Record<string, unknown>);
}

describe('rules:check', () => {
  const dirs: string[] = [];
  const saved = { CONFIG_DIR: process.env.CONFIG_DIR, LOG_LEVEL: process.env.LOG_LEVEL };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    Object.assign(process.env, saved);
    if (saved.CONFIG_DIR === undefined) delete process.env.CONFIG_DIR;
  });

  it('prints, per incoming call, the decision, the rule and the exact Graph request body', async () => {
    const dir = configDir({
      rules: [
        {
          name: 'no peer-to-peer calls',
          match: { policyRecording: false },
          action: { type: 'reject', reason: 'busy' },
        },
      ],
    });
    dirs.push(dir);
    const result = await run([
      '--config',
      dir,
      join(FIXTURES, 'p2p-incoming-service-hosted.json'),
      join(FIXTURES, 'pbr-incoming.json'),
      join(FIXTURES, 'call-established.json'),
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const [p2p, pbr, established] = documents(result.out);
    expect(p2p).toMatchObject({
      decision: { type: 'reject', reason: 'busy' },
      source: 'rule',
      rule: 'no peer-to-peer calls',
      request: {
        method: 'POST',
        path: '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/reject',
        body: { reason: 'busy' },
      },
    });
    expect(pbr).toMatchObject({ policyRecording: true, source: 'default', rule: null });
    expect((pbr.request as { body: unknown }).body).toEqual({
      callbackUri: 'https://localhost:3000/api/calling',
      acceptedModalities: ['audio'],
      mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
    });
    expect(established).toMatchObject({ incomingCalls: 0 });
  });

  it('exits 1 with one line per problem on an invalid configuration', async () => {
    const dir = configDir({ rules: [{ action: { type: 'answer', acceptedModalities: ['fax'] } }] });
    dirs.push(dir);
    const result = await run(['--config', dir, join(FIXTURES, 'pbr-incoming.json')]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^config error: answer\.rules\[0\]\.action/m);
    expect(result.out).toBe('');
  });

  it('exits 2 without notification files', async () => {
    expect((await run([])).code).toBe(2);
  });
});
