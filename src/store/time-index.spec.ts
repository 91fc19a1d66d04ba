import { TimeIndex } from './time-index';

/** A small deterministic generator, so that a failure replays. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('TimeIndex', () => {
  it('agrees with a plain map over thousands of random sets, moves, deletes and sweeps', () => {
    for (const seed of [1, 2, 3, 42, 2026]) {
      const next = random(seed);
      const index = new TimeIndex();
      const model = new Map<string, number>();
      for (let step = 0; step < 4000; step++) {
        const key = `k${Math.floor(next() * 300)}`;
        const now = Math.floor(next() * 1000);
        const roll = next();
        if (roll < 0.55) {
          index.set(key, now);
          model.set(key, now);
        } else if (roll < 0.75) {
          index.delete(key);
          model.delete(key);
        } else if (roll < 0.95) {
          const limit = 1 + Math.floor(next() * 50);
          const due = index.due(now, limit);
          const expected = [...model].filter(([, at]) => at <= now).map(([k]) => k);
          expect(due.length).toBe(Math.min(limit, expected.length));
          for (const k of due) expect(model.get(k)).toBeLessThanOrEqual(now);
          expect(new Set(due).size).toBe(due.length);
        } else {
          const taken = index.takeDue(now);
          const expected = [...model].filter(([, at]) => at <= now);
          expect(taken.sort()).toEqual(expected.map(([k]) => k).sort());
          for (const [k] of expected) model.delete(k);
        }
        expect(index.size).toBe(model.size);
      }
    }
  });

  it('hands out what is due earliest first when sweeping', () => {
    const index = new TimeIndex();
    index.set('c', 30);
    index.set('a', 10);
    index.set('b', 20);
    index.set('d', 40);
    index.set('b', 5);

    expect(index.takeDue(30)).toEqual(['b', 'a', 'c']);
    expect(index.due(100, 10)).toEqual(['d']);
  });
});
