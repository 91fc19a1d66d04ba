import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { waitForReady } from '../../scripts/child-service';

const root = resolve(__dirname, '../..');

/** `node <build>/main.js` as a child process, its stdout kept line by line. */
export class ServiceProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private partial = '';

  constructor(
    buildDir: string,
    readonly port: number,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, [join(buildDir, 'main.js')], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => {
      const text = this.partial + chunk.toString();
      const complete = text.split('\n');
      this.partial = complete.pop() ?? '';
      this.lines.push(...complete);
    });
    this.exited = new Promise((done) =>
      this.child.once('exit', (code, signal) => done({ code, signal })),
    );
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves once `/health/ready` answers 200 (store, keys and Graph token all in hand). */
  ready(timeoutMs = 60_000): Promise<void> {
    return waitForReady(`${this.baseUrl}/health/ready`, this.child, { timeoutMs, intervalMs: 100 });
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** The log lines, as objects, that `match` selects (non-JSON lines are skipped). */
  logLines(match: (line: Record<string, unknown>) => boolean): Record<string, unknown>[] {
    return this.lines.flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        return match(parsed) ? [parsed] : [];
      } catch {
        return [];
      }
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
