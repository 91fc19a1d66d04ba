import type { AzureConfigType, JournalConfigType } from '../config';
import { MetricsService } from '../metrics';
import { CallJournal } from './call-journal.service';
import type { JournalEntry } from './journal-entry';
import type { JournalWriter } from './journal.writer';

const CONFIG = { enabled: true, instance: 'test-instance' } as JournalConfigType;
const AZURE = { clientSecret: 'super-secret-value' } as AzureConfigType;
const OPERATOR = { apiKeys: ['operator-key-value'] };

class MemoryWriter implements JournalWriter {
  readonly written: JournalEntry[] = [];
  readonly batches: number[] = [];
  failNext = false;

  async write(entries: readonly JournalEntry[]): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    this.batches.push(entries.length);
    this.written.push(...entries);
  }

  async read(callId: string): Promise<JournalEntry[]> {
    return this.written.filter((e) => e.callId === callId);
  }

  async close(): Promise<void> {}
}

describe('CallJournal', () => {
  let writer: MemoryWriter;
  let metrics: MetricsService;
  let sut: CallJournal;

  beforeEach(() => {
    writer = new MemoryWriter();
    metrics = new MetricsService();
    sut = new CallJournal(writer, CONFIG, AZURE, OPERATOR, metrics);
  });

  it('writes entries in the order appended, stamped and redacted', async () => {
    for (let n = 0; n < 50; n++) sut.append('c1', 'x', { n, note: 'key operator-key-value' });
    const entries = await sut.read('c1');
    expect(entries.map((e) => e.n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(entries[0]).toMatchObject({ instance: 'test-instance', kind: 'x', callId: 'c1' });
    expect(Date.parse(entries[0].at)).not.toBeNaN();
    expect(JSON.stringify(entries)).not.toContain('operator-key-value');
  });

  it('writes the entries of one burst in one batch', async () => {
    // As a call appends them: a few entries, each from its own task.
    for (let n = 0; n < 5; n++) {
      sut.append('c1', 'x', { n });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sut.flush();
    expect(writer.batches).toEqual([5]);
  });

  it('counts entries it could not write and goes on with the next ones', async () => {
    writer.failNext = true;
    sut.append('c1', 'lost');
    await sut.flush();
    sut.append('c1', 'kept');
    expect((await sut.read('c1')).map((e) => e.kind)).toEqual(['kept']);
    expect(await metrics.registry.metrics()).toMatch(/switchboard_journal_write_failures_total 1/);
  });

  it('writes nothing when disabled', async () => {
    const disabled = new CallJournal(
      writer,
      { ...CONFIG, enabled: false },
      AZURE,
      OPERATOR,
      metrics,
    );
    disabled.append('c1', 'x');
    expect(await disabled.read('c1')).toEqual([]);
  });
});
