import { performance } from 'node:perf_hooks';
import { ReadinessService, READINESS_CHECK_TIMEOUT_MS, shortReason } from './readiness.service';

describe('ReadinessService', () => {
  let sut: ReadinessService;

  beforeEach(() => {
    sut = new ReadinessService();
  });

  it('is ready when every check passes', async () => {
    sut.register({ name: 'a', check: () => true });
    sut.register({ name: 'b', check: async (): Promise<true> => true });

    expect(await sut.report()).toEqual({
      ready: true,
      draining: false,
      checks: { a: 'ok', b: 'ok' },
    });
  });

  it('reports a check that does not answer in time as "timeout", without waiting for it', async () => {
    sut.register({ name: 'slow', check: () => new Promise(() => undefined) });
    sut.register({ name: 'fast', check: () => true });

    const started = performance.now();
    const report = await sut.report();

    expect(report).toMatchObject({ ready: false, checks: { slow: 'timeout', fast: 'ok' } });
    expect(performance.now() - started).toBeLessThan(READINESS_CHECK_TIMEOUT_MS + 1000);
  });

  it('never shows upstream error text: a thrown error is named by its reason, else "failed"', async () => {
    sut.register({
      name: 'store',
      check: () =>
        Promise.reject(
          Object.assign(new Error('Reached the max retries per request limit'), {
            reason: 'unavailable',
          }),
        ),
    });
    sut.register({
      name: 'other',
      check: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.1:6379')),
    });
    sut.register({
      name: 'token',
      check: () => 'no Graph token (retrying): AADSTS7000215: Invalid client secret',
    });

    const { checks } = await sut.report();

    expect(checks).toEqual({
      store: 'unavailable',
      other: 'failed',
      token: 'no Graph token (retrying)',
    });
  });

  it('turns unready while draining', async () => {
    sut.register({ name: 'a', check: () => true });
    sut.startDraining();

    expect(await sut.report()).toMatchObject({
      ready: false,
      draining: true,
      checks: { shutdown: 'draining' },
    });
  });

  it('shortens a long reason', () => {
    expect(shortReason('x'.repeat(200))).toHaveLength(80);
  });
});
