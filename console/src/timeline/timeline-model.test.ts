import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../shell/types';
import { callView } from '../testing';
import { buildTimeline, describeEntry } from './timeline-model';

const T0 = Date.parse('2026-12-04T10:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();
const entry = (ms: number, kind: string, fields: Record<string, unknown> = {}): JournalEntry => ({
  at: at(ms),
  instance: 'host:1',
  callId: 'call-1',
  kind,
  ...fields,
});

describe('buildTimeline', () => {
  it('marks each stage of a call answered after one retry, and splits the budget', () => {
    const call = callView({
      decision: 'answer',
      decisionSource: 'rule',
      decidedAt: at(40),
      outcome: 'sent',
    });
    const journal = [
      entry(0, 'notification', { notification: 'incomingCall' }),
      entry(1, 'lease', { change: 'acquired', owner: 'host:1' }),
      entry(900, 'graphRequest', {
        action: 'answer',
        ok: true,
        status: 202,
        attempts: 2,
        startedAt: at(50),
        retried: [{ afterMs: 120, status: 503, code: 'serviceUnavailable' }],
        body: { callbackUri: 'https://bot/api/calling' },
      }),
      entry(901, 'decision', { action: 'answer', source: 'rule', outcome: 'sent' }),
      entry(901, 'deadline', { outcome: 'met' }),
    ];
    const timeline = buildTimeline(call, journal);
    expect(timeline.spanMs).toBe(15_000);
    expect(timeline.marks.map((m) => [m.kind, m.atMs])).toEqual([
      ['received', 0],
      ['decision', 40],
      ['requestSent', 50],
      ['retry', 170],
      ['graphAnswer', 900],
    ]);
    expect(timeline.marks.find((m) => m.kind === 'retry')?.label).toBe(
      'Retry after HTTP 503 serviceUnavailable',
    );
    expect(timeline.stages).toEqual([
      { name: 'deciding', fromMs: 0, toMs: 40 },
      { name: 'sending', fromMs: 40, toMs: 50 },
      { name: 'graph', fromMs: 50, toMs: 900 },
      { name: 'left', fromMs: 900, toMs: 15_000 },
    ]);
    expect(timeline.sentBodies).toEqual([
      { action: 'answer', body: { callbackUri: 'https://bot/api/calling' } },
    ]);
  });

  it('marks takeovers, the fallback, a missed deadline, and explains Graph errors', () => {
    const explanation = {
      summary: 'The bot is not allowed',
      check: 'permissions',
      source: 'learn',
    };
    const journal = [
      entry(0, 'notification'),
      entry(3000, 'lease', { change: 'takenOver', owner: 'host:2', previousOwner: 'host:1' }),
      entry(14_000, 'graphRequest', {
        action: 'answer',
        ok: false,
        status: 403,
        code: 'Forbidden',
        message: 'no',
        startedAt: at(13_500),
        explanation,
      }),
      entry(14_900, 'graphRequest', {
        action: 'reject',
        ok: true,
        status: 202,
        startedAt: at(14_100),
      }),
      entry(14_901, 'decision', {
        action: 'reject',
        source: 'fallback',
        fallbackReason: 'answerFailed',
      }),
      entry(15_100, 'deadline', { outcome: 'missed', deadlineAt: at(15_000) }),
    ];
    const timeline = buildTimeline(null, journal);
    const kinds = timeline.marks.map((m) => m.kind);
    expect(kinds).toEqual([
      'received',
      'takeover',
      'requestSent',
      'graphAnswer',
      'requestSent',
      'graphAnswer',
      'fallback',
      'deadline',
    ]);
    expect(timeline.marks.find((m) => m.kind === 'takeover')?.label).toBe('Taken over by host:2');
    expect(timeline.errors).toEqual([
      { action: 'answer', status: 403, code: 'Forbidden', message: 'no', explanation },
    ]);
    expect(timeline.spanMs).toBe(15_000);
  });

  it('describes entries in a line', () => {
    expect(describeEntry(entry(0, 'stateChange', { from: 'incoming', to: 'established' }))).toBe(
      'state incoming → established',
    );
    expect(
      describeEntry(
        entry(0, 'graphRequest', {
          action: 'answer',
          ok: true,
          status: 202,
          code: null,
          attempts: 2,
          retried: [{}],
        }),
      ),
    ).toBe('answer: ok, HTTP 202, 2 attempt(s), 1 retried');
  });
});
