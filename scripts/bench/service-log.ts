import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A service's log lines: a file, as a log collector's disk would take them, rather than a pipe
 * the bench drains (the emulator shares the bench's event loop, and a pipe it is slow to read
 * blocks the service's synchronous writes). Lines at warn and above are shown once the run is over.
 */
export class ServiceLog {
  private readonly dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  readonly path = join(this.dir, 'service.log');
  readonly fd = openSync(this.path, 'w');

  /** Bytes written so far. */
  size(): number {
    return fstatSync(this.fd).size;
  }

  /** Lines in `[from, to)` (byte offsets). */
  lines(from: number, to: number): number {
    const text = readFileSync(this.path).subarray(from, to).toString('utf8');
    return text.split('\n').length - 1;
  }

  /** The first lines at warn or above (pino levels 40, 50, 60), or not JSON. */
  notable(max = 20): string[] {
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !/"level":(?:10|20|30),/.test(line))
      .slice(0, max);
  }

  remove(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
