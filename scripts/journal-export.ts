// `npm run journal:export -- <callId> [--out <file>]`: a call's journal as a replayable emulator
// scenario (docs/journal.md). Reads the journal where the service writes it (CONFIG_DIR,
// STORE_DRIVER, REDIS_URL, JOURNAL_DIR as for the service); prints the scenario, or writes it.
import { writeFileSync } from 'node:fs';
import { scenarioFromJournal } from '../emulator/scenarios/replay';
import { loadAppConfig } from '../src/config';
import { createJournalWriter } from '../src/journal';

async function main(args: string[]): Promise<number> {
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : undefined;
  const callId = args.find((arg, index) => !arg.startsWith('--') && index !== outAt + 1);
  if (!callId || (outAt >= 0 && !out)) {
    process.stderr.write('usage: npm run journal:export -- <callId> [--out <file>]\n');
    return 2;
  }
  const config = loadAppConfig();
  const writer = await createJournalWriter(config.journal, config.store);
  try {
    const entries = await writer.read(callId, Number.MAX_SAFE_INTEGER);
    if (entries.length === 0) {
      process.stderr.write(`call ${callId}: no journal entries\n`);
      return 1;
    }
    const text = `${JSON.stringify(scenarioFromJournal(callId, entries), null, 2)}\n`;
    if (out) writeFileSync(out, text);
    else process.stdout.write(text);
    return 0;
  } finally {
    await writer.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`journal:export failed: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);
