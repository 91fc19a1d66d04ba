import { sampleCall } from '../../store/call-record.testing';
import { nextVisitAt } from './call-visits';

const at = (ms: number): string => new Date(ms).toISOString();
const NOW = Date.parse('2026-01-01T00:00:00Z');
const INACTIVE = 60_000;

describe('nextVisitAt', () => {
  it.each([
    [
      'a pending decision: its lease end',
      sampleCall({
        updatedAt: at(NOW),
        pending: { owner: 'a', leaseUntil: NOW + 1500, request: null },
      }),
      NOW + 1500,
    ],
    [
      'an answered call: the end of its inactivity period',
      sampleCall({ updatedAt: at(NOW), decision: 'answer', outcome: 'sent' }),
      NOW + INACTIVE,
    ],
    [
      'an established call: its keep-alive when sooner',
      sampleCall({
        state: 'established',
        updatedAt: at(NOW),
        decision: 'answer',
        outcome: 'sent',
        nextKeepAliveAt: at(NOW + 5000),
      }),
      NOW + 5000,
    ],
    [
      'a terminated call: never',
      sampleCall({ state: 'terminated', decision: 'answer', outcome: 'sent' }),
      undefined,
    ],
    ['a rejected call: never', sampleCall({ decision: 'reject', outcome: 'sent' }), undefined],
  ])('%s', (_, call, expected) => {
    expect(nextVisitAt(call, INACTIVE)).toBe(expected);
  });
});
