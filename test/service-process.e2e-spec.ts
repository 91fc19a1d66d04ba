import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitForReady } from '../scripts/child-service';

/**
 * The production entry point as a container runs it: `node dist/main.js`, compiled here into a
 * folder of the test's own so that parallel runs never share a build.
 */
const root = resolve(__dirname, '..');
let outDir: string;
/** Waiting for `/health/live`. */
const LIVE = { timeoutMs: 15_000, intervalMs: 50 };

interface Exit {
  code: number | null;
  stderr: string;
}

function runToExit(env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(outDir, 'main.js')], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

beforeAll(() => {
  // Inside the repository, so that the build resolves node_modules like dist/ does.
  mkdirSync(join(root, '.test-dist'), { recursive: true });
  outDir = mkdtempSync(join(root, '.test-dist', 'dist-'));
  // Type errors are the typecheck step's to report; this suite needs the emitted JavaScript.
  const build = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir],
    { cwd: root, encoding: 'utf8' },
  );
  if (!existsSync(join(outDir, 'main.js'))) throw new Error(`build failed:\n${build.stdout}`);
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('node dist/main.js', () => {
  it('refuses to start in production without credentials, one line per missing setting', async () => {
    const { code, stderr } = await runToExit({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    for (const variable of [
      'PUBLIC_BASE_URL',
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
    ]) {
      expect(stderr).toMatch(new RegExp(`^config error: .*\\(${variable}\\).*$`, 'm'));
    }
  });

  it('refuses a wrongly typed variable, naming it', async () => {
    const { code, stderr } = await runToExit({ PORT: 'abc' });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^config error: server\.port \(PORT\): port must be an integer number$/m,
    );
  });

  it('refuses a typo in a config file, naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
    try {
      execFileSync('cp', [join(root, 'config', 'default.yaml'), dir]);
      writeFileSync(join(dir, 'local.yaml'), 'server:\n  prot: 3000\n');
      const { code, stderr } = await runToExit({ CONFIG_DIR: dir });
      expect(code).toBe(1);
      expect(stderr).toMatch(/server\.prot: unknown key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads the modules named in extensions.modules beside its own', async () => {
    const dir = mkdtempSync(join(root, '.test-dist', 'ext-'));
    try {
      writeFileSync(
        join(dir, 'hello.module.js'),
        [
          "const { Controller, Get, Module } = require('@nestjs/common');",
          "class HelloController { hello() { return { hello: 'extension' }; } }",
          "Get()(HelloController.prototype, 'hello', Object.getOwnPropertyDescriptor(HelloController.prototype, 'hello'));",
          "Controller('hello-extension')(HelloController);",
          'class HelloModule {}',
          'Module({ controllers: [HelloController] })(HelloModule);',
          'module.exports = { HelloModule };',
        ].join('\n'),
      );
      execFileSync('cp', [join(root, 'config', 'default.yaml'), dir]);
      writeFileSync(
        join(dir, 'local.yaml'),
        `extensions:\n  modules: ['${join(dir, 'hello.module.js')}#HelloModule']\n`,
      );
      const port = await freePort();
      const child = spawn(process.execPath, [join(outDir, 'main.js')], {
        cwd: root,
        env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', CONFIG_DIR: dir },
        stdio: 'ignore',
      });
      try {
        await waitForReady(`http://127.0.0.1:${port}/health/live`, child, LIVE);
        const response = await fetch(`http://127.0.0.1:${port}/hello-extension`);
        expect(await response.json()).toEqual({ hello: 'extension' });
      } finally {
        child.kill('SIGKILL');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs as npm start does: the emulator, the service, demo calls answered', async () => {
    const [servicePort, emulatorPort] = [await freePort(), await freePort()];
    const launcher = spawn(
      process.execPath,
      [require.resolve('tsx/cli'), 'scripts/start-local.ts'],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          PORT: String(servicePort),
          EMULATOR_PORT: String(emulatorPort),
          DEMO_CALLS: '3',
          DEMO_INTERVAL_MS: '100',
          SWITCHBOARD_ENTRY: join(outDir, 'main.js'),
          // Machines often trust a bundle of their own already: the launcher must keep both.
          NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt',
          // Everything the service can log, to show that no secret is ever among it.
          LOG_LEVEL: 'trace',
        },
      },
    );
    let output = '';
    launcher.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const until = Date.now() + 40_000;
      while ((output.match(/\[start-local\] demo .* answer in/g) ?? []).length < 3) {
        if (Date.now() > until || launcher.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(
        output.match(/\[start-local\] demo .*: service responded 202, answer in/g),
      ).toHaveLength(3);
      // The service's log lines: calls were logged, but no credential or bearer token.
      expect(output).toMatch(/"msg":"decision sent"/);
      expect(output).not.toContain('emulator-client-secret');
      expect(output).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
    } finally {
      launcher.kill('SIGTERM');
      await new Promise((done) => launcher.once('exit', done));
    }
  }, 60_000);

  describe('started', () => {
    let child: ChildProcess;
    let base: string;

    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      child = spawn(process.execPath, [join(outDir, 'main.js')], {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          // The default profile, as a plain `node dist/main.js` runs: its drain delay is under test.
        },
        stdio: 'ignore',
      });
      await waitForReady(`${base}/health/live`, child, LIVE);
    });

    afterAll(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });

    it('is live', async () => {
      const response = await fetch(`${base}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('answers unknown routes with the JSON error shape', async () => {
      const response = await fetch(`${base}/nowhere`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: expect.any(String),
      });
    });

    it('turns readiness to 503 (draining) on SIGTERM, then exits', async () => {
      const exited = new Promise<string>((done) =>
        child.on('exit', (code, signal) => done(signal ?? `code ${code}`)),
      );
      child.kill('SIGTERM');
      // The default drain delay is non-zero, so a gateway (and this test) can see the window.
      let draining: { status?: string; checks?: Record<string, string> } | undefined;
      const until = Date.now() + 5_000;
      while (!draining && Date.now() < until) {
        try {
          const response = await fetch(`${base}/health/ready`);
          if (response.status === 503) {
            const body = (await response.json()) as { status?: string };
            if (body.status === 'draining') draining = body;
          }
        } catch {
          break;
        }
      }
      expect(draining?.checks?.shutdown).toBe('draining');
      // A clean drain is a clean exit.
      expect(await exited).toBe('code 0');
    });
  });
});
