import { EmulatorEngine } from './engine';
import { computeStats } from './outcomes';
import { NotificationKeyRing } from '../notifications/key-ring';
import { generateRsaKey } from './persisted-key';
import { resolveOptions } from './options';
import type { CallRecord } from './types';

describe('EmulatorEngine.mapUri', () => {
  it('maps the public base to the bot, keeps loopback URIs and refuses the rest', async () => {
    const engine = new EmulatorEngine(
      resolveOptions({
        publicBaseUrl: 'https://bot.example',
        botBaseUrl: 'http://127.0.0.1:3000/',
      }),
      await NotificationKeyRing.create(generateRsaKey()),
    );
    expect(engine.mapUri('https://bot.example/api/calling/instance-2')).toBe(
      'http://127.0.0.1:3000/api/calling/instance-2',
    );
    expect(engine.mapUri('https://BOT.example/api/calling')).toBe(
      'http://127.0.0.1:3000/api/calling',
    );
    expect(engine.mapUri('https://localhost:4000/cb')).toBe('https://localhost:4000/cb');
    expect(engine.mapUri('https://elsewhere.example/api/calling')).toBeNull();
    expect(engine.mapUri('not a url')).toBeNull();
    engine.close();
  });
});

describe('computeStats', () => {
  const call = (outcome: CallRecord['outcome'], latencyMs: number | null): CallRecord =>
    ({
      outcome,
      deliveries: [],
      action: latencyMs === null ? null : { accepted: true, latencyMs },
    }) as unknown as CallRecord;

  it('counts outcomes and takes nearest-rank percentiles of accepted decisions', () => {
    const records = [
      ...Array.from({ length: 98 }, (_, i) => call('answered', i + 1)),
      call('rejected', 1000),
      call('deadlineMissed', null),
    ];
    const stats = computeStats(records);
    expect(stats).toMatchObject({ calls: 100, answered: 98, rejected: 1, deadlineMisses: 1 });
    expect(stats.latencyMs).toEqual({ p50: 50, p95: 95, p99: 1000, max: 1000 });
  });
});
