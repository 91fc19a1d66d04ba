/**
 * What the HTTP stack alone costs per request, on this machine: node:http (the bare server's
 * stack), Fastify, and Nest on Fastify (the service's), each the smallest server that takes a
 * notification and answers 202 (`floor-server.ts`). A bench call is three such requests plus the
 * service's own work, so three times Nest's figure less node's is CPU per call that no change to
 * the service's code can remove while it is served by Nest on Fastify.
 *
 *   npx tsx scripts/bench/framework-floor.ts [--requests 20000] [--rounds 3] [--concurrency 8]
 *
 * Prints each kind's server CPU per request (process user + system time, /proc), best and median
 * over the rounds, the kinds alternating within each round.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { freePort, stopChild, waitForReady } from '../child-service';
import { cpuSeconds } from './process-stats';

const KINDS = ['node', 'fastify', 'nest'] as const;
const ROOT = resolve(__dirname, '../..');
const BODY = readFileSync(resolve(ROOT, 'test/fixtures/notifications/call-established.json'));

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '8' },
  },
});
const requests = Number(values.requests);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);

async function post(pool: Pool, count: number): Promise<void> {
  let left = count;
  const worker = async (): Promise<void> => {
    while (left-- > 0) {
      const { statusCode, body } = await pool.request({
        method: 'POST',
        path: '/api/calling',
        headers: { 'content-type': 'application/json' },
        body: BODY,
      });
      await body.dump();
      if (statusCode !== 202) throw new Error(`answered ${statusCode}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Server CPU per request, in microseconds, for one kind. */
async function measure(kind: (typeof KINDS)[number]): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/floor-server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, FLOOR_KIND: kind, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: concurrency });
  try {
    await waitForReady(`http://127.0.0.1:${port}/health/ready`, child);
    await post(pool, Math.min(requests, 5000)); // warm-up: JIT, connections
    const before = cpuSeconds(child.pid);
    await post(pool, requests);
    return ((cpuSeconds(child.pid) - before) / requests) * 1e6;
  } finally {
    await pool.close();
    await stopChild(child);
  }
}

async function main(): Promise<void> {
  const results = new Map<string, number[]>(KINDS.map((kind) => [kind, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const kind of KINDS) results.get(kind)?.push(await measure(kind));
    const line = KINDS.map((kind) => `${kind} ${results.get(kind)?.at(-1)?.toFixed(1)} µs`);
    console.log(`round ${round}: ${line.join(', ')}`);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const node = median(results.get('node') ?? []);
  for (const kind of KINDS) {
    const xs = results.get(kind) ?? [];
    console.log(
      `${kind.padEnd(8)} server CPU per request: best ${Math.min(...xs).toFixed(1)} µs, ` +
        `median ${median(xs).toFixed(1)} µs (${(median(xs) / node).toFixed(2)}× node:http)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
