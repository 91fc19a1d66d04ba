/**
 * What the journal records about a call (docs/journal.md). Entries are plain JSON, in the order
 * they were appended; `at` is the writing instance's clock.
 */
export const JOURNAL_KINDS = [
  /** A notification item about the call arrived (repeats included). */
  'notification',
  /** The decision reached its outcome: action, source, rule, time spent against the budget. */
  'decision',
  /** Whether the decision reached Graph before the deadline. */
  'deadline',
  /**
   * Which instance holds the pending decision: `acquired` when the call arrived, `takenOver` by
   * another instance, `givenBack` at shutdown.
   */
  'lease',
  /** A Graph request about the call and its result (on failure with its sub-code and explanation). */
  'graphRequest',
  /** A state notification moved the call. */
  'stateChange',
  /** A commsOperation (playPrompt, updateRecordingStatus...) changed. */
  'operation',
  /** A recording status Graph acknowledged, and the recorder told to persist media. */
  'recordingStatus',
  /** What the shadow rules would have decided (never sent). */
  'shadowDecision',
  'terminated',
] as const;

export type JournalKind = (typeof JOURNAL_KINDS)[number];

export interface JournalEntry {
  /** ISO time of the event. */
  readonly at: string;
  /** The instance that wrote it. */
  readonly instance: string;
  readonly callId: string;
  /** One of `JOURNAL_KINDS`, or a kind added by another module (`lease`, `takeover`...). */
  readonly kind: string;
  readonly [field: string]: unknown;
}

/**
 * An entry as the writers take it: its JSON text (one line), serialised once when it was
 * appended, and the call it belongs to (how the Redis writer groups entries).
 */
export interface JournalLine {
  readonly callId: string;
  readonly line: string;
}

/** Entries a read returns at most. */
export const JOURNAL_READ_LIMIT = 5000;
