import { mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JournalLine } from './journal-entry';
import { FileJournalWriter } from './file-journal.writer';

function entry(callId: string, n: number): JournalLine {
  const at = new Date(1_700_000_000_000 + n).toISOString();
  return { callId, line: JSON.stringify({ at, instance: 'i', callId, kind: 'x', n }) };
}

describe('FileJournalWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads back a call's entries in order, case-insensitively, across instances of the writer", async () => {
    const first = new FileJournalWriter({ dir, maxFileBytes: 1 << 20, maxFiles: 2 });
    await first.write([entry('Call-A', 1), entry('call-b', 2)]);
    const sut = new FileJournalWriter({ dir, maxFileBytes: 1 << 20, maxFiles: 2 });
    await sut.write([entry('call-a', 3)]);
    // Both keep the file open: the second appends after the first, and so does the first again.
    await first.write([entry('call-a', 4)]);
    expect((await sut.read('CALL-A', 100)).map((e) => e.n)).toEqual([1, 3, 4]);
    expect((await sut.read('call-a', 1)).map((e) => e.n)).toEqual([4]);
    await Promise.all([first.close(), sut.close()]);
  });

  it('rotates past maxFileBytes and keeps at most maxFiles rotated files', async () => {
    const sut = new FileJournalWriter({ dir, maxFileBytes: 4096, maxFiles: 2 });
    for (let n = 0; n < 200; n++) await sut.write([entry('call-a', n)]);
    expect(readdirSync(dir).sort()).toEqual([
      'journal.1.jsonl',
      'journal.2.jsonl',
      'journal.jsonl',
    ]);
    const kept = (await sut.read('call-a', 1000)).map((e) => e.n as number);
    expect(kept[kept.length - 1]).toBe(199);
    expect(kept[0]).toBeGreaterThan(0);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    await sut.close();
  });

  it('skips a torn line left by a crash', async () => {
    writeFileSync(join(dir, 'journal.jsonl'), `${entry('call-a', 1).line}\n`);
    appendFileSync(join(dir, 'journal.jsonl'), '{"callId":"call-a","kin');
    const sut = new FileJournalWriter({ dir, maxFileBytes: 1 << 20, maxFiles: 1 });
    await sut.write([entry('call-a', 2)]);
    expect((await sut.read('call-a', 10)).map((e) => e.n)).toEqual([1, 2]);
    await sut.close();
  });
});
