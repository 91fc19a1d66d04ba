import { Scheduler } from './scheduler';

describe('Scheduler.waitFor', () => {
  const never = new Promise<never>(() => undefined);
  afterEach(() => jest.useRealTimers());

  it('resolves with the promise, or rejects with the message once the time is up', async () => {
    const scheduler = new Scheduler();
    await expect(scheduler.waitFor(Promise.resolve('done'), 1000, 'late')).resolves.toBe('done');
    await expect(scheduler.waitFor(never, 5, 'late')).rejects.toThrow('late');
    scheduler.close();
  });

  it('rejects the waits in progress on reset and close, leaving no timer behind', async () => {
    jest.useFakeTimers();
    const scheduler = new Scheduler();
    const reset = scheduler.waitFor(never, 60_000, 'late');
    scheduler.cancelAll();
    await expect(reset).rejects.toThrow('emulator reset');

    const closed = scheduler.waitFor(never, 60_000, 'late');
    scheduler.close();
    await expect(closed).rejects.toThrow('emulator closed');
    await expect(scheduler.waitFor(never, 60_000, 'late')).rejects.toThrow('emulator closed');
    expect(jest.getTimerCount()).toBe(0);
  });
});
