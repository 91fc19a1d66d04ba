import { END_REASON_ROWS } from './end-reasons.table';
import { explainGraphError, explainResultInfo } from './explain';
import type { GraphErrorFacts } from './explanation.types';
import { FIELD_REPORT_ROWS } from './field-reports.table';
import { STATUS_ROWS } from './status.table';

describe('explainGraphError', () => {
  const cases: Array<[string, GraphErrorFacts, RegExp | null, RegExp | null]> = [
    // name, facts, summary, source
    ['status and sub-code', { status: 500, subcode: 7117 }, /500#7117/, /issues\/750/],
    [
      'the sub-code from a DiagCode in the message',
      { status: 500, code: 'UnknownError', message: 'Server Internal Error. DiagCode: 500#3002.@' },
      /500#3002/,
      /Microsoft-Teams-Samples\/issues\/1339/,
    ],
    [
      'a DiagCode whose first number is not the status',
      { status: 500, message: 'Server Internal Error. DiagCode: 3003#7106.@' },
      /7106/,
      /issues\/667/,
    ],
    ['an app-hosted media failure', { status: 500, subcode: 1203003 }, /1203002/, /issues\/855/],
    ['7112', { status: 500, subcode: 7112 }, /never joined/, /issues\/571/],
    [
      "Graph's numeric error code",
      { status: 403, code: '7504', message: 'Insufficient...' },
      /permissions/,
      /issues\/276/,
    ],
    ['8522 as a number', { status: 404, code: 8522 }, /Call not found/, /issues\/191/],
    ['8506', { status: 403, code: '8506' }, /non-Compliance Recording/, /issues\/444/],
    ['a documented end reason', { status: 408, subcode: 8537 }, /keepAlive/, /call-delete/],
    [
      'a documented end reason under another status',
      { status: 0, subcode: 7015 },
      /transferred/,
      /call-delete/,
    ],
    [
      'a 503 without a sub-code',
      { status: 503, code: 'ServiceUnavailable' },
      /unavailable/,
      /graph\/errors/,
    ],
    ['a 429', { status: 429, code: 'TooManyRequests' }, /throttled/, /throttling/],
    [
      'an unknown sub-code falls back to the status',
      { status: 500, subcode: 2203 },
      /inside Graph/,
      /graph\/errors/,
    ],
    ['a local code', { status: null, code: 'connectionError' }, /No connection/, /Switchboard/],
    ['a local deadline', { status: null, code: 'deadlineExceeded' }, /deadline/, /Switchboard/],
    [
      'a Graph code spelled like a local one is not taken for one',
      { status: 418, code: 'timeout' },
      null,
      null,
    ],
    ['nothing known', { status: 418, code: 'Teapot' }, null, null],
    ['no facts at all', {}, null, null],
  ];

  it.each(cases)('explains %s', (_name, facts, summary, source) => {
    const explanation = explainGraphError(facts);
    if (summary === null) {
      expect(explanation).toBeNull();
      return;
    }
    expect(explanation).not.toBeNull();
    expect(explanation!.summary).toMatch(summary);
    expect(explanation!.source).toMatch(source!);
    expect(explanation!.check.length).toBeGreaterThan(10);
  });
});

describe('explainResultInfo', () => {
  it.each([
    [{ code: 200, subcode: 5001, message: 'The conversation has ended.' }, /ended normally/],
    [{ code: '200', subcode: '5010' }, /Only one participant/],
    [{ code: 408, subCode: 1106 }, /acknowledgement/],
    [{ code: 480, subcode: 10076 }, /could not be reached/],
    [{ code: 500, subcode: 9000 }, /inside Graph/],
  ])('explains %j', (resultInfo, summary) => {
    expect(explainResultInfo(resultInfo)?.summary).toMatch(summary);
  });

  it.each([null, undefined, { code: 200, subcode: 0 }, { code: 200 }])(
    'has nothing to say about %j',
    (resultInfo) => {
      expect(explainResultInfo(resultInfo)).toBeNull();
    },
  );
});

describe('the explanation tables', () => {
  const rows = [...END_REASON_ROWS, ...FIELD_REPORT_ROWS, ...STATUS_ROWS];

  it('name a source, a cause and a check on every row', () => {
    for (const row of rows) {
      expect(row.source).toMatch(/https:\/\/|Switchboard/);
      expect(row.summary.length).toBeGreaterThan(10);
      expect(row.check.length).toBeGreaterThan(10);
    }
  });

  it('hold one row per status and sub-code', () => {
    const keys = rows.map((row) => `${row.status}/${row.subcode}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
