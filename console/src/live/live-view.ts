import { h, labelled, replace, select } from '../shell/dom';
import { callerOf, clock, duration, shortId } from '../shell/format';
import type { CallView } from '../shell/types';
import type { CallEvent } from './call-feed';
import {
  awaitsOperator,
  type CallFilters,
  deadlineLeft,
  DECISIONS,
  matchesFilters,
  newestFirst,
  NO_FILTERS,
  OUTCOMES,
  policyGroups,
  STATES,
} from './call-filters';

/** A call counts as new, and is highlighted, for this long after it first appeared here. */
const NEW_FOR_MS = 10_000;
/** Rows kept; the oldest beyond are dropped from the page (the API keeps them). */
const MAX_ROWS = 500;

function anyOf(values: readonly string[]): (readonly [string, string])[] {
  return [['', 'any'], ...values.map((v) => [v, v] as const)];
}

/** A countdown bar of the time left before Graph's deadline, with its figure as text. */
export function deadlineBar(call: CallView, nowMs: number): HTMLElement {
  const bar = h('div', { class: 'deadline', attrs: { 'data-call': call.id } });
  updateDeadlineBar(bar, call, nowMs);
  return bar;
}

function updateDeadlineBar(bar: HTMLElement, call: CallView, nowMs: number): void {
  const left = deadlineLeft(call, nowMs);
  const live = call.outcome === 'pending';
  const text = live
    ? `${duration(left.leftMs)} left`
    : call.outcome === 'deadlineMissed'
      ? 'missed'
      : 'decided';
  const meter = h('span', {
    class: `deadline-meter${left.fraction < 0.25 && live ? ' is-low' : ''}`,
    attrs: {
      role: 'meter',
      'aria-valuemin': 0,
      'aria-valuemax': Math.round(left.totalMs),
      'aria-valuenow': Math.round(live ? left.leftMs : 0),
      'aria-label': `Deadline: ${text}`,
    },
  });
  const fill = h('span', { class: 'deadline-fill' });
  fill.style.width = `${((live ? left.fraction : 0) * 100).toFixed(1)}%`;
  meter.append(fill);
  replace(bar, meter, h('span', { class: 'deadline-text' }, text));
}

/**
 * The live calls table: fed by the events stream, filtered in the page, new and deferred calls
 * highlighted, each pending call's deadline counting down. Changes are announced in a polite
 * live region, so a screen reader hears "call … deferred" without re-reading the table.
 */
export class LiveView {
  readonly element: HTMLElement;
  private readonly calls = new Map<string, CallView>();
  private readonly firstSeen = new Map<string, number>();
  private filters: CallFilters = { ...NO_FILTERS };
  private readonly body = h('tbody');
  private readonly announcer = h('p', {
    class: 'visually-hidden',
    attrs: { role: 'status', 'aria-live': 'polite', id: 'live-announcer' },
  });
  private readonly count = h('p', { class: 'count', attrs: { id: 'live-count' } });
  private readonly policySelect = select('policyGroup', anyOf([]));
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly openCall: (id: string) => void,
    private readonly now: () => number = () => Date.now(),
  ) {
    const filterBar = h(
      'form',
      {
        class: 'filters',
        attrs: { 'aria-label': 'Filter calls' },
        on: { submit: (e) => e.preventDefault() },
      },
      this.filterSelect('state', 'State', anyOf(STATES)),
      this.filterSelect('outcome', 'Outcome', anyOf(OUTCOMES)),
      this.filterSelect('decision', 'Decision', anyOf(DECISIONS)),
      labelled('filter-policyGroup', 'Policy group', this.policySelect),
    );
    this.policySelect.addEventListener('change', () =>
      this.setFilter('policyGroup', this.policySelect.value),
    );
    const table = h(
      'table',
      { class: 'calls', attrs: { 'aria-describedby': 'live-count' } },
      h('caption', null, 'Calls, newest first'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ...[
            'Call',
            'Received',
            'Caller',
            'State',
            'Decision',
            'Outcome',
            'Policy group',
            'Deadline',
          ].map((title) => h('th', { attrs: { scope: 'col' } }, title)),
        ),
      ),
      this.body,
    );
    this.element = h(
      'section',
      { class: 'live', attrs: { 'aria-labelledby': 'live-title' } },
      h('h2', { attrs: { id: 'live-title' } }, 'Live calls'),
      filterBar,
      this.count,
      this.announcer,
      h('div', { class: 'table-wrap' }, table),
    );
    this.render();
  }

  /** The calls the page starts from (one list request), before the stream's events. */
  load(calls: readonly CallView[]): void {
    for (const call of calls) {
      if (!this.calls.has(call.id)) this.firstSeen.set(call.id, 0);
      this.calls.set(call.id, call);
    }
    this.render();
  }

  onEvent({ name, call }: CallEvent): void {
    const known = this.calls.has(call.id);
    const previous = this.calls.get(call.id);
    // Events from one stream come in order, but a list loaded meanwhile may be newer: keep the
    // latest by updatedAt.
    if (previous && Date.parse(previous.updatedAt) > Date.parse(call.updatedAt)) return;
    if (!known) this.firstSeen.set(call.id, this.now());
    this.calls.set(call.id, call);
    this.trim();
    this.render();
    this.announcer.textContent = announcement(name, call);
  }

  /** Starts the countdown (a local timer: nothing is fetched). */
  start(): void {
    this.timer ??= setInterval(() => this.tick(), 250);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private filterSelect(
    name: keyof CallFilters,
    label: string,
    options: (readonly [string, string])[],
  ): HTMLElement {
    const control = select(name, options);
    control.addEventListener('change', () => this.setFilter(name, control.value));
    return labelled(`filter-${name}`, label, control);
  }

  private setFilter(name: keyof CallFilters, value: string): void {
    this.filters = { ...this.filters, [name]: value };
    this.render();
  }

  private trim(): void {
    if (this.calls.size <= MAX_ROWS) return;
    const oldest = [...this.calls.values()].sort(newestFirst).slice(MAX_ROWS);
    for (const call of oldest) {
      this.calls.delete(call.id);
      this.firstSeen.delete(call.id);
    }
  }

  private render(): void {
    this.refreshPolicyGroups();
    const now = this.now();
    const shown = [...this.calls.values()]
      .filter((c) => matchesFilters(c, this.filters))
      .sort(newestFirst);
    replace(this.body, ...shown.map((call) => this.row(call, now)));
    if (shown.length === 0) {
      this.body.append(h('tr', null, h('td', { attrs: { colspan: 8 } }, 'No calls match.')));
    }
    const waiting = shown.filter(awaitsOperator).length;
    this.count.textContent = `${shown.length} of ${this.calls.size} calls shown; ${waiting} waiting for an operator.`;
  }

  private refreshPolicyGroups(): void {
    const current = this.policySelect.value;
    const groups = policyGroups(this.calls.values());
    const options = anyOf(groups);
    if (this.policySelect.options.length === options.length) return;
    replace(
      this.policySelect,
      ...options.map(([v, label]) => h('option', { attrs: { value: v } }, label)),
    );
    this.policySelect.value = current;
  }

  private row(call: CallView, now: number): HTMLTableRowElement {
    const seen = this.firstSeen.get(call.id) ?? 0;
    const isNew = seen > 0 && now - seen < NEW_FOR_MS;
    const deferred = awaitsOperator(call);
    const classes = ['call', isNew ? 'is-new' : '', deferred ? 'is-deferred' : '']
      .filter(Boolean)
      .join(' ');
    const open = h(
      'button',
      {
        class: 'link',
        attrs: { type: 'button', 'aria-label': `Open call ${call.id}` },
        on: { click: () => this.openCall(call.id) },
      },
      shortId(call.id),
    );
    return h(
      'tr',
      { class: classes, attrs: { 'data-call-id': call.id } },
      h(
        'th',
        { attrs: { scope: 'row' } },
        open,
        isNew ? h('span', { class: 'badge badge-new' }, 'new') : null,
        deferred ? h('span', { class: 'badge badge-deferred' }, 'deferred: waiting for you') : null,
      ),
      h('td', null, clock(call.receivedAt)),
      h('td', null, callerOf(call.caller)),
      h('td', null, call.state),
      h(
        'td',
        null,
        call.decision ?? '–',
        call.decisionSource ? h('span', { class: 'muted' }, ` by ${call.decisionSource}`) : null,
        call.decisionRule ? h('span', { class: 'muted' }, ` (${call.decisionRule})`) : null,
      ),
      h('td', { class: `outcome outcome-${call.outcome}` }, call.outcome),
      h('td', null, call.policyIdentifier ?? '–'),
      h('td', null, deadlineBar(call, now)),
    );
  }

  private tick(): void {
    const now = this.now();
    for (const bar of this.body.querySelectorAll<HTMLElement>('.deadline')) {
      const call = this.calls.get(bar.dataset.call ?? '');
      if (call && call.outcome === 'pending') updateDeadlineBar(bar, call, now);
    }
    for (const row of this.body.querySelectorAll<HTMLElement>('tr.is-new')) {
      const seen = this.firstSeen.get(row.dataset.callId ?? '') ?? 0;
      if (now - seen >= NEW_FOR_MS) {
        row.classList.remove('is-new');
        row.querySelector('.badge-new')?.remove();
      }
    }
  }
}

function announcement(name: CallEvent['name'], call: CallView): string {
  const who = `Call ${shortId(call.id)} from ${callerOf(call.caller)}`;
  switch (name) {
    case 'incoming':
      return `${who}: new.`;
    case 'deferred':
      return `${who}: deferred, waiting for an operator.`;
    case 'decided':
      return `${who}: decided, ${call.decision ?? ''} (${call.outcome}).`;
    case 'answered':
      return `${who}: answered.`;
    case 'stateChanged':
      return `${who}: now ${call.state}.`;
    case 'terminated':
      return `${who}: ended.`;
  }
}
