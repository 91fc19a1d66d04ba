import { decideForm } from '../decide/decide-form';
import { awaitsOperator } from '../live/call-filters';
import type { CallEvent } from '../live/call-feed';
import { deadlineBar } from '../live/live-view';
import { type Api, ApiError, UnauthorizedError } from '../shell/api';
import { h, replace } from '../shell/dom';
import { callerOf, clock } from '../shell/format';
import type { CallView, JournalEntry } from '../shell/types';
import { buildTimeline } from './timeline-model';
import { graphErrors, journalTable, sentBodies, timelineBar } from './timeline-view';

/**
 * The journal is written in batches, off the answer path: entries of an event may land a moment
 * after the event itself. One more read this long after an event catches them.
 */
const JOURNAL_SETTLE_MS = 1500;

/** One call: its record, the decide panel while it waits for an operator, its timeline and journal. */
export class CallPage {
  readonly element: HTMLElement;
  private readonly content = h('div', { class: 'call-content' });
  private readonly status = h('p', { class: 'load-status', attrs: { role: 'status' } });
  /** What the operator's decision came to; kept once the decide panel is gone. */
  private readonly notice = h('p', { class: 'notice', attrs: { role: 'status' } });
  private call: CallView | null = null;
  private journal: JournalEntry[] = [];
  private settle: ReturnType<typeof setTimeout> | undefined;
  private countdown: ReturnType<typeof setInterval> | undefined;
  private decidePanel: HTMLElement | null = null;

  constructor(
    private readonly api: Api,
    readonly callId: string,
    private readonly onUnauthorized: () => void,
    private readonly back: () => void,
  ) {
    const refresh = h(
      'button',
      { attrs: { type: 'button' }, on: { click: () => void this.load() } },
      'Refresh',
    );
    const backButton = h(
      'button',
      { attrs: { type: 'button' }, on: { click: () => this.back() } },
      '← Live calls',
    );
    this.element = h(
      'section',
      { class: 'call-page', attrs: { 'aria-labelledby': 'call-title' } },
      h('div', { class: 'toolbar' }, backButton, refresh),
      h('h2', { attrs: { id: 'call-title' } }, 'Call ', h('code', null, callId)),
      this.status,
      this.content,
    );
  }

  async load(): Promise<void> {
    this.status.textContent = 'Loading…';
    try {
      const [call, journal] = await Promise.all([
        this.api.call(this.callId).catch((error: unknown) => {
          // The journal outlives the call record: a 404 here still leaves the journal to show.
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        }),
        this.api.journal(this.callId),
      ]);
      this.call = call;
      this.journal = journal;
      this.status.textContent = `Loaded at ${clock(new Date().toISOString())}.`;
      this.render();
    } catch (error) {
      if (error instanceof UnauthorizedError) return this.onUnauthorized();
      this.status.textContent =
        error instanceof ApiError
          ? `Could not load the call (${error.status}): ${error.message}`
          : `Could not load the call: ${String(error)}`;
    }
  }

  /** A stream event about this call: show it, and read the journal again once it has settled. */
  onEvent(event: CallEvent): void {
    if (event.call.id.toLowerCase() !== this.callId.toLowerCase()) return;
    this.call = event.call;
    void this.load();
    clearTimeout(this.settle);
    this.settle = setTimeout(() => void this.load(), JOURNAL_SETTLE_MS);
  }

  dispose(): void {
    clearTimeout(this.settle);
    clearInterval(this.countdown);
  }

  private render(): void {
    clearInterval(this.countdown);
    const call = this.call;
    const timeline = buildTimeline(call, this.journal);
    const waiting = call !== null && awaitsOperator(call);
    if (!waiting) this.decidePanel = null;
    else
      this.decidePanel ??= decideForm(
        (d, body) => this.api.decide(call.id, d, body),
        (decided, message) => {
          this.call = decided;
          this.notice.textContent = message;
          void this.load();
        },
      );
    const left = call
      ? h(
          'div',
          { class: 'time-left' },
          h('span', null, 'Time left: '),
          deadlineBar(call, Date.now()),
        )
      : null;
    if (call && waiting && left) {
      this.countdown = setInterval(
        () => replace(left, h('span', null, 'Time left: '), deadlineBar(call, Date.now())),
        250,
      );
    }
    replace(
      this.content,
      call
        ? details(call)
        : h('p', null, 'The call record is gone (terminated and expired); its journal remains.'),
      left,
      this.notice,
      this.decidePanel,
      h('h3', null, 'Timeline'),
      timelineBar(timeline),
      graphErrors(timeline),
      sentBodies(timeline),
      journalTable(this.journal, timeline.start),
    );
  }
}

function details(call: CallView): HTMLElement {
  const rows: [string, string][] = [
    ['Caller', `${callerOf(call.caller)} (${call.caller?.kind ?? '?'})`],
    ['State', call.state],
    [
      'Decision',
      `${call.decision ?? '–'}${call.decisionSource ? ` by ${call.decisionSource}` : ''}${call.decisionRule ? ` (rule ${call.decisionRule})` : ''}`,
    ],
    ['Outcome', call.outcome],
    ['Received', clock(call.receivedAt)],
    ['Deadline', clock(call.deadlineAt)],
    ['Policy group', call.policyIdentifier ?? '–'],
  ];
  if (call.fallbackReason) rows.push(['Fallback reason', call.fallbackReason]);
  if (call.error)
    rows.push([
      'Error',
      `${call.error.status ?? 'no response'} ${call.error.code}: ${call.error.message}`,
    ]);
  return h(
    'dl',
    { class: 'details' },
    ...rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
  );
}
