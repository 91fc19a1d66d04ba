/**
 * The service as a child process, for the scripts that start it (`npm start`, `npm run bench`) and
 * the test of the production entry point: a free port for it, waiting until it answers, stopping it.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

export interface WaitForReadyOptions {
  timeoutMs?: number;
  /** Time between two attempts. */
  intervalMs?: number;
}

/**
 * Resolves once `url` answers 2xx; rejects as soon as the child exits, or after `timeoutMs` with
 * the last answer (or connection error) seen.
 */
export async function waitForReady(
  url: string,
  child: ChildProcess,
  { timeoutMs = 30_000, intervalMs = 100 }: WaitForReadyOptions = {},
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`the service was not ready within ${timeoutMs / 1000} s (last: ${last})`);
}

/** SIGTERM, then SIGKILL if the child is still running after `graceMs`; resolves once it exited. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(force);
  }
}
