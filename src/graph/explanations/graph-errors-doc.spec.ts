import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { END_REASON_ROWS } from './end-reasons.table';
import type { ExplanationRow } from './explanation.types';
import { FIELD_REPORT_ROWS } from './field-reports.table';
import { STATUS_ROWS } from './status.table';

/** docs/graph-errors.md shows the same table the code explains with: they must not drift apart. */
describe('docs/graph-errors.md', () => {
  const doc = readFileSync(resolve(__dirname, '../../../docs/graph-errors.md'), 'utf8');
  const cells = doc
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim().replace(/\\\|/g, '|')),
    );

  const keyOf = (row: ExplanationRow): string =>
    row.subcode === null ? `\`${row.status}\`` : `${row.status ?? 'any'}/${row.subcode}`;
  const documented = new Map(
    cells.map((c) => (/^\d+$/.test(c[1]) ? [`${c[0]}/${c[1]}`, c.slice(2)] : [c[0], c.slice(1)])),
  );

  it.each(
    [...END_REASON_ROWS, ...FIELD_REPORT_ROWS, ...STATUS_ROWS].map((row) => [keyOf(row), row]),
  )('shows %s as the code explains it', (key, row) => {
    const [summary, check] = documented.get(key) ?? [];
    expect({ summary, check }).toEqual({
      summary: row.summary,
      check: row.check,
    });
  });
});
