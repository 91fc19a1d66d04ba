import { Logger } from '@nestjs/common';
import { InFlightTracker } from '../lifecycle/in-flight.tracker';
import { CallEventBus } from './call-event-bus';

interface Events {
  ping: { call: { id: string; scenarioId: string | null }; n: number };
}

class TestEvents extends CallEventBus<Events> {
  readonly faults: string[] = [];

  constructor(inFlight: InFlightTracker, logger: Logger, limitMs?: number) {
    super(inFlight, logger, { listenerLimitMs: limitMs });
  }

  protected override onFault(fault: string, event: keyof Events, owner: string): void {
    this.faults.push(`${owner}:${event}:${fault}`);
  }
}

describe('CallEventBus', () => {
  const call = { id: 'c1', scenarioId: 's1' };
  let inFlight: InFlightTracker;
  let logger: Logger;
  let sut: TestEvents;

  beforeEach(() => {
    inFlight = new InFlightTracker();
    logger = new Logger('test');
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    sut = new TestEvents(inFlight, logger);
  });

  it('delivers to every listener after the current work, not during emit', async () => {
    const seen: number[] = [];
    sut.on('ping', ({ n }) => void seen.push(n));
    sut.on('ping', ({ n }) => void seen.push(n * 10));
    sut.emit('ping', { call, n: 1 });
    expect(seen).toEqual([]);
    await inFlight.idle(1000);
    expect(seen).toEqual([1, 10]);
  });

  it('stops delivering once unsubscribed', async () => {
    const listener = jest.fn();
    const off = sut.on('ping', listener);
    off();
    sut.emit('ping', { call, n: 1 });
    await inFlight.idle(1000);
    expect(listener).not.toHaveBeenCalled();
  });

  it('logs a failing listener with the call ids and still runs the others', async () => {
    const other = jest.fn();
    sut.on('ping', () => Promise.reject(new Error('boom')));
    sut.on('ping', other);
    sut.emit('ping', { call, n: 2 });
    await inFlight.idle(1000);
    expect(other).toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'ping', callId: 'c1', scenarioId: 's1' }),
      'event listener failed',
    );
  });

  it('names the owner of a failing listener and reports the fault', async () => {
    sut.on(
      'ping',
      () => {
        throw new Error('boom');
      },
      { owner: 'CrmModule' },
    );
    sut.emit('ping', { call, n: 3 });
    await inFlight.idle(1000);
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ extension: 'CrmModule', event: 'ping' }),
      'event listener failed',
    );
    expect(sut.faults).toEqual(['CrmModule:ping:failed']);
  });

  it('reports a listener still running at the limit, and stops waiting for it', async () => {
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const bounded = new TestEvents(inFlight, logger, 20);
    bounded.on('ping', () => new Promise<void>(() => undefined), { owner: 'SlowModule' });
    bounded.emit('ping', { call, n: 4 });
    // Shutdown waits for it only up to the limit.
    expect(await inFlight.idle(2000)).toBe(true);
    expect(bounded.faults).toEqual(['SlowModule:ping:slow']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ extension: 'SlowModule', limitMs: 20 }),
      'event listener still running at its limit; no longer waited for',
    );
  });
});
