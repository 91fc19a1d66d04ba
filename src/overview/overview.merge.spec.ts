import { emptyHistogram, observe } from './latency-histogram';
import { emptyBucket, MINUTE_MS, MinuteBuckets, type MinuteBucket } from './minute-buckets';
import { buildOverview, type InstanceMinutes } from './overview.merge';
import { parseMinutes, serializeMinutes } from './published-minutes';

const T0 = Date.parse('2026-12-04T10:00:00.000Z');
const at = (minutes: number, seconds = 0): number => T0 + minutes * MINUTE_MS + seconds * 1000;

function bucket(
  minute: number,
  fill: Partial<Omit<MinuteBucket, 'start'>>,
  latencies: number[] = [],
) {
  const b = { ...emptyBucket(at(minute)), ...fill, latency: emptyHistogram() };
  for (const ms of latencies) observe(b.latency, ms);
  return b;
}

const ZERO = { rule: 0, handler: 0, default: 0, operator: 0, fallback: 0 };

describe('buildOverview', () => {
  it('gives one bucket per minute, oldest first, the current minute last, zeros where nothing happened', () => {
    const overview = buildOverview([{ instance: 'a', buckets: [] }], at(14, 30), 15);
    expect(overview.generatedAt).toBe(new Date(at(14, 30)).toISOString());
    expect(overview.minutes).toBe(15);
    expect(overview.instances).toEqual(['a']);
    expect(overview.buckets.map((b) => b.start)).toEqual(
      Array.from({ length: 15 }, (_, i) => new Date(at(i)).toISOString()),
    );
    expect(overview.buckets[0]).toEqual({
      start: new Date(T0).toISOString(),
      decisions: { sent: ZERO, failed: ZERO, deadlineMissed: ZERO },
      latencyMs: { p50: null, p99: null },
      deadlineMisses: 0,
      takeovers: 0,
    });
    expect(overview.totals).toEqual({
      decisions: 0,
      latencyMs: { p50: null, p99: null },
      deadlineMisses: 0,
      takeovers: 0,
    });
  });

  it.each<[string, InstanceMinutes[], number, Record<string, unknown>]>([
    [
      'sums the same minute of two instances',
      [
        { instance: 'a', buckets: [bucket(14, { decisions: { sent: { rule: 2 } } })] },
        { instance: 'b', buckets: [bucket(14, { decisions: { sent: { rule: 1, handler: 4 } } })] },
      ],
      14,
      { sent: { ...ZERO, rule: 3, handler: 4 } },
    ],
    [
      'keeps a source it does not know (a newer instance) beside the known ones',
      [
        {
          instance: 'a',
          buckets: [
            bucket(14, { decisions: { failed: { someday: 1 } as Record<string, number> } }),
          ],
        },
      ],
      14,
      { failed: { ...ZERO, someday: 1 } },
    ],
    [
      'ignores minutes before the window',
      [{ instance: 'a', buckets: [bucket(-1, { decisions: { sent: { rule: 9 } } })] }],
      0,
      { sent: ZERO },
    ],
    [
      'ignores minutes after now (a clock ahead)',
      [{ instance: 'a', buckets: [bucket(15, { decisions: { sent: { rule: 9 } } })] }],
      14,
      { sent: ZERO },
    ],
  ])('%s', (_what, sources, index, decisions) => {
    const overview = buildOverview(sources, at(14, 59), 15);
    expect(overview.buckets[index].decisions).toMatchObject(decisions);
  });

  it('reads percentiles from the summed histograms, not by averaging instances', () => {
    // a: 99 fast decisions; b: one slow. Averaged p99s would say ~450 ms; the deployment's is fast.
    const fast = Array<number>(99).fill(2);
    const overview = buildOverview(
      [
        { instance: 'a', buckets: [bucket(0, {}, fast)] },
        { instance: 'b', buckets: [bucket(0, {}, [900])] },
      ],
      at(0, 30),
      1,
    );
    expect(overview.buckets[0].latencyMs).toEqual({ p50: 2.07, p99: 2.07 });
    expect(overview.totals.latencyMs).toEqual({ p50: 2.07, p99: 2.07 });
  });

  it('totals the window: decisions, latency over every minute, misses and takeovers', () => {
    const overview = buildOverview(
      [
        {
          instance: 'a',
          buckets: [
            bucket(0, { decisions: { sent: { rule: 1 } }, takeovers: 1 }, [10]),
            bucket(1, { decisions: { deadlineMissed: { fallback: 2 } }, deadlineMisses: 2 }),
          ],
        },
        { instance: 'b', buckets: [bucket(1, { decisions: { sent: { default: 1 } } }, [30])] },
      ],
      at(1, 0),
      2,
    );
    expect(overview.totals).toEqual({
      decisions: 4,
      latencyMs: { p50: 10.76, p99: 30 },
      deadlineMisses: 2,
      takeovers: 1,
    });
  });

  it('reads the same from an instance published through Redis as from its memory', () => {
    const buckets = new MinuteBuckets();
    buckets.recordDecision(at(0, 1), 'sent', 'rule', 3.5);
    buckets.recordDecision(at(2, 1), 'deadlineMissed', 'fallback', undefined);
    buckets.recordTakeover(at(2, 2));
    const own = { instance: 'a', buckets: buckets.recent(at(2, 30)) };
    const published = parseMinutes(serializeMinutes('a', own.buckets));
    expect(published).toBeDefined();
    expect(buildOverview([published!], at(2, 30), 3)).toEqual(buildOverview([own], at(2, 30), 3));
  });
});

describe('parseMinutes', () => {
  const good = JSON.parse(
    serializeMinutes('a', [bucket(0, { decisions: { sent: { rule: 1 } } }, [5])]),
  ) as { instance: string; buckets: Array<Record<string, unknown>> };
  const withBucket = (change: Record<string, unknown>): string =>
    JSON.stringify({ ...good, buckets: [{ ...good.buckets[0], ...change }] });

  it.each([
    ['not JSON', '{'],
    ['not an object', '[]'],
    ['no instance', JSON.stringify({ buckets: [] })],
    ['buckets not a list', JSON.stringify({ instance: 'a', buckets: {} })],
    ['a start off the minute', withBucket({ start: T0 + 1 })],
    ['a negative count', withBucket({ takeovers: -1 })],
    ['an unknown outcome', withBucket({ decisions: { pending: { rule: 1 } } })],
    ['a fractional count', withBucket({ decisions: { sent: { rule: 0.5 } } })],
    [
      'a histogram bucket out of range',
      withBucket({ latency: { counts: { 999: 1 }, count: 1, minMs: 1, maxMs: 1 } }),
    ],
    ['a histogram without extremes', withBucket({ latency: { counts: { 1: 1 }, count: 1 } })],
  ])('refuses %s', (_what, text) => {
    expect(parseMinutes(text)).toBeUndefined();
  });

  it('reads what serializeMinutes wrote', () => {
    expect(parseMinutes(JSON.stringify(good))?.buckets[0].decisions).toEqual({ sent: { rule: 1 } });
  });
});
