import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startEmulator, type Emulator } from '../emulator';
import { freePort, stopChild, waitForReady } from '../scripts/child-service';
import { installExample, packProject } from './support/packed-install';

/**
 * The example extension as a user builds it: the project packed (`npm pack`), installed into an
 * empty folder with NestJS of its own, the example compiled against `switchboard` there and loaded
 * through `extensions.modules` by the installed `node_modules/switchboard/dist/main.js`.
 */
const KNOWN = '+14255550101';
const VIP = '+14255550102';
const FRONT_DESK = '+14255550100';
const PEOPLE: Record<string, { name: string; vip: boolean }> = {
  [KNOWN]: { name: 'Grace', vip: false },
  [VIP]: { name: 'Ada', vip: true },
};

let stage: string;
let app: string;
let directory: Server;
let directoryUrl: string;

function configDir(name: string, options: Record<string, unknown>): string {
  const dir = join(stage, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'default.yaml'),
    readFileSync(join(app, 'node_modules/switchboard/config/default.yaml')),
  );
  writeFileSync(
    join(dir, 'local.yaml'),
    stringify({
      logging: { level: 'info' },
      answer: { rules: [{ match: { pstn: true }, action: { type: 'reject', reason: 'busy' } }] },
      extensions: { modules: [{ module: './dist/crm.module.js#CrmModule', options }] },
    }),
  );
  return dir;
}

function startService(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['node_modules/switchboard/dist/main.js'], {
    cwd: app,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', HOST: '127.0.0.1', ...env },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

beforeAll(async () => {
  stage = mkdtempSync(join(tmpdir(), 'switchboard-example-'));
  app = join(stage, 'app');
  mkdirSync(app);
  installExample('crm-extension', app, packProject(stage));
  directory = createServer((req, res) => {
    const phone = decodeURIComponent(/^\/people\/(.+)$/.exec(req.url ?? '')?.[1] ?? '');
    const person = PEOPLE[phone];
    res.writeHead(person ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(person ?? { error: 'unknown' }));
  });
  await new Promise<void>((done) => directory.listen(0, '127.0.0.1', done));
  directoryUrl = `http://127.0.0.1:${(directory.address() as { port: number }).port}`;
}, 420_000);

afterAll(async () => {
  directory?.closeAllConnections();
  await new Promise((done) => directory?.close(done));
  rmSync(stage, { recursive: true, force: true });
});

describe('the example extension, installed from the packed project', () => {
  it('shares one copy of NestJS with Switchboard (peer dependencies)', () => {
    const fromSwitchboard = require.resolve('@nestjs/common', {
      paths: [join(app, 'node_modules/switchboard')],
    });
    expect(fromSwitchboard).toBe(require.resolve('@nestjs/common', { paths: [app] }));
    expect(fromSwitchboard.startsWith(join(app, 'node_modules', '@nestjs'))).toBe(true);
  });

  it('stops the service at start-up for invalid options, one line per problem', async () => {
    const port = await freePort();
    const dir = configDir('bad-config', {
      directoryUrl: 'not a url',
      redirectUnknownTo: '425-555-01',
    });
    const { child, output } = startService({ PORT: String(port), CONFIG_DIR: dir });
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(output()).toMatch(/^config error: extensions\.modules\[0\]\.options\.directoryUrl: /m);
    expect(output()).toMatch(
      /^config error: extensions\.modules\[0\]\.options\.redirectUnknownTo: redirectUnknownTo must be an E\.164 number/m,
    );
  }, 30_000);

  describe('loaded through the configuration', () => {
    let emulator: Emulator;
    let service: { child: ChildProcess; output: () => string };
    let base: string;

    beforeAll(async () => {
      emulator = await startEmulator({ port: 0, keyDir: null });
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      const dir = configDir('config', { directoryUrl, redirectUnknownTo: FRONT_DESK });
      service = startService({ ...emulator.serviceEnv(), PORT: String(port), CONFIG_DIR: dir });
      emulator.configure({ botBaseUrl: base });
      await waitForReady(`${base}/health/ready`, service.child, { timeoutMs: 30_000 });
    }, 60_000);

    afterAll(async () => {
      if (service) await stopChild(service.child, 5_000);
      await emulator?.close();
    });

    const place = async (caller: { kind: 'phone' | 'user'; id: string }) => {
      const placed = await emulator.placeCall('pstn', { caller });
      return emulator.waitForAction(placed.callId, 10_000);
    };

    it('redirects PSTN callers the directory does not know to the front desk', async () => {
      const action = await place({ kind: 'phone', id: '+14255559999' });
      expect(action).toMatchObject({ kind: 'redirect', accepted: true });
      expect(JSON.stringify(action.body)).toContain(FRONT_DESK);
    });

    it('answers VIPs and leaves the others to the rules', async () => {
      expect(await place({ kind: 'phone', id: VIP })).toMatchObject({ kind: 'answer' });
      // The configured rule for PSTN calls: reject busy.
      expect(await place({ kind: 'phone', id: KNOWN })).toMatchObject({
        kind: 'reject',
        body: { reason: 'busy' },
      });
    });

    it('answers its own NotFoundException with 404 in the service’s error shape', async () => {
      const response = await fetch(`${base}/crm/people/${encodeURIComponent('+15550000000')}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'nobody with the number +15550000000',
      });
      const known = await fetch(`${base}/crm/people/${encodeURIComponent(VIP)}`);
      expect(await known.json()).toEqual(PEOPLE[VIP]);
    });

    it('keeps Nest’s default validation for its own routes', async () => {
      const response = await fetch(`${base}/crm/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'called twice', extra: true }),
      });
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ saved: { text: 'called twice', extra: true } });
    });

    it('hears the lifecycle events of the calls', async () => {
      const until = Date.now() + 5_000;
      let entries: Array<{ action: string; caller: string }> = [];
      while (Date.now() < until && entries.length < 3) {
        entries = (
          (await (await fetch(`${base}/crm/decisions`)).json()) as { value: typeof entries }
        ).value;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'redirect', caller: '+14255559999' }),
          expect.objectContaining({ action: 'answer', caller: VIP }),
          expect.objectContaining({ action: 'reject', caller: KNOWN }),
        ]),
      );
    });
  });
});
