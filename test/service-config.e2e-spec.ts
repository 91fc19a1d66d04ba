import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * How `node dist/main.js` refuses a configuration, as a deployment meets it: exit code 1 and one
 * `config error:` line per problem on stderr. The configuration is read and validated before Nest
 * builds anything, so the sources run with tsx (no build, no decorator metadata needed).
 */
const root = resolve(__dirname, '..');

/** Everything production requires, pointing nowhere real: validation passes, nothing is contacted. */
const PRODUCTION: NodeJS.ProcessEnv = {
  NODE_ENV: 'production',
  PUBLIC_BASE_URL: 'https://bot.example.com',
  AZURE_TENANT_ID: '11111111-2222-3333-4444-555555555555',
  AZURE_CLIENT_ID: '00000000-0000-0000-0000-00000000b07a',
  AZURE_CLIENT_SECRET: 'not-a-real-secret',
};

function refusal(env: NodeJS.ProcessEnv): Promise<{ code: number | null; lines: string[] }> {
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => {
    // A configuration that is accepted would start listening: that is a failure here too.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, lines: stderr.trim().split('\n') });
    });
  });
}

describe('configuration refused at start-up', () => {
  it('refuses an unknown NODE_ENV in one line that lists the profiles', async () => {
    const { code, lines } = await refusal({ NODE_ENV: 'staging' });
    expect(code).toBe(1);
    expect(lines).toEqual([
      'config error: NODE_ENV=staging is not a profile; use one of development, test, production',
    ]);
  });

  it('says the rule when PUBLIC_BASE_URL is http: https only', async () => {
    const { code, lines } = await refusal({ PUBLIC_BASE_URL: 'http://bot.example.com' });
    expect(code).toBe(1);
    expect(lines).toEqual([
      'config error: server.publicBaseUrl (PUBLIC_BASE_URL): publicBaseUrl must be an https URL',
    ]);
  });

  it('refuses production with a placeholder operator key, without printing it', async () => {
    const { code, lines } = await refusal({
      ...PRODUCTION,
      OPERATOR_API_KEYS: 'change-me-operator-key',
    });
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(
        /^config error: operator\.apiKeys \(OPERATOR_API_KEYS\): key 1 of 1 is a placeholder value, not a secret; /,
      ),
    ]);
    expect(lines.join('\n')).not.toContain('change-me-operator-key');
  });

  it('refuses production with a short operator key', async () => {
    const { code, lines } = await refusal({ ...PRODUCTION, OPERATOR_API_KEYS: 'k3y' });
    expect(code).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/key 1 of 1 is shorter than 16 characters; /)]);
  });

  it('refuses a CONFIG_DIR that does not exist, naming it', async () => {
    const missing = join(tmpdir(), 'switchboard-no-such-config-dir');
    const { code, lines } = await refusal({ CONFIG_DIR: missing });
    expect(code).toBe(1);
    expect(lines).toEqual([`config error: CONFIG_DIR=${missing}: no such folder`]);
  });

  it('reads local.yaml of CONFIG_DIR in development: a folder with only that file is enough', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
    try {
      writeFileSync(join(dir, 'local.yaml'), 'server:\n  port: not-a-port\n');
      const { code, lines } = await refusal({ CONFIG_DIR: dir });
      expect(code).toBe(1);
      expect(lines).toEqual(['config error: server.port (PORT): port must be an integer number']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
