import { h } from '../shell/dom';
import { clock, duration } from '../shell/format';
import type { JournalEntry } from '../shell/types';
import { describeEntry, type StageName, type Timeline } from './timeline-model';

const STAGE_LABELS: Record<StageName, string> = {
  deciding: 'deciding',
  sending: 'preparing the request',
  graph: 'Graph',
  left: 'left before the deadline',
};

function percent(ms: number, spanMs: number): string {
  return `${Math.min(Math.max((ms / spanMs) * 100, 0), 100).toFixed(2)}%`;
}

/**
 * The bar (arrival to deadline) with its stages and marks, then the same marks as a list: the bar
 * is for the eye, the list for everyone (a screen reader reads the list, the bar is hidden from it).
 */
function bar(timeline: Timeline, spanMs: number, label: string): HTMLElement {
  const element = h('div', {
    class: 'timeline-bar',
    attrs: { 'aria-hidden': 'true', 'data-span': Math.round(spanMs), title: label },
  });
  for (const stage of timeline.stages) {
    if (stage.fromMs >= spanMs) continue;
    const block = h('span', {
      class: `stage stage-${stage.name}`,
      attrs: { title: STAGE_LABELS[stage.name] },
    });
    block.style.left = percent(stage.fromMs, spanMs);
    block.style.width = percent(Math.min(stage.toMs, spanMs) - stage.fromMs, spanMs);
    element.append(block);
  }
  for (const mark of timeline.marks) {
    if (mark.atMs > spanMs) continue;
    const pin = h('span', {
      class: `mark mark-${mark.kind}`,
      attrs: { title: `${mark.label} (+${duration(mark.atMs)})` },
    });
    pin.style.left = percent(mark.atMs, spanMs);
    element.append(pin);
  }
  return h('div', { class: 'bar-row' }, h('span', { class: 'bar-label' }, label), element);
}

/** Below this share of the budget, the marks are drawn a second time on a bar of their own span. */
const ZOOM_BELOW = 0.25;

/**
 * The bar (arrival to deadline) with its stages and marks, then the same marks as a list: the bar
 * is for the eye, the list for everyone (a screen reader reads the list, the bar is hidden from it).
 * A call answered in 200 ms of a 15 s budget would be a sliver at the bar's start: a second bar
 * then shows the same marks over their own span.
 */
export function timelineBar(timeline: Timeline): HTMLElement {
  const lastMs = Math.max(...timeline.marks.map((m) => m.atMs), 1);
  const zoomMs = Math.ceil(lastMs * 1.1);
  const bars = [bar(timeline, timeline.spanMs, `whole budget, ${duration(timeline.spanMs)}`)];
  if (lastMs < timeline.spanMs * ZOOM_BELOW) {
    bars.push(bar(timeline, zoomMs, `first ${duration(zoomMs)}`));
  }
  const legend = h(
    'ul',
    { class: 'stage-legend' },
    ...timeline.stages.map((s) =>
      h(
        'li',
        null,
        h('span', { class: `swatch stage-${s.name}` }),
        `${STAGE_LABELS[s.name]}: ${duration(s.toMs - s.fromMs)}`,
      ),
    ),
  );
  const marks = h(
    'ol',
    { class: 'marks', attrs: { 'aria-label': 'Timeline marks' } },
    ...timeline.marks.map((mark) =>
      h(
        'li',
        { class: `mark-item mark-item-${mark.kind}`, attrs: { 'data-mark': mark.kind } },
        h('span', { class: `swatch mark-${mark.kind}` }),
        h('span', { class: 'mark-at' }, `+${duration(mark.atMs)}`),
        ' ',
        mark.label,
      ),
    ),
  );
  return h(
    'figure',
    { class: 'timeline' },
    h('figcaption', null, `Arrival to Graph's deadline: ${duration(timeline.spanMs)}`),
    ...bars,
    legend,
    marks,
  );
}

export function journalTable(journal: readonly JournalEntry[], start: string): HTMLElement {
  const t0 = Date.parse(start);
  return h(
    'table',
    { class: 'journal' },
    h('caption', null, 'Journal entries, in the order written'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ...['Time', 'From arrival', 'Kind', 'What', 'Instance'].map((t) =>
          h('th', { attrs: { scope: 'col' } }, t),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      ...journal.map((entry) =>
        h(
          'tr',
          { attrs: { 'data-kind': entry.kind } },
          h('td', null, clock(entry.at)),
          h('td', null, `+${duration(Date.parse(entry.at) - t0)}`),
          h('td', null, entry.kind),
          h('td', null, describeEntry(entry)),
          h('td', null, entry.instance),
        ),
      ),
    ),
  );
}

export function graphErrors(timeline: Timeline): HTMLElement | null {
  if (timeline.errors.length === 0) return null;
  return h(
    'section',
    { class: 'graph-errors', attrs: { 'aria-labelledby': 'graph-errors-title' } },
    h('h3', { attrs: { id: 'graph-errors-title' } }, "Graph's errors explained"),
    ...timeline.errors.map((e) =>
      h(
        'div',
        { class: 'graph-error' },
        h(
          'p',
          null,
          h('strong', null, `${e.action}: `),
          [e.status === null ? 'no response' : `HTTP ${e.status}`, e.code, e.message]
            .filter(Boolean)
            .join(' · '),
        ),
        h('p', null, h('strong', null, 'Likely cause: '), e.explanation.summary),
        h('p', null, h('strong', null, 'Check: '), e.explanation.check),
        h('p', { class: 'muted' }, `Source: ${e.explanation.source}`),
      ),
    ),
  );
}

export function sentBodies(timeline: Timeline): HTMLElement | null {
  if (timeline.sentBodies.length === 0) return null;
  return h(
    'section',
    { class: 'sent-bodies', attrs: { 'aria-labelledby': 'sent-title' } },
    h('h3', { attrs: { id: 'sent-title' } }, 'Sent to Graph'),
    ...timeline.sentBodies.map(({ action, body }) =>
      h(
        'div',
        null,
        h('h4', null, `${action} body`),
        h('pre', { class: 'body', attrs: { tabindex: 0 } }, JSON.stringify(body, null, 2)),
      ),
    ),
  );
}
