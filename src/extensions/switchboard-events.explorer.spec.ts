import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { OnSwitchboardEvent } from './on-switchboard-event.decorator';
import { SwitchboardEvents } from './switchboard-events';
import { SwitchboardEventsExplorer } from './switchboard-events.explorer';

const heard: string[] = [];

@Injectable()
class Recorder {
  @OnSwitchboardEvent('terminated')
  onTerminated({ call }: { call: { id: string } }): void {
    heard.push(call.id);
  }

  notAListener(): void {}
}

@Module({ providers: [Recorder, { provide: 'RECORDER', useExisting: Recorder }] })
class RecorderModule {}

describe('SwitchboardEventsExplorer', () => {
  it('subscribes each decorated method once, owned by its module', async () => {
    const on = jest.fn();
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule, RecorderModule],
      providers: [SwitchboardEventsExplorer, { provide: SwitchboardEvents, useValue: { on } }],
    }).compile();
    await moduleRef.init();

    expect(on).toHaveBeenCalledTimes(1);
    expect(on).toHaveBeenCalledWith('terminated', expect.any(Function), {
      owner: 'RecorderModule',
    });
    const listener = on.mock.calls[0][1] as (event: unknown) => void;
    listener({ call: { id: 'c1' } });
    expect(heard).toEqual(['c1']);
    await moduleRef.close();
  });
});
