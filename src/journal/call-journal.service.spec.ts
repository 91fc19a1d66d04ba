import type { AzureConfigType, JournalConfigType } from '../config';
import { MetricsService } from '../metrics';
import { CallJournal } from './call-journal.service';
import type { JournalEntry, JournalLine } from './journal-entry';
import { JournalRedactor } from './journal.redaction';
import type { JournalWriter } from './journal.writer';

const CONFIG = { enabled: true, instance: 'test-instance' } as JournalConfigType;
const AZURE = { clientSecret: 'super-secret-value' } as AzureConfigType;
const OPERATOR = { apiKeys: ['operator-key-value'] };

class MemoryWriter implements JournalWriter {
  readonly lines: string[] = [];
  readonly batches: number[] = [];
  failNext = false;

  async write(entries: readonly JournalLine[]): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    this.batches.push(entries.length);
    this.lines.push(...entries.map((entry) => entry.line));
  }

  async read(callId: string): Promise<JournalEntry[]> {
    return this.lines
      .map((line) => JSON.parse(line) as JournalEntry)
      .filter((e) => e.callId === callId);
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

  describe('the line of an entry', () => {
    const AT = '2026-12-05T00:00:00.000Z';
    /** How every entry was written before lines were made at append: redacted copy, then text. */
    function formerLine(callId: string, kind: string, fields: Record<string, unknown>): string {
      const { at, ...rest } = fields;
      const redacted = new JournalRedactor([AZURE.clientSecret, ...OPERATOR.apiKeys]).redact(rest);
      return JSON.stringify({ ...redacted, at, instance: 'test-instance', callId, kind });
    }
    const item = {
      '@odata.type': '#microsoft.graph.commsNotification',
      changeType: 'updated',
      resourceData: { state: 'established', skipped: undefined, list: [1, 'two', null] },
    };
    const cases: [string, Record<string, unknown>, unknown][] = [
      ['a clean item', { at: AT, digest: 'd', requestId: 'r' }, item],
      ['an item holding a secret', { at: AT, n: 1 }, { ...item, note: 'super-secret-value' }],
      ['an item under a secret key', { at: AT }, { ...item, meetingToken: 'm' }],
      ['fields holding a secret', { at: AT, note: 'Bearer abc' }, item],
      ['no other fields', { at: AT }, item],
      ['a field with the same key', { at: AT, item: 'first' }, item],
      ['a field with a key of the stamp', { at: AT, kind: 'theirs' }, item],
    ];

    it.each(cases)('is the former one with %s spliced in as text', async (_what, fields, value) => {
      sut.appendWithJson('c1', 'notification', fields, 'item', JSON.stringify(value));
      await sut.flush();
      expect(writer.lines).toEqual([formerLine('c1', 'notification', { ...fields, item: value })]);
    });

    it.each(cases)('is the former one with %s appended as fields', async (_what, fields, value) => {
      sut.append('c1', 'x', { ...fields, item: value });
      await sut.flush();
      expect(writer.lines).toEqual([formerLine('c1', 'x', { ...fields, item: value })]);
    });
  });

  it('never throws: a cycle is cut by the redaction, a value JSON cannot hold is counted', async () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    sut.append('c1', 'cycle', { cyclic });
    expect(() => sut.append('c1', 'big', { n: 1n })).not.toThrow();
    const entries = await sut.read('c1');
    expect(entries.map((e) => e.kind)).toEqual(['cycle']);
    expect(JSON.stringify(entries[0])).toContain('[redacted]');
    expect(await metrics.registry.metrics()).toMatch(/switchboard_journal_write_failures_total 1/);
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
