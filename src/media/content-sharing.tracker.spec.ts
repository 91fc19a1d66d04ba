import { Test } from '@nestjs/testing';
import { CallEvents, type CallRecord } from '../calls';
import { InFlightTracker } from '../health';
import { NotificationRouter, type RoutedNotification } from '../notification';
import { MemoryCallStore } from '../store';
import { ContentSharingEvents, type ContentSharingEventMap } from './content-sharing.events';
import { ContentSharingTracker } from './content-sharing.tracker';
import { callRecord, callsProviders } from './media.testing';

type Seen = { event: string } & Partial<ContentSharingEventMap['ended']>;

async function build() {
  const store = new MemoryCallStore();
  const moduleRef = await Test.createTestingModule({
    providers: [
      ContentSharingTracker,
      ContentSharingEvents,
      NotificationRouter,
      ...callsProviders(store),
    ],
  }).compile();
  await moduleRef.init();
  const seen: Seen[] = [];
  const events = moduleRef.get(ContentSharingEvents);
  events.on('started', (e) => void seen.push({ event: 'started', ...e }));
  events.on('ended', (e) => void seen.push({ event: 'ended', ...e }));
  await store.create(callRecord({ id: 'Call-1', state: 'established' }));
  const settle = () => moduleRef.get(InFlightTracker).idle(1000);
  return {
    sut: moduleRef.get(ContentSharingTracker),
    router: moduleRef.get(NotificationRouter),
    callEvents: moduleRef.get(CallEvents),
    store,
    seen,
    settle,
  };
}

function notification(changeType: 'created' | 'deleted', sessionId: string): RoutedNotification {
  return {
    kind: 'contentSharing',
    callId: 'call-1',
    subResourceId: sessionId,
    changeType,
    scenarioId: undefined,
    index: 0,
    notification: {} as RoutedNotification['notification'],
    context: {} as RoutedNotification['context'],
  };
}

const sessionsOf = async (store: MemoryCallStore) =>
  (await store.get('call-1'))!.contentSharingSessions;

describe('ContentSharingTracker', () => {
  it('keeps the active sessions on the call from the routed notifications, and publishes each change once', async () => {
    const { router, store, seen, settle } = await build();
    await router.dispatch(notification('created', 'S1'));
    await router.dispatch(notification('created', 's1'));
    await router.dispatch(notification('created', 'S2'));
    expect(await sessionsOf(store)).toEqual(['S1', 'S2']);
    await router.dispatch(notification('deleted', 'S1'));
    await router.dispatch(notification('deleted', 'S1'));
    expect(await sessionsOf(store)).toEqual(['S2']);
    await settle();
    expect(seen.map((e) => [e.event, e.sessionId])).toEqual([
      ['started', 'S1'],
      ['started', 'S2'],
      ['ended', 'S1'],
    ]);
  });

  it('a created that arrives after its deleted does not bring the session back', async () => {
    const { sut, store, seen, settle } = await build();
    await sut.ended('call-1', 'late');
    await sut.started('call-1', 'LATE');
    expect(await sessionsOf(store)).toEqual([]);
    await settle();
    expect(seen).toEqual([]);
  });

  it('ignores sessions of unknown and terminated calls', async () => {
    const { sut, store } = await build();
    expect(await sut.started('nobody', 'S1')).toBeUndefined();
    await store.update('call-1', (c: CallRecord) => ({ ...c, state: 'terminated' }));
    await sut.started('call-1', 'S1');
    expect(await sessionsOf(store)).toEqual([]);
  });

  it('ends the open sessions when the call terminates', async () => {
    const { sut, callEvents, store, seen, settle } = await build();
    await sut.started('call-1', 'S1');
    callEvents.emit('terminated', { call: (await store.get('call-1'))! });
    await settle();
    expect(await sessionsOf(store)).toEqual([]);
    expect(seen.map((e) => [e.event, e.sessionId, e.reason])).toEqual([
      ['started', 'S1', undefined],
      ['ended', 'S1', 'callTerminated'],
    ]);
  });
});
