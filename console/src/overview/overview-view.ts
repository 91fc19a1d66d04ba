import { type Api, ApiError, UnauthorizedError } from '../shell/api';
import { h, replace } from '../shell/dom';
import { clock, duration } from '../shell/format';
import type { Overview } from '../shell/types';
import { type ChartSpec, overviewCharts } from './overview-model';

export type DrawChart = (container: HTMLElement, spec: ChartSpec) => () => void;

/** The same figures as the chart, as a table: for screen readers, and for reading exact values. */
function dataTable(spec: ChartSpec): HTMLElement {
  return h(
    'details',
    null,
    h('summary', null, `${spec.title}: the figures`),
    h(
      'table',
      { class: 'chart-data' },
      h('caption', null, `${spec.title} (${spec.unit})`),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { attrs: { scope: 'col' } }, 'Minute'),
          ...spec.series.map((s) => h('th', { attrs: { scope: 'col' } }, s.label)),
        ),
      ),
      h(
        'tbody',
        null,
        ...spec.x.map((seconds, i) =>
          h(
            'tr',
            null,
            h('th', { attrs: { scope: 'row' } }, clock(new Date(seconds * 1000).toISOString())),
            ...spec.series.map((s) =>
              h('td', null, s.values[i] === null ? '–' : String(s.values[i])),
            ),
          ),
        ),
      ),
    ),
  );
}

function latency(value: number | null): string {
  return value === null ? '–' : duration(value);
}

/** Renders an overview into `target`: totals, then one small chart per figure, each with its table. */
export function renderOverview(
  target: HTMLElement,
  overview: Overview,
  draw: DrawChart,
): (() => void)[] {
  const { totals } = overview;
  const disposers: (() => void)[] = [];
  const charts = overviewCharts(overview).map((spec) => {
    const plot = h('div', { class: 'chart-plot', attrs: { 'aria-hidden': 'true' } });
    const figure = h(
      'figure',
      { class: 'chart', attrs: { 'data-chart': spec.id, 'aria-labelledby': `chart-${spec.id}` } },
      h('figcaption', { attrs: { id: `chart-${spec.id}` } }, spec.title),
      plot,
      dataTable(spec),
    );
    return { spec, plot, figure };
  });
  replace(
    target,
    h(
      'dl',
      { class: 'totals', attrs: { 'aria-label': `Last ${overview.minutes} minutes` } },
      h('dt', null, 'Decisions'),
      h('dd', null, String(totals.decisions)),
      h('dt', null, 'Latency p50'),
      h('dd', null, latency(totals.latencyMs.p50)),
      h('dt', null, 'Latency p99'),
      h('dd', null, latency(totals.latencyMs.p99)),
      h('dt', null, 'Deadline misses'),
      h('dd', null, String(totals.deadlineMisses)),
      h('dt', null, 'Takeovers'),
      h('dd', null, String(totals.takeovers)),
    ),
    h(
      'p',
      { class: 'muted' },
      `Last ${overview.minutes} minutes, generated ${clock(overview.generatedAt)}, from ${overview.instances.length} instance(s): ${overview.instances.join(', ') || '–'}.`,
    ),
    h('div', { class: 'charts' }, ...charts.map((c) => c.figure)),
  );
  // Drawn once in the page, so that the charts know their width.
  for (const { spec, plot } of charts) disposers.push(draw(plot, spec));
  return disposers;
}

/** The overview page: fetched when opened and on Refresh (its figures are per minute). */
export class OverviewPage {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'overview-body' });
  private readonly status = h('p', { attrs: { role: 'status' } });
  private disposers: (() => void)[] = [];

  constructor(
    private readonly api: Api,
    private readonly draw: DrawChart,
    private readonly onUnauthorized: () => void,
  ) {
    this.element = h(
      'section',
      { class: 'overview', attrs: { 'aria-labelledby': 'overview-title' } },
      h('h2', { attrs: { id: 'overview-title' } }, 'Overview'),
      h(
        'div',
        { class: 'toolbar' },
        h(
          'button',
          { attrs: { type: 'button' }, on: { click: () => void this.load() } },
          'Refresh',
        ),
      ),
      this.status,
      this.body,
    );
  }

  async load(): Promise<void> {
    this.status.textContent = 'Loading…';
    try {
      const overview = await this.api.overview();
      this.dispose();
      this.disposers = renderOverview(this.body, overview, this.draw);
      this.status.textContent = `Updated at ${clock(new Date().toISOString())}.`;
    } catch (error) {
      if (error instanceof UnauthorizedError) return this.onUnauthorized();
      this.status.textContent =
        error instanceof ApiError && error.status === 404
          ? 'This service has no overview (GET /api/overview answered 404).'
          : `Could not load the overview: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  dispose(): void {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
  }
}
