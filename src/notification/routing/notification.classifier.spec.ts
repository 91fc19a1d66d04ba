import { notificationFixture } from '../../../test/support/fixtures';
import { CommsNotificationDto } from '../dto/comms-notification.dto';
import { NotificationBatchPipe } from '../validation/notification-batch.pipe';
import { classifyNotification } from './notification.classifier';

const pipe = new NotificationBatchPipe();

async function firstItem(body: unknown): Promise<CommsNotificationDto> {
  return (await pipe.transform(body)).value[0];
}

async function itemOf(fields: Record<string, unknown>): Promise<CommsNotificationDto> {
  return firstItem({ value: [fields] });
}

const CALL = '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896';

describe('classifyNotification', () => {
  const sut = classifyNotification;

  it.each([
    ['p2p-incoming-service-hosted', 'incomingCall', '57DAB8B1894C409AB240BD8BEAE78896', undefined],
    ['pbr-incoming', 'incomingCall', 'e71f0300-9c1f-4d99-b5f4-2722e877d497', undefined],
    ['call-establishing', 'callUpdated', '57DAB8B1894C409AB240BD8BEAE78896', undefined],
    ['call-established', 'callUpdated', '57DAB8B1894C409AB240BD8BEAE78896', undefined],
    ['call-terminated', 'callTerminated', '57DAB8B1894C409AB240BD8BEAE78896', undefined],
    [
      'content-sharing-started',
      'contentSharing',
      '421f4c00-4436-4c3a-9d9a-c4924cf98e67',
      '2765eb15-01f8-47c6-b12b-c32111a4a86f',
    ],
    [
      'content-sharing-ended',
      'contentSharing',
      '421f4c00-4436-4c3a-9d9a-c4924cf98e67',
      '2765eb15-01f8-47c6-b12b-c32111a4a86f',
    ],
    [
      'pbr-participant-joining',
      'participantJoining',
      'e71f0300-9c1f-4d99-b5f4-2722e877d497',
      undefined,
    ],
    ['pbr-participant-left', 'participantLeft', 'e71f0300-9c1f-4d99-b5f4-2722e877d497', undefined],
  ])('classifies %s as %s', async (name, kind, callId, subResourceId) => {
    const result = sut(await firstItem(notificationFixture(name)));
    expect(result).toEqual(expect.objectContaining({ kind, callId, subResourceId }));
  });

  it('takes the callChainId of the call, or of the joining participant call', async () => {
    expect(sut(await firstItem(notificationFixture('pbr-incoming'))).callChainId).toBe(
      '05f2f70f-3a9c-47c1-80a9-cc79e91d8cec',
    );
    expect(sut(await firstItem(notificationFixture('pbr-participant-joining'))).callChainId).toBe(
      '05f2f70f-3a9c-47c1-80a9-cc79e91d8cec',
    );
  });

  it('reads the state whatever its casing', async () => {
    const item = await itemOf({
      changeType: 'CREATED',
      resourceUrl: CALL,
      resourceData: { '@odata.type': '#microsoft.graph.call', state: 'Incoming' },
    });
    expect(sut(item).kind).toBe('incomingCall');
  });

  it.each([
    ['deleted', 'established', 'callTerminated'],
    ['updated', 'terminated', 'callTerminated'],
    ['created', 'terminated', 'callTerminated'],
    ['created', 'establishing', 'callUpdated'],
    ['updated', 'incoming', 'callUpdated'],
    ['updated', 'somethingNew', 'callUpdated'],
  ])('a call %s with state %s is %s', async (changeType, state, kind) => {
    const item = await itemOf({
      changeType,
      resourceUrl: CALL,
      resourceData: { '@odata.type': '#microsoft.graph.call', state },
    });
    expect(sut(item).kind).toBe(kind);
  });

  it('classifies the legacy /app/calls path alone', async () => {
    const item = await itemOf({
      changeType: 'created',
      resource: '/app/calls/abc',
      resourceData: { '@odata.type': '#microsoft.graph.call', state: 'incoming' },
    });
    expect(sut(item)).toEqual(expect.objectContaining({ kind: 'incomingCall', callId: 'abc' }));
  });

  it('classifies a roster, and operations with their id', async () => {
    const roster = await itemOf({
      changeType: 'updated',
      resourceUrl: `${CALL}/participants`,
      resourceData: [{ '@odata.type': '#microsoft.graph.participant', id: 'p1' }],
    });
    expect(sut(roster).kind).toBe('participants');
    // A roster stays a roster when Graph slips in an entry of a type we do not know.
    const mixed = await itemOf({
      changeType: 'updated',
      resourceUrl: `${CALL}/participants`,
      resourceData: [{ '@odata.type': '#microsoft.graph.somethingElse' }],
    });
    expect(sut(mixed).kind).toBe('participants');
    const operation = await itemOf({
      changeType: 'deleted',
      resourceUrl: `${CALL}/operations/op-1`,
      resourceData: { '@odata.type': '#microsoft.graph.playPromptOperation', status: 'completed' },
    });
    expect(sut(operation)).toEqual(
      expect.objectContaining({ kind: 'operation', subResourceId: 'op-1' }),
    );
    const withoutPath = await itemOf({
      changeType: 'updated',
      resourceUrl: CALL,
      resourceData: {
        '@odata.type': '#microsoft.graph.updateRecordingStatusOperation',
        id: 'op-2',
      },
    });
    expect(sut(withoutPath)).toEqual(
      expect.objectContaining({ kind: 'operation', subResourceId: 'op-2' }),
    );
  });

  it('classifies a deletion on /participants/{id} without resourceData as a roster', async () => {
    const gone = await itemOf({ changeType: 'deleted', resourceUrl: `${CALL}/participants/p-7` });
    expect(sut(gone)).toEqual(
      expect.objectContaining({ kind: 'participants', subResourceId: 'p-7' }),
    );
    const updated = await itemOf({
      changeType: 'updated',
      resourceUrl: `${CALL}/participants/p-7`,
    });
    expect(sut(updated).kind).toBe('unhandled');
  });

  it('marks unknown types, unknown paths and call data on a foreign path as unhandled', async () => {
    const cases = [
      {
        changeType: 'created',
        resourceUrl: CALL,
        resourceData: { '@odata.type': '#microsoft.graph.hologram' },
      },
      { changeType: 'updated', resourceUrl: `${CALL}/somethingNew/1` },
      { changeType: 'updated', resourceUrl: CALL },
      { changeType: 'created', resourceUrl: '/communications/onlineMeetings/x' },
      {
        changeType: 'updated',
        resourceUrl: `${CALL}/participantJoiningNotification`,
        resourceData: { '@odata.type': '#microsoft.graph.call', state: 'incoming' },
      },
      {
        changeType: 'updated',
        resourceUrl: CALL,
        resourceData: [{ '@odata.type': '#microsoft.graph.somethingElse' }],
      },
    ];
    for (const fields of cases) {
      expect(sut(await itemOf(fields)).kind).toBe('unhandled');
    }
  });

  it('routes a joining notification whose path names no call (the policy group decides)', async () => {
    const item = await itemOf({
      changeType: 'created',
      resourceUrl: '/communications/participantJoiningNotification',
      resourceData: {
        '@odata.type': '#microsoft.graph.participantJoiningNotification',
        call: { '@odata.type': '#microsoft.graph.call', id: 'joining-call' },
      },
    });
    expect(sut(item)).toEqual(
      expect.objectContaining({ kind: 'participantJoining', callId: undefined }),
    );
  });

  it('a deletion of a call without resourceData terminates it', async () => {
    const item = await itemOf({ changeType: 'deleted', resourceUrl: CALL });
    expect(sut(item).kind).toBe('callTerminated');
  });
});
