import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  azureConfig,
  AzureConfigType,
  journalConfig,
  JournalConfigType,
  operatorConfig,
  OperatorConfigType,
} from '../config';
import { MetricsService } from '../metrics';
import { JOURNAL_READ_LIMIT, type JournalEntry, type JournalLine } from './journal-entry';
import { JournalRedactor } from './journal.redaction';
import { JOURNAL_WRITER, type JournalWriter } from './journal.writer';

/** Entries waiting to be written beyond this are dropped (and counted): memory stays bounded. */
const MAX_QUEUED = 20_000;
/**
 * Entries appended within this long are written together: a call appends several entries over a
 * few milliseconds, and one write per entry cost more CPU per call than the entries themselves.
 */
const BATCH_WINDOW_MS = 20;
/** At most one log line per this long about failing writes, so an outage does not flood logs. */
const FAILURE_LOG_INTERVAL_MS = 10_000;

/** What the journal adds to every entry, after its fields. */
interface Stamp {
  at: string;
  instance: string;
  callId: string;
  kind: string;
}

interface JsonField {
  key: string;
  json: string;
}

/**
 * Keys that a field spliced in as text must not share with the other fields (nor the fields
 * with it): the entry object would hold such a key once, where it first appears, the text twice.
 */
const STAMP_KEYS = ['at', 'instance', 'callId', 'kind'];

/**
 * The JSON text of fields as they are, or undefined when JSON cannot hold them as they are (a
 * cycle, which the redaction's depth limit cuts).
 */
function serialised(fields: Record<string, unknown>): string | undefined {
  try {
    return JSON.stringify(fields);
  } catch {
    return undefined;
  }
}

/** `{ ...rest, [key]: JSON.parse(json), ...stamp }` serialised, without parsing `json`. */
function withJsonField(rest: Record<string, unknown>, field: JsonField, stamp: Stamp): string {
  const head = JSON.stringify(rest);
  const opening = head.length > 2 ? `${head.slice(0, -1)},` : '{';
  return `${opening}${JSON.stringify(field.key)}:${field.json},${JSON.stringify(stamp).slice(1)}`;
}

/**
 * The call journal (docs/journal.md): `append` never waits and never throws; entries are redacted,
 * stamped with the time and this instance, and written in order, in batches, by one queue. A
 * write that fails is counted (`switchboard_journal_write_failures_total`) and logged, never
 * retried at the expense of the calls.
 */
@Injectable()
export class CallJournal implements OnApplicationShutdown {
  private readonly logger = new Logger(CallJournal.name);
  private readonly redactor: JournalRedactor;
  readonly instance: string;
  private queue: JournalLine[] = [];
  private draining: Promise<void> | undefined;
  private lastFailureLog = 0;

  constructor(
    @Inject(JOURNAL_WRITER) private readonly writer: JournalWriter,
    @Inject(journalConfig.KEY) private readonly config: JournalConfigType,
    @Inject(azureConfig.KEY) azure: AzureConfigType,
    @Inject(operatorConfig.KEY) operator: OperatorConfigType,
    private readonly metrics: MetricsService,
  ) {
    this.redactor = new JournalRedactor([azure.clientSecret, ...operator.apiKeys]);
    this.instance = config.instance ?? `${hostname()}:${process.pid}`;
  }

  get enabled(): boolean {
    return this.config.enabled;
  }

  /**
   * Adds an entry to the call's journal: `kind` is one of `JOURNAL_KINDS` or another module's own
   * (`lease`, `takeover`...). `fields` are plain JSON; credentials in them are
   * redacted. Other modules add their own kinds (e.g. `lease`, `takeover`) the same way.
   */
  append(callId: string, kind: string, fields: Record<string, unknown> = {}): void {
    this.enqueue(callId, kind, fields);
  }

  /**
   * As `append`, with one field more, last of `fields`, whose JSON text the caller has already
   * (it serialised the value anyway, e.g. for a digest): the text goes into the entry as it is
   * unless redaction has something to remove from it. `json` is `JSON.stringify` of plain data.
   */
  appendWithJson(
    callId: string,
    kind: string,
    fields: Record<string, unknown>,
    key: string,
    json: string,
  ): void {
    this.enqueue(callId, kind, fields, { key, json });
  }

  private enqueue(
    callId: string,
    kind: string,
    fields: Record<string, unknown>,
    extra?: JsonField,
  ): void {
    if (!this.config.enabled) return;
    if (this.queue.length >= MAX_QUEUED) {
      this.failed(1, new Error('journal queue full'));
      return;
    }
    const { at, ...rest } = fields;
    const stamp: Stamp = {
      at: typeof at === 'string' ? at : new Date().toISOString(),
      instance: this.instance,
      callId,
      kind,
    };
    let line: string;
    try {
      line = this.line(rest, stamp, extra);
    } catch (error) {
      // A value JSON cannot hold (a BigInt): the entry is lost and counted, the caller goes on.
      this.failed(1, error);
      return;
    }
    this.queue.push({ callId, line });
    this.draining ??= this.drain();
  }

  /**
   * The entry's JSON text, made once, here (the writers take the text): the fields serialised as
   * they are when redaction would change nothing in them, which is nearly always and spares
   * copying them; else the fields redacted first, as every entry once was.
   */
  private line(rest: Record<string, unknown>, stamp: Stamp, extra?: JsonField): string {
    const spliceable =
      extra !== undefined &&
      !Object.hasOwn(rest, extra.key) &&
      !STAMP_KEYS.some((key) => Object.hasOwn(rest, key));
    if (extra === undefined || spliceable) {
      const line = extra ? withJsonField(rest, extra, stamp) : serialised({ ...rest, ...stamp });
      if (line !== undefined && !this.redactor.mayRedact(line)) return line;
    }
    const fields = extra ? { ...rest, [extra.key]: JSON.parse(extra.json) as unknown } : rest;
    return JSON.stringify({ ...this.redactor.redact(fields), ...stamp });
  }

  /** The call's entries in the order they were written. */
  async read(callId: string, limit = JOURNAL_READ_LIMIT): Promise<JournalEntry[]> {
    await this.flush();
    return this.writer.read(callId, limit);
  }

  /** Resolves once everything appended so far was written (or failed). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
    await this.writer.close();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await new Promise((resolve) => setTimeout(resolve, BATCH_WINDOW_MS));
        const batch = this.queue;
        this.queue = [];
        try {
          await this.writer.write(batch);
        } catch (error) {
          this.failed(batch.length, error);
        }
      }
    } finally {
      this.draining = undefined;
    }
  }

  private failed(count: number, error: unknown): void {
    this.metrics.journalWriteFailures.inc(count);
    const now = Date.now();
    if (now - this.lastFailureLog < FAILURE_LOG_INTERVAL_MS) return;
    this.lastFailureLog = now;
    this.logger.error(
      { err: error, entries: count },
      'call journal entries could not be written (counted in switchboard_journal_write_failures_total)',
    );
  }
}
