import { CallEvents } from '../calls/call-events';
import { InFlightTracker } from '../common/lifecycle/in-flight.tracker';
import { DomainError, DomainErrorCode } from '../common/errors/domain.error';
import type { StoreConfigType } from '../config';
import type { CallJournal } from '../journal';
import { sampleCall } from '../store/call-record.testing';
import { OverviewService } from './overview.service';

const journal = { instance: 'here:1' } as CallJournal;
const memoryStore = { driver: 'memory' } as StoreConfigType;

/** Lets the event bus run its listeners (they run after the current work). */
async function settle(inFlight: InFlightTracker): Promise<void> {
  await inFlight.idle(1000);
}

describe('OverviewService', () => {
  it('counts decided calls and takeovers from the call events, as the metrics label them', async () => {
    const inFlight = new InFlightTracker();
    const events = new CallEvents(inFlight);
    const service = new OverviewService(events, journal, memoryStore);
    service.onModuleInit();

    const sent = sampleCall({ decisionSource: 'rule', timings: { total: 12.5 } });
    events.emit('decided', { call: sent, action: 'answer', outcome: 'sent' });
    // No source recorded: the metrics say `fallback`; a failed decision has no latency.
    const failed = sampleCall({ decisionSource: null, timings: { total: 99 } });
    events.emit('decided', { call: failed, action: 'answer', outcome: 'failed' });
    const taken = { call: sampleCall(), change: 'takenOver' as const, owner: 'me' };
    events.emit('lease', { ...taken, previousOwner: 'someone else' });
    // Resuming its own decision, or giving one back, is not a takeover.
    events.emit('lease', { ...taken, previousOwner: 'me' });
    events.emit('lease', { ...taken, change: 'givenBack', previousOwner: 'me' });
    await settle(inFlight);

    const overview = await service.overview(15);
    expect(overview.instances).toEqual(['here:1']);
    expect(overview.totals).toEqual({
      decisions: 2,
      latencyMs: { p50: 12.5, p99: 12.5 },
      deadlineMisses: 0,
      takeovers: 1,
    });
    const last = overview.buckets[overview.buckets.length - 1];
    expect(last.decisions.sent.rule).toBe(1);
    expect(last.decisions.failed.fallback).toBe(1);
    await service.onApplicationShutdown();
  });

  it('answers 503, naming no host, when the other instances cannot be read from Redis', async () => {
    const service = new OverviewService(new CallEvents(new InFlightTracker()), journal, {
      driver: 'redis',
      redisUrl: 'redis://:secret-password@127.0.0.1:1',
      redisClusterNodes: [],
      keyPrefix: 'overview-spec:',
      commandTimeoutMs: 100,
    } as unknown as StoreConfigType);
    try {
      const failure = await service.overview(15).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DomainError);
      expect((failure as DomainError).code).toBe(DomainErrorCode.NotReady);
      expect((failure as DomainError).message).not.toMatch(/127\.0\.0\.1|secret/);
    } finally {
      await service.onApplicationShutdown();
    }
  });
});
