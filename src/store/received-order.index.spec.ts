import { isAfter, type CallListPosition } from './call-list';
import { ReceivedOrderIndex } from './received-order.index';

/** The pages' order by brute force: newest first, then by key, descending. */
function listed(positions: readonly CallListPosition[]): CallListPosition[] {
  return [...positions].sort((a, b) => (isAfter(a, b) ? 1 : isAfter(b, a) ? -1 : 0));
}

describe('ReceivedOrderIndex', () => {
  it('lists newest first from any cursor, as sorting would, through adds and removes in any order', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const sut = new ReceivedOrderIndex();
    const kept: CallListPosition[] = [];
    for (let step = 0; step < 2000; step++) {
      // Mostly newer calls and removals of the oldest, as a store sees them; some of each kind out of order.
      if (kept.length > 0 && random(3) === 0) {
        const oldest = listed(kept).at(-1) as CallListPosition;
        const gone = random(4) === 0 ? kept[random(kept.length)] : oldest;
        kept.splice(kept.indexOf(gone), 1);
        sut.remove(gone);
      } else {
        const at = random(5) === 0 ? random(step + 1) : step;
        const position = { at, key: `k${random(1000)}` };
        if (kept.some((p) => p.at === position.at && p.key === position.key)) continue;
        kept.push(position);
        sut.add(position);
      }
      if (step % 50 === 0) {
        const expected = listed(kept);
        expect([...sut.from(undefined)]).toEqual(expected);
        const cursor = expected[random(expected.length)] ?? { at: 0, key: 'k0' };
        expect([...sut.from(cursor)]).toEqual(expected.filter((p) => isAfter(p, cursor)));
      }
    }
  });

  it('keeps its order while the oldest go, past the point where their slots are dropped', () => {
    const sut = new ReceivedOrderIndex();
    const position = (n: number): CallListPosition => ({ at: n, key: `k${n}` });
    for (let n = 0; n < 5000; n++) sut.add(position(n));
    for (let n = 0; n < 4000; n++) {
      sut.remove(position(n));
      // A late one, older than every other, now and then: it goes in front, where the oldest was.
      if (n % 1000 === 999) sut.add({ at: n, key: 'late' });
    }
    const late = [3999, 2999, 1999, 999].map((at) => ({ at, key: 'late' }));
    const expected = [...Array.from({ length: 1000 }, (_, i) => position(4999 - i)), ...late];
    expect([...sut.from(undefined)]).toEqual(expected);
    expect([...sut.from(position(4001))]).toEqual(expected.slice(999));
  });

  it('ignores the removal of a position it does not hold', () => {
    const sut = new ReceivedOrderIndex();
    sut.add({ at: 1, key: 'a' });
    sut.remove({ at: 1, key: 'b' });
    sut.remove({ at: 2, key: 'a' });
    expect([...sut.from(undefined)]).toEqual([{ at: 1, key: 'a' }]);
  });
});
