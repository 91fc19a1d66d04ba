import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitForReady } from '../scripts/child-service';
import { buildService, removeBuild } from './support/built-service';
import { parseStrictJson } from './support/strict-json';

/**
 * The production entry point as a container runs it: `node dist/main.js`, compiled here into a
 * folder of the test's own so that parallel runs never share a build.
 */
const root = resolve(__dirname, '..');
let outDir: string;
/** Waiting for `/health/live`: generous, since the suite shares the machine with builds and installs. */
const LIVE = { timeoutMs: 30_000, intervalMs: 50 };

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
  outDir = buildService();
}, 120_000);

afterAll(() => removeBuild(outDir));

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
    // Only the file with the typo: the built-in defaults are read from the package itself.
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
    try {
      writeFileSync(join(dir, 'local.yaml'), 'server:\n  prot: 3000\n');
      const { code, stderr } = await runToExit({ CONFIG_DIR: dir });
      expect(code).toBe(1);
      expect(stderr).toMatch(/server\.prot: unknown key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a phone number that is not E.164 and a participantCapacity never sent', async () => {
    const dirs = [
      mkdtempSync(join(tmpdir(), 'switchboard-config-')),
      mkdtempSync(join(tmpdir(), 'switchboard-config-')),
    ];
    try {
      for (const dir of dirs) execFileSync('cp', [join(root, 'config', 'default.yaml'), dir]);
      writeFileSync(
        join(dirs[0], 'local.yaml'),
        "answer:\n  defaultAction: {type: redirect, targets: [{kind: phone, id: '425-555-01'}]}\n",
      );
      writeFileSync(
        join(dirs[1], 'local.yaml'),
        'answer:\n  rules:\n    - match: {policyRecording: false}\n      action: {type: answer, participantCapacity: 3}\n',
      );
      const [phone, capacity] = await Promise.all(
        dirs.map((dir) => runToExit({ CONFIG_DIR: dir })),
      );
      expect(phone.code).toBe(1);
      expect(phone.stderr).toMatch(
        /^config error: answer\.defaultAction\.targets\[0\]\.id: id of a phone target must be an E\.164 number/m,
      );
      expect(capacity.code).toBe(1);
      expect(capacity.stderr).toMatch(
        /^config error: answer\.rules\[0\]\.action\.participantCapacity: never sent, since this rule matches no policy-based recording call/m,
      );
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'loads the modules named in extensions.modules beside its own',
    async () => {
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
    },
    LIVE.timeoutMs + 5_000,
  );

  it('runs in production from any folder: built-in defaults, CONFIG_DIR over them, Redis named when down', async () => {
    // The mounted folder holds only what the deployment changes, and is the working directory too.
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-deploy-'));
    const operatorKey = randomBytes(24).toString('hex');
    writeFileSync(join(dir, 'production.yaml'), `operator:\n  apiKeys: ['${operatorKey}']\n`);
    // A developer's file: read in production, its typo would stop the service.
    writeFileSync(join(dir, 'local.yaml'), 'server:\n  prot: 1\n');
    const [port, redisPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, [join(outDir, 'main.js')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        CONFIG_DIR: dir,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_BASE_URL: 'https://bot.example.com',
        AZURE_TENANT_ID: '11111111-2222-3333-4444-555555555555',
        AZURE_CLIENT_ID: '00000000-0000-0000-0000-00000000b07a',
        AZURE_CLIENT_SECRET: 'not-a-real-secret',
        // Nothing listens there; the password must not show anywhere.
        STORE_DRIVER: 'redis',
        REDIS_URL: `redis://:redis-password-x@127.0.0.1:${redisPort}`,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    // The log names the host; readiness only says what kind of failure it is.
    const unreachable = `Redis at 127.0.0.1:${redisPort}:`;
    try {
      await waitForReady(`${base}/health/live`, child, LIVE);
      expect(output).toContain(`config notice: ${join(dir, 'local.yaml')} not read`);
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(['unavailable', 'timeout']).toContain(
        ((await ready.json()) as { checks: Record<string, string> }).checks.store,
      );
      const until = Date.now() + 10_000;
      while (!output.includes(unreachable) && Date.now() < until)
        await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain(unreachable);
      // The key from CONFIG_DIR's production.yaml is the one the operator API takes.
      const headers = (key: string) => ({ authorization: `Bearer ${key}` });
      const wrong = await fetch(`${base}/api/calls`, { headers: headers('x'.repeat(48)) });
      const right = await fetch(`${base}/api/calls`, { headers: headers(operatorKey) });
      expect([wrong.status, right.status === 401]).toEqual([401, false]);
      expect(output).not.toContain('redis-password-x');
    } finally {
      child.kill('SIGKILL');
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
      // The emulator sees an answer before the service has logged it: wait for both.
      const done = (): boolean =>
        (output.match(/\[start-local\] demo .* answer in/g) ?? []).length >= 3 &&
        output.includes('"msg":"decision sent"') &&
        output.includes('[start-local] the calls: curl');
      while (!done()) {
        if (Date.now() > until || launcher.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(
        output.match(/\[start-local\] demo .*: service responded 202, answer in/g),
      ).toHaveLength(3);
      // The launcher made an operator key for this run and says how to use it.
      const howToLook = output.match(
        /^\[start-local\] the calls: curl -H 'authorization: Bearer (demo-[0-9a-f]{32})' http:\/\/localhost:(\d+)\/api\/calls$/m,
      );
      expect(howToLook?.[2]).toBe(String(servicePort));
      const calls = await fetch(`http://127.0.0.1:${servicePort}/api/calls`, {
        headers: { authorization: `Bearer ${howToLook?.[1]}` },
      });
      expect(calls.status).toBe(200);
      expect(((await calls.json()) as { value: unknown[] }).value.length).toBeGreaterThanOrEqual(3);
      // The service's log lines: calls were logged, but no credential or bearer token.
      expect(output).toMatch(/"msg":"decision sent"/);
      expect(output).not.toContain('emulator-client-secret');
      expect(output).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
      // Every line of the service is one JSON object with no key twice (stores drop such lines).
      const complete = output.slice(0, output.lastIndexOf('\n'));
      const serviceLines = complete.split('\n').filter((line) => line.startsWith('{'));
      expect(serviceLines.length).toBeGreaterThan(20);
      for (const line of serviceLines) expect(() => parseStrictJson(line)).not.toThrow();
      // Expected library chatter (msal's "No client info" on every token) is not a warning.
      const warnings = serviceLines
        .map((line) => JSON.parse(line) as { level: number; msg?: string })
        .filter((line) => line.level >= 40);
      expect(warnings.filter((line) => /no client info/i.test(line.msg ?? ''))).toEqual([]);
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
    }, LIVE.timeoutMs + 5_000);

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
