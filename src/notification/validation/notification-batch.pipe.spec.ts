import { Test } from '@nestjs/testing';
import { notificationFixture, notificationFixtures } from '../../../test/support/fixtures';
import { CallDto } from '../dto/call.dto';
import { CommsNotificationsDto } from '../dto/comms-notifications.dto';
import { CommsOperationDto, ContentSharingSessionDto } from '../dto/comms-operation.dto';
import { ParticipantDto } from '../dto/participant.dto';
import {
  ParticipantJoiningNotificationDto,
  ParticipantLeftNotificationDto,
} from '../dto/participant-joining-notification.dto';
import { UnknownResourceDto } from '../dto/unknown-resource.dto';
import { findDeviations } from './deviation.inspector';
import { NotificationBatchPipe } from './notification-batch.pipe';
import { rejectionOf } from '../notification.testing';

type Body = Record<string, unknown>;

function item(overrides: Body = {}): Body {
  return {
    changeType: 'updated',
    resourceUrl: '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896',
    resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established' },
    ...overrides,
  };
}

function batch(...items: Body[]): Body {
  return { value: items };
}

describe('NotificationBatchPipe', () => {
  let sut: NotificationBatchPipe;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [NotificationBatchPipe],
    }).compile();
    sut = moduleRef.get(NotificationBatchPipe);
  });

  const rejection = (body: unknown): Promise<string> => rejectionOf(sut, body);

  describe('fixtures', () => {
    it.each(Object.keys(notificationFixtures()))('accepts %s', async (name) => {
      const result = await sut.transform(notificationFixture(name));
      expect(result).toBeInstanceOf(CommsNotificationsDto);
      expect(result.value.length).toBeGreaterThan(0);
    });

    it('builds each resourceData as its own class, keeping the discriminator', async () => {
      const expected: Record<string, unknown> = {
        'call-established': CallDto,
        'p2p-incoming-service-hosted': CallDto,
        'pbr-participant-joining': ParticipantJoiningNotificationDto,
        'pbr-participant-left': ParticipantLeftNotificationDto,
      };
      for (const [name, type] of Object.entries(expected)) {
        const data = (await sut.transform(notificationFixture(name))).value[0].resourceData;
        expect(data).toBeInstanceOf(type);
        expect((data as { '@odata.type': string })['@odata.type']).toMatch(/^#microsoft\.graph\./);
      }
      const joining = (await sut.transform(notificationFixture('pbr-participant-joining'))).value[0]
        .resourceData as ParticipantJoiningNotificationDto;
      expect(joining.call).toBeInstanceOf(CallDto);
      expect(joining.call.incomingContext?.observedParticipantId).toBe(
        'c0fad2ce-8989-41a1-8a66-f6636e629a2b',
      );
      expect(joining.call.applicationMetadata?.botData?.inviteReasons).toEqual([
        'PolicyBasedRecording',
      ]);
    });

    it('reports no deviation on the fixtures: every property they carry is declared', async () => {
      for (const name of Object.keys(notificationFixtures())) {
        const result = await sut.transform(notificationFixture(name));
        expect(findDeviations(result.value[0], 'value[0]')).toEqual([]);
      }
    });
  });

  describe('resourceData discriminator', () => {
    it('refuses a known type with a wrong shape, naming the field', async () => {
      const message = await rejection(
        batch(item({ resourceData: { '@odata.type': '#microsoft.graph.call', state: 5 } })),
      );
      expect(message).toBe('value[0].resourceData.state: state must be a string');
    });

    it('names nested fields of a known type', async () => {
      const message = await rejection(
        batch(
          item({
            resourceData: {
              '@odata.type': '#microsoft.graph.call',
              source: { identity: { user: { id: 42 } } },
              requestedModalities: 'audio',
            },
          }),
        ),
      );
      expect(message).toContain(
        'value[0].resourceData.source.identity.user.id: id must be a string',
      );
      expect(message).toContain(
        'value[0].resourceData.requestedModalities: requestedModalities must be an array',
      );
    });

    it('accepts an unknown type as UnknownResourceDto without validating its content', async () => {
      const result = await sut.transform(
        batch(
          item({
            resourceData: { '@odata.type': '#microsoft.graph.holographicSession', state: 5 },
          }),
        ),
      );
      const data = result.value[0].resourceData;
      expect(data).toBeInstanceOf(UnknownResourceDto);
      expect(data).not.toBeInstanceOf(CallDto);
      expect(findDeviations(result.value[0], 'value[0]')).toEqual([
        expect.objectContaining({
          kind: 'unknownType',
          path: 'value[0].resourceData',
          value: '#microsoft.graph.holographicSession',
        }),
      ]);
    });

    it('types untyped resourceData from its resource path (Graph\'s docs print "@odata.type": "")', async () => {
      const callId = '57DAB8B1894C409AB240BD8BEAE78896';
      const result = await sut.transform(
        batch(
          item({ resourceData: { state: 'established' } }),
          item({ resourceData: { '@odata.type': '', state: 'Established' } }),
          item({
            resourceUrl: `/communications/calls/${callId}/participants`,
            resourceData: [{ id: 'p1' }, { '@odata.type': null, id: 'p2' }],
          }),
          item({
            changeType: 'created',
            resourceUrl: `/communications/calls/${callId}/participantJoiningNotification`,
            resourceData: { call: { id: 'B41F03001F2E4D99', state: 'incoming' } },
          }),
          item({
            changeType: 'deleted',
            resourceUrl: `/communications/calls/${callId}/participantLeftNotification`,
            resourceData: { participantId: 'p1', call: { id: callId } },
          }),
          item({
            changeType: 'deleted',
            resourceUrl: `/communications/calls/${callId}/operations/op-1`,
            resourceData: { id: 'op-1', status: 'completed' },
          }),
        ),
      );
      const data = result.value.map((notification) => notification.resourceData);
      expect(data[0]).toBeInstanceOf(CallDto);
      expect((data[1] as CallDto).state).toBe('established');
      (data[2] as unknown[]).forEach((entry) => expect(entry).toBeInstanceOf(ParticipantDto));
      expect(data[3]).toBeInstanceOf(ParticipantJoiningNotificationDto);
      expect((data[3] as ParticipantJoiningNotificationDto).call).toBeInstanceOf(CallDto);
      expect(data[4]).toBeInstanceOf(ParticipantLeftNotificationDto);
      expect(data[5]).toBeInstanceOf(CommsOperationDto);
    });

    it('never retypes data that names its type, and tolerates untyped data on other paths', async () => {
      const result = await sut.transform(
        batch(
          item({ resourceData: { '@odata.type': '#microsoft.graph.hologram', state: 1 } }),
          item({
            resourceUrl: '/communications/presences/abc',
            resourceData: { availability: 'busy' },
          }),
        ),
      );
      expect(result.value[0].resourceData).toBeInstanceOf(UnknownResourceDto);
      expect(result.value[1].resourceData).toBeInstanceOf(UnknownResourceDto);
      expect(findDeviations(result.value[1], 'value[1]')).toEqual([
        expect.objectContaining({ kind: 'unknownType', value: '(untyped)' }),
      ]);
    });

    it('refuses resourceData of the wrong JSON type, or a type that is not a string', async () => {
      expect(
        await rejection(batch(item({ resourceData: { '@odata.type': 5, state: 'established' } }))),
      ).toContain('value[0].resourceData.@odata.type: @odata.type must name the resource type');
      expect(await rejection(batch(item({ resourceData: 'call' })))).toContain(
        'value[0].resourceData: resourceData must be an object or an array of objects',
      );
      expect(await rejection(batch(item({ resourceData: [null] })))).toContain(
        'value[0].resourceData[0]: must be an object',
      );
    });

    it('accepts a roster (an array of participants)', async () => {
      const result = await sut.transform(
        batch(
          item({
            resourceUrl: '/communications/calls/abc/participants',
            resourceData: [
              { '@odata.type': '#microsoft.graph.participant', id: 'p1', isMuted: true },
              { '@odata.type': '#microsoft.graph.participant', id: 'p2', mediaStreams: [] },
            ],
          }),
        ),
      );
      const roster = result.value[0].resourceData as ParticipantDto[];
      expect(roster).toHaveLength(2);
      roster.forEach((participant) => expect(participant).toBeInstanceOf(ParticipantDto));
    });

    it('builds every derived operation type as a CommsOperationDto', async () => {
      for (const type of [
        'playPromptOperation',
        'updateRecordingStatusOperation',
        'commsOperation',
      ]) {
        const result = await sut.transform(
          batch(
            item({
              changeType: 'deleted',
              resourceUrl: '/communications/calls/abc/operations/op-1',
              resourceData: {
                '@odata.type': `#microsoft.graph.${type}`,
                id: 'op-1',
                status: 'Completed',
              },
            }),
          ),
        );
        const operation = result.value[0].resourceData as CommsOperationDto;
        expect(operation).toBeInstanceOf(CommsOperationDto);
        expect(operation.status).toBe('completed');
      }
    });

    it('builds a content sharing session', async () => {
      const result = await sut.transform(
        batch(
          item({
            resourceData: { '@odata.type': '#microsoft.graph.contentSharingSession', id: 's1' },
          }),
        ),
      );
      expect(result.value[0].resourceData).toBeInstanceOf(ContentSharingSessionDto);
    });

    it('requires the call of a joining notification and the participant of a left one', async () => {
      expect(
        await rejection(
          batch(
            item({
              resourceData: { '@odata.type': '#microsoft.graph.participantJoiningNotification' },
            }),
          ),
        ),
      ).toContain('value[0].resourceData.call: call must be an object');
      expect(
        await rejection(
          batch(
            item({
              resourceData: { '@odata.type': '#microsoft.graph.participantLeftNotification' },
            }),
          ),
        ),
      ).toContain('value[0].resourceData.participantId: participantId must be a string');
    });
  });

  describe('enums', () => {
    it('reads enums case-insensitively and normalises them to lower camel case', async () => {
      const result = await sut.transform(
        batch(
          item({
            changeType: 'Created',
            resourceData: {
              '@odata.type': '#microsoft.graph.call',
              state: 'Established',
              direction: 'INCOMING',
              requestedModalities: ['Audio', 'VIDEOBASEDSCREENSHARING'],
              source: { endpointType: 'Default' },
            },
          }),
        ),
      );
      const notification = result.value[0];
      const call = notification.resourceData as CallDto;
      expect(notification.changeType).toBe('created');
      expect(call.state).toBe('established');
      expect(call.direction).toBe('incoming');
      expect(call.requestedModalities).toEqual(['audio', 'videoBasedScreenSharing']);
      expect(call.source?.endpointType).toBe('default');
      expect(findDeviations(notification, 'value[0]')).toEqual([]);
    });

    it('keeps an unknown enum value inside resourceData and reports it', async () => {
      const result = await sut.transform(
        batch(
          item({ resourceData: { '@odata.type': '#microsoft.graph.call', state: 'Teleporting' } }),
        ),
      );
      const notification = result.value[0];
      expect((notification.resourceData as CallDto).state).toBe('teleporting');
      expect(findDeviations(notification, 'value[0]')).toEqual([
        {
          kind: 'unknownValue',
          path: 'value[0].resourceData.state',
          on: 'CallDto.state',
          value: 'teleporting',
        },
      ]);
    });

    it('refuses a changeType outside created/updated/deleted (the envelope is strict)', async () => {
      expect(await rejection(batch(item({ changeType: 'modified' })))).toMatch(
        /^value\[0\]\.changeType: changeType must be one of the following values: created, updated, deleted$/,
      );
      expect(await rejection(batch(item({ changeType: undefined })))).toContain(
        'value[0].changeType',
      );
    });
  });

  describe('extra properties', () => {
    it('tolerates and reports properties Graph may add, at every level', async () => {
      const result = await sut.transform({
        value: [
          item({
            newEnvelopeThing: 1,
            resourceData: {
              '@odata.type': '#microsoft.graph.call',
              state: 'established',
              hologram: { depth: 3 },
              source: { identity: { user: { id: 'u', secret: 'x' } } },
            },
          }),
        ],
        '@odata.nextLink': 'whatever',
      });
      const paths = findDeviations(result.value[0], 'value[0]').map((d) => `${d.kind} ${d.path}`);
      expect(paths.sort()).toEqual([
        'extraProperty value[0].newEnvelopeThing',
        'extraProperty value[0].resourceData.hologram',
        'extraProperty value[0].resourceData.source.identity.user.secret',
      ]);
    });
  });

  describe('call ids', () => {
    it.each([
      [
        '/communications/calls/abc$def',
        'value[0].resourceUrl: resourceUrl: call id must contain only',
      ],
      [
        '/communications/calls/abc%2Fdef',
        'value[0].resourceUrl: resourceUrl: call id must contain only',
      ],
      [
        '/communications/calls/ab\u00e9',
        'value[0].resourceUrl: resourceUrl: call id must contain only',
      ],
      ['/communications/calls/', 'value[0].resourceUrl: resourceUrl: call id is missing'],
      [
        '/communications/calls/abc/operations/op.1',
        'value[0].resourceUrl: resourceUrl: the id after /operation/',
      ],
      [
        '/communications/calls/' + 'a'.repeat(129),
        'value[0].resourceUrl: resourceUrl: call id must contain only',
      ],
    ])('refuses the resourceUrl %s', async (resourceUrl, expected) => {
      expect(await rejection(batch(item({ resourceUrl })))).toContain(expected);
    });

    it('refuses a bad id in the legacy resource and in resourceData', async () => {
      expect(
        await rejection(batch(item({ resourceUrl: undefined, resource: '/app/calls/a b' }))),
      ).toContain('value[0].resource: resource: call id must contain only');
      expect(
        await rejection(
          batch(item({ resourceData: { '@odata.type': '#microsoft.graph.call', id: '../x' } })),
        ),
      ).toContain('value[0].resourceData.id: id must contain only');
      expect(
        await rejection(
          batch(
            item({
              resourceData: {
                '@odata.type': '#microsoft.graph.participantJoiningNotification',
                call: { '@odata.type': '#microsoft.graph.call', id: 'x/y' },
              },
            }),
          ),
        ),
      ).toContain('value[0].resourceData.call.id: id must contain only');
    });

    it('accepts the legacy resource alone, and a path that is not below a call', async () => {
      await expect(
        sut.transform(batch(item({ resourceUrl: undefined, resource: '/app/calls/abc-DEF_1' }))),
      ).resolves.toBeInstanceOf(CommsNotificationsDto);
      await expect(
        sut.transform(batch(item({ resourceUrl: '/communications/onlineMeetings/xyz' }))),
      ).resolves.toBeInstanceOf(CommsNotificationsDto);
    });

    it('requires resourceUrl or resource', async () => {
      expect(await rejection(batch(item({ resourceUrl: undefined })))).toContain(
        'value[0].resourceUrl: resourceUrl (or the legacy resource) must be a string',
      );
    });
  });

  describe('envelope', () => {
    it('accepts an empty batch', async () => {
      await expect(sut.transform({ value: [] })).resolves.toEqual(
        expect.objectContaining({ value: [] }),
      );
    });

    it.each([[null], [[]], ['text'], [42], [{}], [{ value: {} }], [{ value: [1] }]])(
      'refuses %j',
      async (body) => {
        expect(await rejection(body)).toMatch(/body must be a JSON object|value/);
      },
    );

    it('names every failing field of every item', async () => {
      const message = await rejection(
        batch(item(), item({ changeType: 'nope' }), item({ resourceUrl: 5 })),
      );
      expect(message).toContain('value[1].changeType');
      expect(message).toContain('value[2].resourceUrl');
      expect(message).not.toContain('value[0]');
    });

    it('refuses a foreign @odata.type on the envelope', async () => {
      expect(await rejection({ '@odata.type': '#microsoft.graph.event', value: [] })).toContain(
        '@odata.type: @odata.type must be equal to #microsoft.graph.commsNotifications',
      );
    });

    it('refuses deep nesting before any library recurses into it', async () => {
      let deep: unknown = {};
      for (let i = 0; i < 5000; i += 1) deep = [deep];
      const message = await rejection(
        batch(item({ resourceData: { '@odata.type': '#microsoft.graph.call', junk: deep } })),
      );
      expect(message).toMatch(
        /^value\[0\]\.resourceData\.junk(\[0\])*: nested deeper than 32 levels$/,
      );
    });

    it('bounds the message when there are very many problems', async () => {
      const items = Array.from({ length: 200 }, () => item({ changeType: 'nope' }));
      const message = await rejection(batch(...items));
      expect(message).toMatch(/; and 150 more$/);
    });
  });
});
