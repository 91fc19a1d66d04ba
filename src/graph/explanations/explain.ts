import { END_REASON_ROWS } from './end-reasons.table';
import type { ExplanationRow, GraphErrorExplanation, GraphErrorFacts } from './explanation.types';
import { FIELD_REPORT_ROWS } from './field-reports.table';
import { STATUS_ROWS } from './status.table';

/** `DiagCode: 500#7117` (also `3003#7106`): the number after `#` is the sub-code. */
const DIAG_CODE = /DiagCode:\s*(\d+)#(\d+)/i;

const ROWS: readonly ExplanationRow[] = [...END_REASON_ROWS, ...FIELD_REPORT_ROWS, ...STATUS_ROWS];

/** `status/subcode` → row, and `status` (or a local code) → row for the rows without a sub-code. */
const BY_KEY: ReadonlyMap<string, ExplanationRow> = new Map(
  ROWS.map((row) => [
    row.subcode === null ? String(row.status).toLowerCase() : `${row.status}/${row.subcode}`,
    row,
  ]),
);

/** Sub-code → its first row: a sub-code says more than a status that differs from the table's. */
const BY_SUBCODE: ReadonlyMap<number, ExplanationRow> = new Map(
  ROWS.filter((row) => row.subcode !== null)
    .reverse()
    .map((row) => [row.subcode!, row]),
);

function integer(value: number | string | null | undefined): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** The sub-codes a failure may carry, most specific first. */
function subcodesOf(facts: GraphErrorFacts): number[] {
  const found = [integer(facts.subcode), integer(facts.code)];
  const diag = typeof facts.message === 'string' ? DIAG_CODE.exec(facts.message) : null;
  if (diag) found.push(Number(diag[2]));
  return [...new Set(found.filter((n): n is number => n !== undefined && n !== 0))];
}

/** The most specific sub-code a failure carries (`error.code` or a `DiagCode`), when it has one. */
export function subcodeOf(facts: GraphErrorFacts): number | null {
  return subcodesOf(facts)[0] ?? null;
}

function toExplanation(row: ExplanationRow): GraphErrorExplanation {
  return { summary: row.summary, check: row.check, source: row.source };
}

/**
 * The likely cause of a Graph calling failure and what to check, from the project's table
 * (docs/graph-errors.md): the status and sub-code together, then the sub-code alone (Graph puts
 * some in `error.code`, others only in a `DiagCode` of the message), then the local code or the
 * HTTP status. Null when nothing is known about it.
 */
export function explainGraphError(facts: GraphErrorFacts): GraphErrorExplanation | null {
  const status = integer(facts.status);
  for (const subcode of subcodesOf(facts)) {
    const row = BY_KEY.get(`${status}/${subcode}`) ?? BY_SUBCODE.get(subcode);
    if (row) return toExplanation(row);
  }
  // A local code (connectionError, timeout...) only ever comes without a response from Graph.
  const row =
    status === undefined
      ? typeof facts.code === 'string'
        ? BY_KEY.get(facts.code.toLowerCase())
        : undefined
      : BY_KEY.get(String(status));
  return row ? toExplanation(row) : null;
}

/** A `resultInfo` as notifications carry it: numbers, or numbers as strings (the docs show both). */
export interface ResultInfoLike {
  readonly code?: number | string | null;
  readonly subcode?: number | string | null;
  /** Some payloads spell it `subCode`. */
  readonly subCode?: number | string | null;
  readonly message?: string | null;
}

/**
 * Why a call ended or an operation failed, from the `resultInfo` of its notification (e.g. a
 * `terminated` call with `{code: 200, subcode: 5001}`). A plain success (`code` 2xx, no sub-code)
 * needs no explanation: null.
 */
export function explainResultInfo(
  resultInfo: ResultInfoLike | null | undefined,
): GraphErrorExplanation | null {
  if (!resultInfo) return null;
  const subcode = resultInfo.subcode ?? resultInfo.subCode;
  const status = integer(resultInfo.code);
  const plainSuccess = status !== undefined && status < 300 && !integer(subcode);
  if (plainSuccess) return null;
  return explainGraphError({ status, subcode, message: resultInfo.message });
}
