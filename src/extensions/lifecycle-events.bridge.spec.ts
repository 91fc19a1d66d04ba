import { CallEvents, type CallRecord } from '../calls';
import { InFlightTracker } from '../common/lifecycle/in-flight.tracker';
import { ContentSharingEvents } from '../media';
import { MetricsService } from '../metrics';
import { sampleCall } from '../store/call-record.testing';
import { LIFECYCLE_EVENTS, type SwitchboardEventName } from './lifecycle-events';
import { LifecycleEventsBridge } from './lifecycle-events.bridge';
import { SwitchboardEvents } from './switchboard-events';

describe('LifecycleEventsBridge', () => {
  const inFlight = new InFlightTracker();
  const calls = new CallEvents(inFlight);
  const contentSharing = new ContentSharingEvents(inFlight);
  const sut = new SwitchboardEvents(inFlight, new MetricsService(), {
    listenerLimitMs: 1000,
  } as never);
  const heard: Array<[SwitchboardEventName, Record<string, unknown>]> = [];
  const call: CallRecord = sampleCall({ id: 'c1' });

  beforeAll(() => {
    new LifecycleEventsBridge(calls, contentSharing, sut).onModuleInit();
    for (const name of LIFECYCLE_EVENTS) {
      sut.on(name, (event) => void heard.push([name, event as Record<string, unknown>]));
    }
  });

  beforeEach(() => (heard.length = 0));

  const names = async (): Promise<SwitchboardEventName[]> => {
    await inFlight.idle(1000);
    return heard.map(([name]) => name);
  };

  it.each([
    ['answer', 'sent', ['decided', 'answerSent']],
    ['answer', 'failed', ['decided', 'answerFailed']],
    ['answer', 'deadlineMissed', ['decided', 'deadlineMissed']],
    ['reject', 'sent', ['decided']],
    ['redirect', 'deadlineMissed', ['decided', 'deadlineMissed']],
  ] as const)('tells a decision to %s that was %s as %j', async (action, outcome, expected) => {
    calls.emit('decided', { call, action, outcome });
    expect(await names()).toEqual(expected);
  });

  it('passes on the other events of a call under their public names', async () => {
    calls.emit('incoming', { call, incoming: { resource: { id: 'c1' }, facts: {} as never } });
    calls.emit('stateChanged', { call, from: 'incoming', to: 'established' });
    calls.emit('participantJoined', { call, participantId: 'p1' });
    calls.emit('participantLeft', { call, participantId: 'p1', trigger: 'roster' });
    calls.emit('recordingStatus', {
      call,
      status: 'recording',
      state: 'sent',
      source: 'automatic',
    });
    contentSharing.emit('started', { call, sessionId: 's1' });
    contentSharing.emit('ended', { call, sessionId: 's1', reason: 'deleted' });
    calls.emit('terminated', { call });
    expect((await names()).sort()).toEqual(
      [
        'received',
        'stateChanged',
        'participantJoined',
        'participantLeft',
        'recordingStatus',
        'contentSharingStarted',
        'contentSharingEnded',
        'terminated',
      ].sort(),
    );
    expect(heard).toContainEqual(['stateChanged', { call, from: 'incoming', to: 'established' }]);
  });
});
