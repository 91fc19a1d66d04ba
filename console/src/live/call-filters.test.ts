import { describe, expect, it } from 'vitest';
import { callView } from '../testing';
import {
  awaitsOperator,
  deadlineLeft,
  matchesFilters,
  NO_FILTERS,
  NO_POLICY,
  policyGroups,
} from './call-filters';

describe('call filters', () => {
  const deferred = callView({ id: 'd', decision: 'defer', decisionSource: 'rule' });
  const recorded = callView({
    id: 'r',
    decision: 'answer',
    outcome: 'sent',
    state: 'established',
    policyIdentifier: 'compliance',
  });

  it.each([
    [NO_FILTERS, ['d', 'r']],
    [{ ...NO_FILTERS, decision: 'defer' }, ['d']],
    [{ ...NO_FILTERS, outcome: 'sent' }, ['r']],
    [{ ...NO_FILTERS, state: 'established' }, ['r']],
    [{ ...NO_FILTERS, policyGroup: 'compliance' }, ['r']],
    [{ ...NO_FILTERS, policyGroup: NO_POLICY }, ['d']],
    [{ ...NO_FILTERS, state: 'incoming', outcome: 'sent' }, []],
  ])('%o shows %o', (filters, ids) => {
    expect([deferred, recorded].filter((c) => matchesFilters(c, filters)).map((c) => c.id)).toEqual(
      ids,
    );
  });

  it('knows the calls waiting for an operator', () => {
    expect(awaitsOperator(deferred)).toBe(true);
    expect(awaitsOperator({ ...deferred, outcome: 'sent' })).toBe(false);
    expect(awaitsOperator(recorded)).toBe(false);
  });

  it('lists the policy groups present', () => {
    expect(policyGroups([deferred, recorded, recorded])).toEqual([NO_POLICY, 'compliance']);
  });

  it('counts the deadline down, never below zero', () => {
    const t0 = Date.parse(deferred.receivedAt);
    expect(deadlineLeft(deferred, t0 + 5000)).toEqual({
      leftMs: 10_000,
      totalMs: 15_000,
      fraction: 10 / 15,
    });
    expect(deadlineLeft(deferred, t0 + 60_000).leftMs).toBe(0);
  });
});
