import { Injectable, OnModuleInit } from '@nestjs/common';
import { CallEvents } from '../calls';
import { ContentSharingEvents } from '../media';
import { SwitchboardEvents } from './switchboard-events';

const OWNER = { owner: 'SwitchboardEvents' };

/**
 * Feeds the one public list of lifecycle events from the events the feature modules publish for
 * each other, so that an extension needs to know none of those modules.
 */
@Injectable()
export class LifecycleEventsBridge implements OnModuleInit {
  constructor(
    private readonly calls: CallEvents,
    private readonly contentSharing: ContentSharingEvents,
    private readonly events: SwitchboardEvents,
  ) {}

  onModuleInit(): void {
    const { calls, events } = this;
    calls.on(
      'incoming',
      ({ call, incoming }) => events.emit('received', { call, incoming }),
      OWNER,
    );
    calls.on(
      'decided',
      ({ call, action, outcome }) => {
        events.emit('decided', { call, action, outcome });
        if (outcome === 'deadlineMissed') events.emit('deadlineMissed', { call, action });
        else if (action === 'answer' && outcome === 'sent') events.emit('answerSent', { call });
        else if (action === 'answer') events.emit('answerFailed', { call, error: call.error });
      },
      OWNER,
    );
    calls.on('stateChanged', (event) => events.emit('stateChanged', event), OWNER);
    calls.on('participantJoined', (event) => events.emit('participantJoined', event), OWNER);
    calls.on('participantLeft', (event) => events.emit('participantLeft', event), OWNER);
    calls.on('recordingStatus', (event) => events.emit('recordingStatus', event), OWNER);
    calls.on('terminated', ({ call }) => events.emit('terminated', { call }), OWNER);
    this.contentSharing.on(
      'started',
      (event) => events.emit('contentSharingStarted', event),
      OWNER,
    );
    this.contentSharing.on('ended', (event) => events.emit('contentSharingEnded', event), OWNER);
  }
}
