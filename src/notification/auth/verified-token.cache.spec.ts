import { VerifiedTokenCache } from './verified-token.cache';

const NOW = 1_800_000_000_000;
const seconds = NOW / 1000;

describe('VerifiedTokenCache', () => {
  let sut: VerifiedTokenCache;

  beforeEach(() => {
    sut = new VerifiedTokenCache(2, 300);
  });

  it('returns a verified token while it is valid', () => {
    sut.set('t1', { exp: seconds + 60, nbf: seconds - 1, tid: 'a' }, 1);
    expect(sut.get('t1', 1, NOW)).toEqual({ exp: seconds + 60, nbf: seconds - 1, tid: 'a' });
  });

  it('forgets a token once it expired, beyond the skew', () => {
    sut.set('t1', { exp: seconds - 301 }, 1);
    expect(sut.get('t1', 1, NOW)).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('keeps a token within the skew of its exp', () => {
    sut.set('t1', { exp: seconds - 299 }, 1);
    expect(sut.get('t1', 1, NOW)).toBeDefined();
  });

  it('refuses a token not yet valid, beyond the skew', () => {
    sut.set('t1', { exp: seconds + 900, nbf: seconds + 301 }, 1);
    expect(sut.get('t1', 1, NOW)).toBeUndefined();
  });

  it('forgets everything verified against an older key set', () => {
    sut.set('t1', { exp: seconds + 60 }, 1);
    expect(sut.get('t1', 2, NOW)).toBeUndefined();
  });

  it('never holds more than its capacity, dropping the oldest', () => {
    sut.set('t1', { exp: seconds + 60 }, 1);
    sut.set('t2', { exp: seconds + 60 }, 1);
    sut.set('t3', { exp: seconds + 60 }, 1);
    expect(sut.size).toBe(2);
    expect(sut.get('t1', 1, NOW)).toBeUndefined();
    expect(sut.get('t3', 1, NOW)).toBeDefined();
  });
});
