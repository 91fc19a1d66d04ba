import type { CallView, GraphErrorExplanation, JournalEntry } from '../shell/types';

export type MarkKind =
  | 'received'
  | 'decision'
  | 'requestSent'
  | 'retry'
  | 'graphAnswer'
  | 'takeover'
  | 'fallback'
  | 'deadline';

export interface TimelineMark {
  kind: MarkKind;
  /** Milliseconds from the notification's arrival. */
  atMs: number;
  label: string;
}

export type StageName = 'deciding' | 'sending' | 'graph' | 'left';

/** A stretch of the budget: where the time between arrival and deadline went. */
export interface TimelineStage {
  name: StageName;
  fromMs: number;
  toMs: number;
}

export interface GraphErrorNote {
  action: string;
  status: number | null;
  code: string | null;
  message: string | null;
  explanation: GraphErrorExplanation;
}

export interface Timeline {
  /** ISO time of the notification's arrival: 0 on the bar. */
  start: string;
  /** Arrival to Graph's deadline: the bar's whole width. */
  spanMs: number;
  marks: TimelineMark[];
  stages: TimelineStage[];
  /** What Graph's errors about this call likely mean. */
  errors: GraphErrorNote[];
  /** The body of each decision request sent (answer, reject, redirect), as journalled. */
  sentBodies: { action: string; body: unknown }[];
}

const DECISION_ACTIONS = new Set(['answer', 'reject', 'redirect']);

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

interface Retried {
  afterMs: number;
  status: number | null;
  code: string;
}

function retriedOf(entry: JournalEntry): Retried[] {
  return Array.isArray(entry.retried) ? (entry.retried as Retried[]) : [];
}

function statusText(status: number | null, code: string | null): string {
  return [status === null ? 'no response' : `HTTP ${status}`, code].filter(Boolean).join(' ');
}

/**
 * A call's timeline from its journal (docs/journal.md) and record: one bar from the incoming
 * notification's arrival to Graph's deadline, with a mark where each thing happened, and the
 * budget split into stages. Pure, so that the picture is tested without a browser.
 */
export function buildTimeline(call: CallView | null, journal: readonly JournalEntry[]): Timeline {
  const firstNotification = journal.find((e) => e.kind === 'notification');
  const start =
    call?.receivedAt ?? str(firstNotification?.at) ?? journal[0]?.at ?? new Date().toISOString();
  const t0 = Date.parse(start);
  const offset = (iso: string): number => Date.parse(iso) - t0;
  const deadlineEntry = journal.find((e) => e.kind === 'deadline');
  const deadlineAt = call?.deadlineAt ?? str(deadlineEntry?.deadlineAt);

  const marks: TimelineMark[] = [{ kind: 'received', atMs: 0, label: 'Notification received' }];
  const errors: GraphErrorNote[] = [];
  const sentBodies: Timeline['sentBodies'] = [];
  let firstSent: number | undefined;
  let lastAnswer: number | undefined;

  for (const entry of journal) {
    const at = offset(entry.at);
    switch (entry.kind) {
      case 'graphRequest': {
        const action = str(entry.action) ?? 'request';
        const status = num(entry.status);
        const code = str(entry.code);
        const explanation = entry.explanation as GraphErrorExplanation | null | undefined;
        if (explanation) {
          errors.push({ action, status, code, message: str(entry.message), explanation });
        }
        if (!DECISION_ACTIONS.has(action)) break;
        const startedAt = str(entry.startedAt);
        const sentAt = startedAt === null ? null : offset(startedAt);
        if (sentAt !== null) {
          firstSent ??= sentAt;
          marks.push({ kind: 'requestSent', atMs: sentAt, label: `${action} request sent` });
          for (const retry of retriedOf(entry)) {
            marks.push({
              kind: 'retry',
              atMs: sentAt + retry.afterMs,
              label: `Retry after ${statusText(retry.status, retry.code)}`,
            });
          }
        }
        marks.push({
          kind: 'graphAnswer',
          atMs: at,
          label:
            entry.ok === true
              ? `Graph accepted the ${action} (HTTP ${status ?? '?'})`
              : `Graph refused the ${action}: ${statusText(status, code)}`,
        });
        lastAnswer = at;
        if (entry.body !== undefined) sentBodies.push({ action, body: entry.body });
        break;
      }
      case 'lease':
        if (entry.change === 'takenOver') {
          marks.push({
            kind: 'takeover',
            atMs: at,
            label: `Taken over by ${str(entry.owner) ?? 'another instance'}`,
          });
        } else if (entry.change === 'givenBack') {
          marks.push({
            kind: 'takeover',
            atMs: at,
            label: `Given back by ${str(entry.previousOwner) ?? str(entry.owner) ?? 'its instance'}`,
          });
        }
        break;
      case 'takeover':
        marks.push({ kind: 'takeover', atMs: at, label: 'Taken over' });
        break;
      case 'decision':
        if (entry.source === 'fallback') {
          const reason = str(entry.fallbackReason);
          marks.push({
            kind: 'fallback',
            atMs: at,
            label: `Fallback ${str(entry.action) ?? ''} sent${reason ? `: ${reason}` : ''}`,
          });
        }
        break;
      case 'deadline':
        if (entry.outcome === 'missed')
          marks.push({ kind: 'deadline', atMs: at, label: 'Deadline missed' });
        break;
    }
  }

  const decidedAt = call?.decidedAt ? offset(call.decidedAt) : undefined;
  if (decidedAt !== undefined) {
    const who = call?.decisionSource ? ` by ${call.decisionSource}` : '';
    marks.push({
      kind: 'decision',
      atMs: decidedAt,
      label: `Decision made: ${call?.decision ?? '?'}${who}`,
    });
  }
  const spanMs = deadlineAt
    ? Math.max(offset(deadlineAt), 1)
    : Math.max(...marks.map((m) => m.atMs), 1);
  marks.sort((a, b) => a.atMs - b.atMs);
  return {
    start,
    spanMs,
    marks,
    stages: stagesOf(decidedAt, firstSent, lastAnswer, spanMs),
    errors,
    sentBodies,
  };
}

function stagesOf(
  decidedAt: number | undefined,
  sentAt: number | undefined,
  answeredAt: number | undefined,
  spanMs: number,
): TimelineStage[] {
  const stages: TimelineStage[] = [];
  const decided = decidedAt ?? sentAt;
  if (decided !== undefined) stages.push({ name: 'deciding', fromMs: 0, toMs: decided });
  if (decided !== undefined && sentAt !== undefined && sentAt > decided) {
    stages.push({ name: 'sending', fromMs: decided, toMs: sentAt });
  }
  if (sentAt !== undefined && answeredAt !== undefined) {
    stages.push({ name: 'graph', fromMs: sentAt, toMs: answeredAt });
  }
  const end = answeredAt ?? decided;
  if (end !== undefined && end < spanMs) stages.push({ name: 'left', fromMs: end, toMs: spanMs });
  return stages;
}

/** One line about a journal entry, for the list under the bar. */
export function describeEntry(entry: JournalEntry): string {
  switch (entry.kind) {
    case 'notification':
      return `${str(entry.notification) ?? 'notification'} ${str(entry.changeType) ?? ''}${entry.state ? ` (state ${str(entry.state)})` : ''}${entry.duplicate ? ', a repeat' : ''}`;
    case 'decision':
      return `${str(entry.action) ?? '?'} by ${str(entry.source) ?? '?'}${entry.rule ? ` (rule ${str(entry.rule)})` : ''}: ${str(entry.outcome) ?? '?'}, ${num(entry.spentMs) ?? '?'} ms of ${num(entry.budgetMs) ?? '?'} ms`;
    case 'deadline':
      return `deadline ${str(entry.outcome) ?? '?'}, ${num(entry.leftMs) ?? '?'} ms left`;
    case 'graphRequest': {
      const retries = retriedOf(entry).length;
      return `${str(entry.action) ?? '?'}: ${entry.ok === true ? 'ok' : 'failed'}, ${statusText(num(entry.status), str(entry.code))}, ${num(entry.attempts) ?? '?'} attempt(s)${retries ? `, ${retries} retried` : ''}`;
    }
    case 'lease':
      return `lease ${str(entry.change) ?? '?'}: ${str(entry.owner) ?? '?'}`;
    case 'stateChange':
      return `state ${str(entry.from) ?? '?'} → ${str(entry.to) ?? '?'}`;
    case 'operation':
      return `${str(entry.operation) ?? 'operation'} ${str(entry.status) ?? ''}`;
    case 'recordingStatus':
      return `recording status ${str(entry.status) ?? '?'}`;
    case 'shadowDecision':
      return `shadow rules ${entry.agree === true ? 'agree' : 'disagree'}`;
    case 'terminated':
      return `ended (${str(entry.state) ?? '?'})`;
    default:
      return entry.kind;
  }
}
