import pino, { type DestinationStream } from 'pino';

type FlushableStream = DestinationStream & { flushSync(): void };

/**
 * Lines are written once this much is buffered, or at the latest after `FLUSH_INTERVAL_MS`: one
 * write(2) for many lines. A write per line (at least one line per call) cost the hot path more
 * CPU than building the line.
 */
const BUFFERED_BYTES = 4096;
const FLUSH_INTERVAL_MS = 200;

let stdout: FlushableStream | undefined;

/** Writes what the asynchronous stdout destination still holds; safe to call at any time. */
export function flushLogs(): void {
  try {
    stdout?.flushSync();
  } catch {
    // Nothing to write to any more (stdout closed): the lines cannot be saved.
  }
}

/**
 * stdout, written asynchronously and in batches: a log line costs the request path a string
 * append, not a blocking write(2). One per process (every application built in it shares it), flushed when the
 * process exits and when the application shuts down (see `LogFlush`), so that the last lines
 * before a signal are not lost.
 */
export function stdoutDestination(): DestinationStream {
  if (!stdout) {
    stdout = pino.destination({
      dest: 1,
      sync: false,
      minLength: BUFFERED_BYTES,
      periodicFlush: FLUSH_INTERVAL_MS,
    });
    process.once('exit', flushLogs);
  }
  return stdout;
}
