import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../metrics';

/** Why a join got the response it got. */
export type JoinReason =
  | 'claimed'
  | 'alreadyHeld'
  | 'full'
  | 'draining'
  | 'noGrouping'
  | 'unknownCall'
  | 'noParticipantId'
  | 'budgetExceeded'
  | 'error';

/** Policy-recording counters, on the application's registry beside the contract's metrics. */
@Injectable()
export class PolicyRecordingMetrics {
  readonly joins: Counter<'response' | 'reason'>;
  readonly seatsReleased: Counter<'trigger'>;
  readonly recordingStatus: Counter<'status' | 'result'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.joins = new Counter({
      name: 'switchboard_participant_joins_total',
      help: 'participantJoiningNotifications answered, by response (accept, inviteNewBot, reject) and reason.',
      labelNames: ['response', 'reason'] as const,
      registers,
    });
    this.seatsReleased = new Counter({
      name: 'switchboard_participant_seats_released_total',
      help: 'Seats of policy-recording calls freed, by what freed them (participantLeft, roster).',
      labelNames: ['trigger'] as const,
      registers,
    });
    this.recordingStatus = new Counter({
      name: 'switchboard_recording_status_updates_total',
      help: 'updateRecordingStatus requests, by status and final result (sent, failed, superseded).',
      labelNames: ['status', 'result'] as const,
      registers,
    });
  }
}
