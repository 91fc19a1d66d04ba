import { faultProblems, FaultRegistry } from './fault-registry';

describe('FaultRegistry', () => {
  it('applies a fault to its next `times` matching requests only', () => {
    const faults = new FaultRegistry();
    faults.inject({ endpoint: 'answer', status: 503, times: 2 });
    expect(faults.take('reject', 'c1')).toBeUndefined();
    expect(faults.take('answer', 'c1')).toMatchObject({ status: 503, applied: 1 });
    expect(faults.take('answer', 'c2')).toMatchObject({ status: 503, applied: 2 });
    expect(faults.take('answer', 'c3')).toBeUndefined();
  });

  it('matches groups, wildcards and call ids case-insensitively', () => {
    const faults = new FaultRegistry();
    const id = faults.inject({ endpoint: 'graph', status: 429, callId: 'ABC' });
    expect(faults.take('token', 'abc')).toBeUndefined();
    expect(faults.take('keepAlive', 'other')).toBeUndefined();
    expect(faults.take('keepAlive', 'abc')).toBeDefined();
    expect(faults.take('keepAlive', 'abc')).toBeDefined();
    expect(faults.remove(id)).toBe(true);
    faults.inject({ endpoint: '*', drop: true });
    expect(faults.take('token', null)).toMatchObject({ drop: true });
    faults.clear();
    expect(faults.list()).toEqual([]);
  });

  it('refuses faults that do nothing or name no endpoint', () => {
    expect(faultProblems({ endpoint: 'answer' })).toEqual([
      'a fault needs status, drop or latencyMs',
    ]);
    expect(faultProblems({ endpoint: 'nope' as never, status: 503 })).toHaveLength(1);
    expect(() => new FaultRegistry().inject({ endpoint: 'answer', status: 42 })).toThrow(/status/);
  });
});
