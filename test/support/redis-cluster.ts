import { ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../scripts/child-service';

const run = promisify(execFile);

/** Whether this machine can start a Redis Cluster of its own (tests skip, saying so, when not). */
export function redisServerInstalled(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return probe.status === 0;
}

/**
 * A Redis Cluster of the test's own: three masters without replicas on free ports (data and bus
 * ports both chosen, so nothing collides with another run), in a temporary folder. Each node is
 * durable as a production one is configured (an append-only file synced on every write), so a
 * node killed and restarted comes back with its slots and its data.
 */
export class RedisCluster {
  private readonly children = new Map<number, ChildProcess>();
  private readonly busPorts = new Map<number, number>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'switchboard-cluster-'));

  private constructor(readonly ports: readonly number[]) {}

  /** `host:port` seed nodes, as REDIS_CLUSTER_NODES takes them. */
  get nodes(): string[] {
    return this.ports.map((port) => `127.0.0.1:${port}`);
  }

  static async start(masters = 3): Promise<RedisCluster> {
    const ports: number[] = [];
    while (ports.length < masters) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    const cluster = new RedisCluster(ports);
    try {
      await Promise.all(ports.map((port) => cluster.spawnNode(port)));
      await run('redis-cli', [
        '--cluster',
        'create',
        ...cluster.nodes,
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
      await Promise.all(ports.map((port) => waitFor(port, 'cluster info', /cluster_state:ok/)));
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.ports.map((port) => this.killNode(port)));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The node on `port` gone without warning, as a crashed server; its slots fail meanwhile. */
  async killNode(port: number): Promise<void> {
    const child = this.children.get(port);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts a killed node again (same ports, configuration and data); resolves once it serves. */
  async restartNode(port: number): Promise<void> {
    await this.spawnNode(port);
    await waitFor(port, 'cluster info', /cluster_state:ok/);
  }

  /** The node on `port` stops answering (SIGSTOP) until `resumeNode`: a hung server. */
  hangNode(port: number): void {
    this.children.get(port)?.kill('SIGSTOP');
  }

  resumeNode(port: number): void {
    this.children.get(port)?.kill('SIGCONT');
  }

  private async spawnNode(port: number): Promise<void> {
    const busPort = this.busPorts.get(port) ?? (await freePort());
    this.busPorts.set(port, busPort);
    const child = spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1'],
        ...['--cluster-enabled', 'yes', '--cluster-port', String(busPort)],
        ...['--cluster-config-file', join(this.dir, `nodes-${port}.conf`), '--dir', this.dir],
        ...['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'],
        ...['--appenddirname', `appendonly-${port}`, '--daemonize', 'no'],
      ],
      { stdio: 'ignore' },
    );
    this.children.set(port, child);
    await waitFor(port, 'ping', /PONG/, () => child.exitCode !== null);
  }
}

/** Polls `redis-cli -p port <command>` until its output matches (10 s at most). */
async function waitFor(
  port: number,
  command: string,
  expected: RegExp,
  gone: () => boolean = () => false,
): Promise<void> {
  const until = Date.now() + 10_000;
  for (;;) {
    const output = await run('redis-cli', ['-p', String(port), ...command.split(' ')]).then(
      (result) => result.stdout,
      () => '',
    );
    if (expected.test(output)) return;
    if (gone() || Date.now() > until) {
      throw new Error(`Redis Cluster node on port ${port}: no ${expected} from ${command}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
