import { createReadStream, existsSync } from 'node:fs';
import { appendFile, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { JournalEntry, JournalLine } from './journal-entry';
import type { JournalWriter } from './journal.writer';

export interface FileJournalOptions {
  dir: string;
  /** The current file is rotated when it would grow past this. */
  maxFileBytes: number;
  /** Rotated files kept besides the current one. */
  maxFiles: number;
}

const CURRENT = 'journal.jsonl';

/**
 * The embedded journal: append-only JSON lines in `dir/journal.jsonl`, rotated to
 * `journal.1.jsonl` (newest) … `journal.<maxFiles>.jsonl` (oldest, then deleted). Writes come from
 * one queue (`CallJournal`), so lines never interleave; a restarted process appends to the same
 * file. Reading a call scans the files oldest first, which is fine for an operator's question and
 * never on the hot path.
 *
 * The current file stays open (in append mode) between writes: opening and closing it for every
 * batch cost more CPU per call than writing the lines.
 */
export class FileJournalWriter implements JournalWriter {
  private size: number | undefined;
  private handle: FileHandle | undefined;

  constructor(private readonly options: FileJournalOptions) {}

  async write(entries: readonly JournalLine[]): Promise<void> {
    if (entries.length === 0) return;
    const text = entries.map((entry) => `${entry.line}\n`).join('');
    const bytes = Buffer.byteLength(text);
    const size = await this.currentSize();
    if (size > 0 && size + bytes > this.options.maxFileBytes) await this.rotate();
    this.handle ??= await open(this.path(0), 'a', 0o600);
    await this.handle.appendFile(text, 'utf8');
    this.size = (this.size ?? 0) + bytes;
  }

  async read(callId: string, limit: number): Promise<JournalEntry[]> {
    const id = callId.toLowerCase();
    const entries: JournalEntry[] = [];
    for (let index = this.options.maxFiles; index >= 0; index--) {
      const file = this.path(index);
      if (!existsSync(file)) continue;
      const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
      for await (const line of lines) {
        // Cheap test first: most lines are about other calls.
        if (!line.toLowerCase().includes(id)) continue;
        const entry = parseLine(line);
        if (entry && entry.callId.toLowerCase() === id) entries.push(entry);
      }
    }
    return entries.slice(-limit);
  }

  async close(): Promise<void> {
    await this.closeCurrent();
  }

  private async closeCurrent(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private path(index: number): string {
    return join(this.options.dir, index === 0 ? CURRENT : `journal.${index}.jsonl`);
  }

  private async currentSize(): Promise<number> {
    if (this.size !== undefined) return this.size;
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    this.size = await stat(this.path(0)).then(
      (s) => s.size,
      () => 0,
    );
    // A crash can leave a torn last line: end it, so that the next entry starts a line of its own.
    if (this.size > 0 && !(await this.endsWithNewline())) {
      await appendFile(this.path(0), '\n');
      this.size += 1;
    }
    return this.size;
  }

  private async endsWithNewline(): Promise<boolean> {
    const file = await open(this.path(0), 'r');
    try {
      const last = Buffer.alloc(1);
      await file.read(last, 0, 1, (this.size ?? 1) - 1);
      return last[0] === 0x0a;
    } finally {
      await file.close();
    }
  }

  private async rotate(): Promise<void> {
    const { maxFiles } = this.options;
    await this.closeCurrent();
    // The oldest goes (with maxFiles 0, that is the current file itself).
    await rm(this.path(maxFiles), { force: true });
    for (let index = maxFiles - 1; index >= 0; index--) {
      if (existsSync(this.path(index))) await rename(this.path(index), this.path(index + 1));
    }
    this.size = 0;
  }
}

function parseLine(line: string): JournalEntry | undefined {
  try {
    const value = JSON.parse(line) as JournalEntry;
    return typeof value?.callId === 'string' ? value : undefined;
  } catch {
    // A torn last line after a crash: skip it, keep the rest.
    return undefined;
  }
}
