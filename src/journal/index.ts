/**
 * The Journal module's public surface. `CallJournal.append(callId, kind, fields)` adds an entry
 * to a call's journal from any module (e.g. leases and takeovers).
 */
export { JournalModule } from './journal.module';
export { CallJournal } from './call-journal.service';
export { JOURNAL_KINDS, type JournalEntry, type JournalKind } from './journal-entry';
export { createJournalWriter } from './journal-writer.factory';
export { JOURNAL_WRITER, type JournalWriter } from './journal.writer';
