import { Worker } from 'node:worker_threads';

/** Bytes of an input's description the watchdog can print (the rest is cut). */
const CAPACITY = 16 * 1024;

/*
 * The watching thread. `state[0]` counts inputs begun and ended, `state[1]` is the length of the
 * description of the input running now (0: none). It sleeps on the counter, so it wakes at once
 * when the test moves on, and writes to stderr itself: the test's thread is the one stuck.
 */
const WATCHER = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const state = new Int32Array(workerData.buffer, 0, 2);
const text = new Uint8Array(workerData.buffer, 8);
let seen = Atomics.load(state, 0);
let since = Date.now();
let told = false;
for (;;) {
  Atomics.wait(state, 0, seen, 1000);
  const now = Atomics.load(state, 0);
  if (now !== seen) {
    seen = now;
    since = Date.now();
    told = false;
    continue;
  }
  const length = Atomics.load(state, 1);
  const waited = Date.now() - since;
  if (!told && length > 0 && waited >= workerData.afterMs) {
    told = true;
    const input = Buffer.from(text.subarray(0, length)).toString('utf8');
    writeSync(2, '\\n' + workerData.label + ': one input has run for ' + waited + ' ms: ' + input + '\\n');
  }
}
`;

/**
 * Names the input a property test is stuck on. A synchronous loop (or a heap blown up by one)
 * stops every timer of the test's thread, and Jest's timeout with it: the worker just dies, long
 * after, without saying which input did it. A thread of its own watches instead: the test says
 * when each input begins and ends, and an input still running after `afterMs` is printed to
 * stderr with its description (which should carry the seed).
 */
export class StallWatchdog {
  private readonly state: Int32Array;
  private readonly text: Uint8Array;
  private readonly worker: Worker;

  constructor(label: string, afterMs: number) {
    const buffer = new SharedArrayBuffer(8 + CAPACITY);
    this.state = new Int32Array(buffer, 0, 2);
    this.text = new Uint8Array(buffer, 8);
    this.worker = new Worker(WATCHER, { eval: true, workerData: { buffer, afterMs, label } });
    this.worker.unref();
  }

  begin(description: string): void {
    const { written } = new TextEncoder().encodeInto(description, this.text);
    Atomics.store(this.state, 1, written);
    this.moveOn();
  }

  end(): void {
    Atomics.store(this.state, 1, 0);
    this.moveOn();
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private moveOn(): void {
    Atomics.add(this.state, 0, 1);
    Atomics.notify(this.state, 0);
  }
}
