/**
 * `npx tsx scripts/bench/journal-cpu.ts [--service <dist>/main.js] [--journal journal/journal.jsonl]
 * [--rounds 6]`: the journal's own CPU per call, without the service around it. Replays the last
 * 900 entries (about 100 calls: 9 entries each) of a bench's journal into a build's `CallJournal`
 * and `FileJournalWriter` (a scratch directory), 20 times per round, the notification items as
 * the recorder hands them (with their digest; their text where the build takes it,
 * `appendWithJson`), and prints the process CPU per call of each round after two warm-up rounds.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ENTRIES = 900;
const ENTRIES_PER_CALL = 9;
const REPEATS = 20;

interface Journal {
  append(callId: string, kind: string, fields: Record<string, unknown>): void;
  appendWithJson?(
    callId: string,
    kind: string,
    fields: Record<string, unknown>,
    key: string,
    json: string,
  ): void;
  flush(): Promise<void>;
  onApplicationShutdown(): Promise<void>;
}

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

/* eslint-disable @typescript-eslint/no-require-imports */
function loadJournal(serviceEntry: string, dir: string): Journal {
  const root = resolve(serviceEntry, '..');
  const { CallJournal } = require(join(root, 'journal/call-journal.service')) as {
    CallJournal: new (...args: unknown[]) => Journal;
  };
  const { FileJournalWriter } = require(join(root, 'journal/file-journal.writer')) as {
    FileJournalWriter: new (options: object) => unknown;
  };
  const { MetricsService } = require(join(root, 'metrics')) as {
    MetricsService: new () => unknown;
  };
  const writer = new FileJournalWriter({ dir, maxFileBytes: 1 << 30, maxFiles: 1 });
  return new CallJournal(
    writer,
    { enabled: true, instance: 'bench:1' },
    { clientSecret: 'bench-client-secret-value' },
    { apiKeys: ['bench-operator-key'] },
    new MetricsService(),
  );
}
/* eslint-enable @typescript-eslint/no-require-imports */

function replay(journal: Journal, entry: Record<string, unknown>): void {
  // The journal stamps `instance` itself: the replayed value is left out.
  const { callId, kind, item, ...fields } = entry;
  delete fields.instance;
  if (kind !== 'notification' || item === undefined) {
    journal.append(callId as string, kind as string, fields);
    return;
  }
  const json = JSON.stringify(item);
  fields.digest = createHash('sha256').update(json).digest('base64url');
  if (journal.appendWithJson) journal.appendWithJson(callId as string, kind, fields, 'item', json);
  else journal.append(callId as string, kind, { ...fields, item });
}

async function main(): Promise<void> {
  const service = flag('service', 'dist/main.js');
  const rounds = Number(flag('rounds', '6'));
  const lines = readFileSync(flag('journal', 'journal/journal.jsonl'), 'utf8').trim().split('\n');
  const entries = lines.slice(-ENTRIES).map((line) => JSON.parse(line) as Record<string, unknown>);
  const dir = mkdtempSync(join(tmpdir(), 'journal-cpu-'));
  const journal = loadJournal(service, dir);
  const calls = (REPEATS * entries.length) / ENTRIES_PER_CALL;
  try {
    for (let round = -2; round < rounds; round++) {
      const started = process.cpuUsage();
      for (let repeat = 0; repeat < REPEATS; repeat++) {
        for (const entry of entries) replay(journal, entry);
        await journal.flush();
      }
      const used = process.cpuUsage(started);
      if (round >= 0) console.log(`${((used.user + used.system) / calls).toFixed(1)} µs per call`);
    }
  } finally {
    await journal.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
