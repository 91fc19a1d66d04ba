import type { JournalEntry, JournalLine } from './journal-entry';

/** Where journal entries are kept: JSON-lines files (one instance) or Redis Streams (shared). */
export interface JournalWriter {
  /** Appends entries (already serialised) in the order given. */
  write(entries: readonly JournalLine[]): Promise<void>;
  /** A call's entries in the order they were appended (case-insensitive id), at most `limit`. */
  read(callId: string, limit: number): Promise<JournalEntry[]>;
  close(): Promise<void>;
}

export const JOURNAL_WRITER = Symbol('JOURNAL_WRITER');
