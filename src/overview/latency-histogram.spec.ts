import fc from 'fast-check';
import {
  bucketOf,
  emptyHistogram,
  LAST_BUCKET,
  mergeInto,
  observe,
  percentiles,
  quantile,
  upperEdgeMs,
  type LatencyHistogram,
} from './latency-histogram';

/** One bucket's relative width: how far a percentile may sit above the exact one. */
const WIDTH = 2 ** (1 / 8);

function histogramOf(samples: readonly number[]): LatencyHistogram {
  const histogram = emptyHistogram();
  for (const ms of samples) observe(histogram, ms);
  return histogram;
}

/** The exact nearest-rank quantile. */
function exact(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

const latencies = fc.array(fc.double({ min: 0.01, max: 60_000, noNaN: true }), {
  minLength: 1,
  maxLength: 300,
});

describe('latency histogram', () => {
  describe('bucketOf', () => {
    it.each([
      [0, 0],
      [0.1, 0],
      [-5, 0],
      [0.2, 8],
      [0.4, 16],
      [1, Math.ceil(Math.log2(10) * 8)],
      [25_600, 144],
      [1e12, LAST_BUCKET],
      [Infinity, LAST_BUCKET],
    ])('puts %p ms in bucket %p', (ms, bucket) => {
      expect(bucketOf(ms)).toBe(bucket);
    });

    it('puts every latency at or under its bucket upper edge and above the one before', () => {
      fc.assert(
        fc.property(fc.double({ min: 0.11, max: 3_000_000, noNaN: true }), (ms) => {
          const index = bucketOf(ms);
          expect(ms).toBeLessThanOrEqual(upperEdgeMs(index) * (1 + 1e-9));
          expect(ms).toBeGreaterThan(upperEdgeMs(index - 1) * (1 - 1e-9));
        }),
      );
    });
  });

  describe('quantile', () => {
    it.each([
      ['nothing observed', [], 0.5, null],
      ['one latency reads back as itself', [3.2], 0.5, 3.2],
      ['one latency, p99', [3.2], 0.99, 3.2],
      ['the edge is kept within the maximum seen', [1, 1.01], 0.99, 1.01],
      ['the edge is kept at or over the minimum seen', [7, 7, 7], 0.5, 7],
      ['p50 of 1..4 ms: the 2nd, read as its bucket edge', [1, 2, 3, 4], 0.5, 2.07],
      ['p99 of 99 fast and 1 slow: still fast', [...Array<number>(99).fill(2), 900], 0.99, 2.07],
      ['p99 of 98 fast and 2 slow: slow', [...Array<number>(98).fill(2), 900, 900], 0.99, 900],
    ])('%s', (_what, samples, q, expected) => {
      expect(quantile(histogramOf(samples), q)).toBe(expected);
    });

    it('is never below the exact nearest-rank quantile, nor more than a bucket above it', () => {
      fc.assert(
        fc.property(latencies, fc.constantFrom(0.5, 0.9, 0.99), (samples, q) => {
          const estimate = quantile(histogramOf(samples), q) ?? NaN;
          const truth = exact(samples, q);
          // 0.01 ms: the estimate is rounded to two decimals.
          expect(estimate).toBeGreaterThanOrEqual(truth - 0.01);
          expect(estimate).toBeLessThanOrEqual(Math.max(truth * WIDTH, 0.1) + 0.01);
        }),
      );
    });
  });

  describe('mergeInto', () => {
    it('gives the histogram of all the latencies, so percentiles merge exactly', () => {
      fc.assert(
        fc.property(latencies, latencies, (a, b) => {
          const merged = histogramOf(a);
          mergeInto(merged, histogramOf(b));
          expect(merged).toEqual(histogramOf([...a, ...b]));
          expect(percentiles(merged)).toEqual(percentiles(histogramOf([...a, ...b])));
        }),
      );
    });

    it('leaves a histogram as it was when the other is empty', () => {
      const histogram = histogramOf([1, 2, 3]);
      mergeInto(histogram, emptyHistogram());
      expect(histogram).toEqual(histogramOf([1, 2, 3]));
    });
  });
});
