import { type ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { freePort, stopChild } from '../child-service';

/**
 * A Redis of the bench's own (`redis-server` on a free loopback port, nothing persisted), so that
 * its command counters see only the service under test, not whatever else uses the shared Redis.
 */
export class PrivateRedis {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly client: Redis,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const port = await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    // Retried every 100 ms until redis-server listens; errors until then are expected.
    const client = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 100 });
    client.on('error', () => undefined);
    const ready = await new Promise<boolean>((done) => {
      const timer = setTimeout(() => done(false), 10_000);
      client.once('ready', () => {
        clearTimeout(timer);
        done(true);
      });
    });
    if (!ready) {
      client.disconnect();
      await stopChild(child);
      throw new Error('redis-server did not start within 10 s');
    }
    return new PrivateRedis(`redis://127.0.0.1:${port}`, child, client);
  }

  /** The redis-server process, for its CPU time. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Calls per command so far (`INFO commandstats`), e.g. `{ evalsha: 120, get: 80 }`. */
  async commandCounts(): Promise<Record<string, number>> {
    const info = await this.client.info('commandstats');
    const counts: Record<string, number> = {};
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      counts[match[1]] = Number(match[2]);
    }
    return counts;
  }

  async stop(): Promise<void> {
    this.client.disconnect();
    await stopChild(this.child, 5_000);
  }
}

/** `after - before` per command, without the bench's own INFO calls and zero deltas. */
export function commandDeltas(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const deltas: Record<string, number> = {};
  for (const [command, calls] of Object.entries(after)) {
    const delta = calls - (before[command] ?? 0);
    if (delta > 0 && command !== 'info') deltas[command] = delta;
  }
  return deltas;
}
