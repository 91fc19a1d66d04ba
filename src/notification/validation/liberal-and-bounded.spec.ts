import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NOTIFICATION_FIXTURE_DIR } from '../../../test/support/fixtures';
import { jsonBodyValidator } from '../../common/validation/json-body.validation';
import {
  flattenValidationErrors,
  GRAPH_VALIDATION,
} from '../../common/validation/validation.policy';
import { CallDto } from '../dto/call.dto';
import { CommsNotificationsDto } from '../dto/comms-notifications.dto';
import { CommsOperationDto } from '../dto/comms-operation.dto';
import { ParticipantDto } from '../dto/participant.dto';
import type { NotificationMetrics } from '../notification.metrics';
import { classifyNotification } from '../routing/notification.classifier';
import { DEFAULT_BODY_LIMITS } from './body-shape.precheck';
import type { Deviation } from './deviation.inspector';
import { isLegacyCallingBody } from './legacy-format.hook';
import { NotificationBatchPipe } from './notification-batch.pipe';
import { rejectionOf } from '../notification.testing';
import { validateInSlices } from './sliced-validation';

type Body = Record<string, unknown>;
const CALL = '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896';
const PUBLISHED_DIR = join(NOTIFICATION_FIXTURE_DIR, 'published');

/** A deep copy made in this realm (Jest's `structuredClone` builds objects of another one). */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function published(name: string): Body {
  return JSON.parse(readFileSync(join(PUBLISHED_DIR, `${name}.json`), 'utf8')) as Body;
}

function roster(entries: unknown[]): Body {
  return {
    value: [{ changeType: 'updated', resourceUrl: `${CALL}/participants`, resourceData: entries }],
  };
}

function participant(index: number): Body {
  return {
    '@odata.type': '#microsoft.graph.participant',
    id: `p-${index}`,
    info: { identity: { user: { id: `u-${index}` } }, endpointType: 'default' },
    mediaStreams: [{ mediaType: 'audio', direction: 'sendReceive', serverMuted: false }],
    isMuted: false,
  };
}

describe('NotificationBatchPipe on hostile and odd bodies', () => {
  let deviations: Deviation[];
  let sut: NotificationBatchPipe;

  beforeEach(() => {
    deviations = [];
    const metrics = {
      count: () => undefined,
      deviation: (d: Deviation) => deviations.push(d),
    } as unknown as NotificationMetrics;
    sut = new NotificationBatchPipe(metrics);
  });

  const rejection = (body: unknown): Promise<string> => rejectionOf(sut, body);

  describe("Microsoft's published examples (test/fixtures/notifications/published)", () => {
    const names = readdirSync(PUBLISHED_DIR)
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.replace(/\.json$/, ''));

    it.each(names)('accepts %s as published and routes it to a kind', async (name) => {
      const result = await sut.transform(published(name));
      expect(result.value.length).toBe(1);
      expect(classifyNotification(result.value[0]).kind).not.toBe('unhandled');
    });

    it('reads the string-coded resultInfo of the terminated example as numbers: the call terminates', async () => {
      const result = await sut.transform(published('call-delete-terminated'));
      const call = result.value[0].resourceData as CallDto;
      expect(call).toBeInstanceOf(CallDto);
      expect(call.resultInfo).toMatchObject({ code: 200, subcode: 5001 });
      expect(classifyNotification(result.value[0]).kind).toBe('callTerminated');
      expect(deviations).toEqual([]);
    });
  });

  describe('liberal inside', () => {
    it('drops and counts a wrongly typed field the service does not act on; the rest applies', async () => {
      const result = await sut.transform({
        value: [
          {
            changeType: 'deleted',
            resourceUrl: CALL,
            resourceData: {
              '@odata.type': '#microsoft.graph.call',
              state: 'terminated',
              subject: 42,
              resultInfo: { code: 'two hundred', subcode: '5001', message: ['ended'] },
            },
          },
        ],
      });
      const call = result.value[0].resourceData as CallDto;
      expect(call.state).toBe('terminated');
      expect(call.subject).toBeUndefined();
      expect(call.resultInfo).toEqual(expect.objectContaining({ subcode: 5001 }));
      expect(call.resultInfo?.code).toBeUndefined();
      expect(call.resultInfo?.message).toBeUndefined();
      expect(deviations.map((d) => `${d.kind} ${d.path} ${d.on}`).sort()).toEqual([
        'wrongType value[0].resourceData.resultInfo.code ResultInfoDto.code',
        'wrongType value[0].resourceData.resultInfo.message ResultInfoDto.message',
        'wrongType value[0].resourceData.subject CallDto.subject',
      ]);
    });

    it('drops a wrongly typed roster detail but still refuses a wrong type where the service acts', async () => {
      const result = await sut.transform(roster([{ ...participant(1), isMuted: 'no', info: 7 }]));
      const entry = (result.value[0].resourceData as ParticipantDto[])[0];
      expect(entry.id).toBe('p-1');
      expect(entry.info).toBeUndefined();
      expect(entry.isMuted).toBeUndefined();

      expect(await rejection(roster([{ ...participant(1), id: 5 }]))).toBe(
        'value[0].resourceData[0].id: id must be a string',
      );
      expect(
        await rejection({
          value: [
            { changeType: 'updated', resourceUrl: CALL, resourceData: { state: 5, subject: 1 } },
          ],
        }),
      ).toBe('value[0].resourceData.state: state must be a string');
    });

    it('reads numeric text where Graph documents an integer', async () => {
      const result = await sut.transform({
        value: [
          {
            changeType: 'deleted',
            resourceUrl: `${CALL}/operations/op-1`,
            resourceData: {
              '@odata.type': '#microsoft.graph.commsOperation',
              id: 'op-1',
              status: 'failed',
              resultInfo: { code: '-1', subCode: '8506' },
            },
          },
        ],
      });
      const operation = result.value[0].resourceData as CommsOperationDto;
      expect(operation.resultInfo).toMatchObject({ code: -1, subCode: 8506 });
      expect(deviations).toEqual([]);
    });
  });

  describe('bounded work', () => {
    it.each([
      [
        'notifications',
        { value: Array.from({ length: 1001 }, () => ({})) },
        'value: more than 1000 items',
      ],
      [
        'roster entries',
        roster(Array.from({ length: 10_001 }, () => ({}))),
        'value[0].resourceData: more than 10000 items',
      ],
      [
        'items of another array',
        { value: [{ resourceData: { targets: new Array(1001).fill(0) } }] },
        'value[0].resourceData.targets: more than 1000 items',
      ],
    ])('refuses a body over the limit of %s before validating it', async (_what, body, message) => {
      expect(await rejection(body)).toBe(message);
    });

    it('refuses a body of more objects than the limit, whatever their shape', async () => {
      const wide = Array.from({ length: 200 }, () => Array.from({ length: 300 }, () => ({})));
      expect(await rejection({ value: [{ resourceData: { wide } }] })).toBe(
        `body holds more than ${DEFAULT_BODY_LIMITS.maxObjects} objects and arrays`,
      );
    });

    it('refuses the 150,000-item roster of the report at once', async () => {
      const started = performance.now();
      expect(await rejection(roster(Array.from({ length: 150_000 }, () => ({}))))).toMatch(
        /more than 10000 items/,
      );
      expect(performance.now() - started).toBeLessThan(2000);
    });
  });

  describe('validation in slices', () => {
    const validate = jsonBodyValidator(CommsNotificationsDto, GRAPH_VALIDATION);

    it('gives what one validation gives: the same instance and the same errors, paths included', async () => {
      const entries = Array.from({ length: 730 }, (_, i) => participant(i));
      entries[3] = { ...participant(3), id: 3 };
      entries[456] = { ...participant(456), '@odata.type': '#microsoft.graph.participant', id: [] };
      const items = [
        roster(entries).value as unknown[],
        Array.from({ length: 250 }, () => ({ changeType: 'updated', resourceUrl: CALL })),
        [{ changeType: 'nope', resourceUrl: CALL }],
      ].flat();
      const once = await validate(copy({ value: items }));
      const sliced = await validateInSlices(copy({ value: items }), validate, 100);
      expect(flattenValidationErrors(sliced.errors).sort()).toEqual(
        flattenValidationErrors(once.errors).sort(),
      );
      expect(flattenValidationErrors(sliced.errors)).toContain(
        'value[0].resourceData[456].id: id must be a string',
      );
      expect(sliced.instance).toEqual(once.instance);
      expect(sliced.instance).toBeInstanceOf(CommsNotificationsDto);
      const data = sliced.instance.value[0].resourceData as ParticipantDto[];
      expect(data).toHaveLength(730);
      data.forEach((entry) => expect(entry).toBeInstanceOf(ParticipantDto));
    });

    it('lets the event loop run while a maximal roster is validated', async () => {
      let turns = 0;
      const ticker = setInterval(() => turns++, 0);
      try {
        await sut.transform(roster(Array.from({ length: 5_000 }, (_, i) => participant(i))));
      } finally {
        clearInterval(ticker);
      }
      expect(turns).toBeGreaterThan(5);
    });
  });

  describe('legacy calling format', () => {
    it.each([
      [
        { id: 'a', participants: [], presentedModalityTypes: ['audio'], callState: 'incoming' },
        true,
      ],
      [{ id: 'a', callState: 'terminated', operationOutcome: {} }, true],
      [{ value: [], callState: 'incoming' }, false],
      [{ value: [] }, false],
      [[], false],
    ])('tells %j legacy: %s', (body, expected) => {
      expect(isLegacyCallingBody(body)).toBe(expected);
    });
  });
});
