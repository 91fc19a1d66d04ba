import { describe, expect, it } from 'vitest';
import type { Overview } from '../shell/types';
import { overviewCharts } from './overview-model';
import { type DrawChart, renderOverview } from './overview-view';

/** The shape `GET /api/overview` answers (docs/console.md). */
const OVERVIEW: Overview = {
  generatedAt: '2026-12-04T10:15:30.000Z',
  minutes: 15,
  instances: ['host-a:1', 'host-b:2'],
  buckets: [
    {
      start: '2026-12-04T10:13:00.000Z',
      decisions: { sent: { rule: 3, default: 1 }, failed: { fallback: 1 } },
      latencyMs: { p50: 120, p99: 480 },
      deadlineMisses: 0,
      takeovers: 1,
    },
    {
      start: '2026-12-04T10:14:00.000Z',
      decisions: {},
      latencyMs: { p50: null, p99: null },
      deadlineMisses: 2,
      takeovers: 0,
    },
  ],
  totals: { decisions: 5, latencyMs: { p50: 120, p99: 480 }, deadlineMisses: 2, takeovers: 1 },
};

describe('overview charts', () => {
  it('turns buckets into per-minute series by outcome, by source, latency, misses and takeovers', () => {
    const charts = Object.fromEntries(overviewCharts(OVERVIEW).map((c) => [c.id, c]));
    const x = [
      Date.parse('2026-12-04T10:13:00Z') / 1000,
      Date.parse('2026-12-04T10:14:00Z') / 1000,
    ];
    expect(charts['by-outcome']).toMatchObject({
      x,
      series: [
        { label: 'failed', values: [1, 0] },
        { label: 'sent', values: [4, 0] },
      ],
    });
    expect(charts['by-source'].series).toEqual([
      { label: 'default', values: [1, 0] },
      { label: 'fallback', values: [1, 0] },
      { label: 'rule', values: [3, 0] },
    ]);
    expect(charts.latency.series).toEqual([
      { label: 'p50', values: [120, null] },
      { label: 'p99', values: [480, null] },
    ]);
    expect(charts['misses-takeovers'].series).toEqual([
      { label: 'deadline misses', values: [0, 2] },
      { label: 'takeovers', values: [1, 0] },
    ]);
  });

  it('renders the totals, one chart per figure and its table, and draws each chart once', () => {
    const target = document.createElement('div');
    document.body.append(target);
    const drawn: string[] = [];
    const draw: DrawChart = (container, spec) => {
      container.dataset.drawn = spec.id;
      drawn.push(spec.id);
      return () => undefined;
    };
    renderOverview(target, OVERVIEW, draw);
    expect(drawn).toEqual(['by-outcome', 'by-source', 'latency', 'misses-takeovers']);
    const totals = [...target.querySelectorAll('.totals dd')].map((d) => d.textContent);
    expect(totals).toEqual(['5', '120 ms', '480 ms', '2', '1']);
    expect(target.textContent).toContain('host-a:1, host-b:2');
    const latencyRows = [...target.querySelectorAll('[data-chart="latency"] tbody tr')].map((row) =>
      [...row.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(latencyRows).toEqual([
      ['120', '480'],
      ['–', '–'],
    ]);
    expect(target.querySelectorAll('figure.chart figcaption')).toHaveLength(4);
  });
});
