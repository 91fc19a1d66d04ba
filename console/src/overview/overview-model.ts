import type { Overview } from '../shell/types';

/** One small chart: per-minute x values (epoch seconds) and its series. */
export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  x: number[];
  series: { label: string; values: (number | null)[] }[];
}

function keysOf(records: Iterable<Record<string, unknown>>): string[] {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  return [...keys].sort();
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/**
 * The overview's charts from `GET /api/overview`: decisions per minute by outcome and by source,
 * p50/p99 decision latency, deadline misses and takeovers. Pure: tested without a browser.
 */
export function overviewCharts(overview: Overview): ChartSpec[] {
  const { buckets } = overview;
  const x = buckets.map((b) => Math.floor(Date.parse(b.start) / 1000));
  const outcomes = keysOf(buckets.map((b) => b.decisions));
  const sources = keysOf(buckets.flatMap((b) => Object.values(b.decisions)));
  return [
    {
      id: 'by-outcome',
      title: 'Decisions per minute, by outcome',
      unit: 'decisions',
      x,
      series: outcomes.map((outcome) => ({
        label: outcome,
        values: buckets.map((b) => sum(Object.values(b.decisions[outcome] ?? {}))),
      })),
    },
    {
      id: 'by-source',
      title: 'Decisions per minute, by source',
      unit: 'decisions',
      x,
      series: sources.map((source) => ({
        label: source,
        values: buckets.map((b) =>
          sum(Object.values(b.decisions).map((bySource) => bySource[source] ?? 0)),
        ),
      })),
    },
    {
      id: 'latency',
      title: 'Decision latency',
      unit: 'ms',
      x,
      series: [
        { label: 'p50', values: buckets.map((b) => b.latencyMs.p50) },
        { label: 'p99', values: buckets.map((b) => b.latencyMs.p99) },
      ],
    },
    {
      id: 'misses-takeovers',
      title: 'Deadline misses and takeovers per minute',
      unit: 'count',
      x,
      series: [
        { label: 'deadline misses', values: buckets.map((b) => b.deadlineMisses) },
        { label: 'takeovers', values: buckets.map((b) => b.takeovers) },
      ],
    },
  ];
}
