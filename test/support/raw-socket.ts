import { connect, type Socket } from 'node:net';

/** What a raw HTTP/1.1 exchange produced, timed from the moment the connection was open. */
export interface RawExchange {
  /** Everything the server sent, as text. */
  readonly received: string;
  /** Milliseconds from connect to the first byte received (undefined: none). */
  readonly firstByteMs: number | undefined;
  /** Milliseconds from connect to the connection's end (close, reset or timeout). */
  readonly closedMs: number;
  /** Bytes this client managed to write. */
  readonly written: number;
  /** The socket error, if the connection ended with one (e.g. ECONNRESET, EPIPE). */
  readonly error: string | undefined;
}

export interface RawExchangeOptions {
  /** Request head (request line and headers, without the final empty line). */
  readonly head: string;
  /**
   * Called every `intervalMs` until it returns null or the server closes: bytes to send next
   * (the body, or a header line for a slow-headers client).
   */
  readonly next?: (round: number) => string | Buffer | null;
  readonly intervalMs?: number;
  /** Whether the head is sent complete (with its empty line); false for a slow-headers client. */
  readonly completeHead?: boolean;
  /** Gives up after this long (the exchange is then reported as closed at that time). */
  readonly timeoutMs?: number;
}

/**
 * One request over a raw TCP connection to `baseUrl`, with full control of the timing of its
 * bytes (slow headers, a body still being uploaded when the response comes), as hostile or
 * unlucky clients send them. Keeps reading until the server closes the connection.
 */
export function rawExchange(baseUrl: string, options: RawExchangeOptions): Promise<RawExchange> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const started = performance.now();
    const socket: Socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let firstByteMs: number | undefined;
    let written = 0;
    let error: string | undefined;
    let round = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      clearInterval(timer);
      clearTimeout(limit);
      socket.destroy();
      resolve({
        received: Buffer.concat(chunks).toString('latin1'),
        firstByteMs,
        closedMs: performance.now() - started,
        written,
        error,
      });
    };
    const limit = setTimeout(done, options.timeoutMs ?? 20_000);
    const send = (bytes: string | Buffer): void => {
      if (socket.destroyed || !socket.writable) return;
      written += Buffer.byteLength(bytes);
      socket.write(bytes);
    };
    socket.on('connect', () => {
      send(options.completeHead === false ? options.head : `${options.head}\r\n\r\n`);
      if (!options.next) return;
      timer = setInterval(() => {
        const bytes = options.next!(round++);
        if (bytes === null) clearInterval(timer);
        else send(bytes);
      }, options.intervalMs ?? 5);
    });
    socket.on('data', (chunk: Buffer) => {
      firstByteMs ??= performance.now() - started;
      chunks.push(chunk);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', done);
  });
}

/** The status code of the first response in `received`, if any. */
export function statusOf(received: string): number | undefined {
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(received);
  return match ? Number(match[1]) : undefined;
}

/** The JSON body of the first response in `received`. */
export function bodyOf(received: string): unknown {
  const start = received.indexOf('\r\n\r\n');
  return start < 0 ? undefined : (JSON.parse(received.slice(start + 4)) as unknown);
}
