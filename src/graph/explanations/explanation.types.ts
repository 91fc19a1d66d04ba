/** Why a Graph calling request failed or a call ended, as far as public sources tell. */
export interface GraphErrorExplanation {
  /** The likely cause, in one or two sentences. */
  readonly summary: string;
  /** What an operator should look at first. */
  readonly check: string;
  /** Where the meaning comes from: a Microsoft Learn page, a public issue, or this project. */
  readonly source: string;
}

/** What is known of a failure: an HTTP error from Graph, a local one, or a call's `resultInfo`. */
export interface GraphErrorFacts {
  /** HTTP status, or `resultInfo.code` (null: no response came). */
  readonly status?: number | string | null;
  /** Graph's error code (`"8522"`, `"UnknownError"`) or a local one (`connectionError`...). */
  readonly code?: string | number | null;
  /** `resultInfo.subcode`. */
  readonly subcode?: number | string | null;
  /** The message; a `DiagCode: 500#7117` in it supplies the sub-code when none was given. */
  readonly message?: string | null;
}

/**
 * One row of an explanation table. `status` null: the row matches the sub-code whatever the
 * status; `subcode` null: the row explains the status (or local code) alone.
 */
export interface ExplanationRow extends GraphErrorExplanation {
  readonly status: number | string | null;
  readonly subcode: number | null;
}
