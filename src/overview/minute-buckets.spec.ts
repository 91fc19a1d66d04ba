import { MINUTE_MS, MinuteBuckets, minuteOf, RETAINED_MINUTES } from './minute-buckets';

const T0 = Date.parse('2026-12-04T10:00:00.000Z');
const at = (minutes: number, seconds = 0): number => T0 + minutes * MINUTE_MS + seconds * 1000;

describe('minute buckets', () => {
  it.each([
    [T0, T0],
    [T0 + 59_999, T0],
    [T0 + 60_000, T0 + 60_000],
    [T0 - 1, T0 - 60_000],
  ])('minuteOf(%p) is %p', (time, minute) => {
    expect(minuteOf(time)).toBe(minute);
  });

  it('counts decisions by outcome and source, misses, takeovers and sent latencies per minute', () => {
    const buckets = new MinuteBuckets();
    buckets.recordDecision(at(0, 1), 'sent', 'rule', 12);
    buckets.recordDecision(at(0, 59), 'sent', 'rule', 14);
    buckets.recordDecision(at(0, 30), 'deadlineMissed', 'fallback', undefined);
    buckets.recordTakeover(at(0, 31));
    buckets.recordDecision(at(1, 0), 'failed', 'handler', undefined);

    const [first, second] = buckets.recent(at(1, 5));
    expect(first).toMatchObject({
      start: T0,
      decisions: { sent: { rule: 2 }, deadlineMissed: { fallback: 1 } },
      deadlineMisses: 1,
      takeovers: 1,
    });
    expect(first.latency).toMatchObject({ count: 2, minMs: 12, maxMs: 14 });
    expect(second).toMatchObject({
      start: at(1),
      decisions: { failed: { handler: 1 } },
      deadlineMisses: 0,
      takeovers: 0,
    });
    expect(second.latency.count).toBe(0);
  });

  it.each([
    ['a negative latency', -1],
    ['NaN', NaN],
    ['Infinity', Infinity],
  ])('counts the decision but not %s as a latency', (_what, latencyMs) => {
    const buckets = new MinuteBuckets();
    buckets.recordDecision(at(0), 'sent', 'default', latencyMs);
    const [bucket] = buckets.recent(at(0));
    expect(bucket.decisions).toEqual({ sent: { default: 1 } });
    expect(bucket.latency.count).toBe(0);
  });

  it('keeps the last hour only, oldest first', () => {
    const buckets = new MinuteBuckets();
    for (let minute = 0; minute < 90; minute += 1) buckets.recordTakeover(at(minute));
    const recent = buckets.recent(at(89, 30));
    expect(recent).toHaveLength(RETAINED_MINUTES);
    expect(recent[0].start).toBe(at(90 - RETAINED_MINUTES));
    expect(recent[recent.length - 1].start).toBe(at(89));
    // Time passes with nothing counted: the hour still ends now.
    expect(buckets.recent(at(120))).toHaveLength(89 - (120 - RETAINED_MINUTES));
  });

  it('puts a late count (the clock stepped back) in its own minute', () => {
    const buckets = new MinuteBuckets();
    buckets.recordTakeover(at(5));
    buckets.recordTakeover(at(3));
    buckets.recordTakeover(at(5, 10));
    expect(buckets.recent(at(5)).map((b) => [b.start, b.takeovers])).toEqual([
      [at(3), 1],
      [at(5), 2],
    ]);
  });

  it('bumps its version at every count, so a publisher knows when something changed', () => {
    const buckets = new MinuteBuckets();
    const before = buckets.version;
    buckets.recordTakeover(at(0));
    buckets.recordDecision(at(0), 'sent', 'operator', 5);
    expect(buckets.version).toBe(before + 2);
  });
});
