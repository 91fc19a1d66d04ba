import { Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { CallEvents, CallsService } from '../calls';
import {
  NotificationRouter,
  ParticipantDto,
  ParticipantLeftNotificationDto,
  type RoutedNotification,
} from '../notification';
import { callIdInPath } from './policy-call.guards';
import { PolicyRecordingMetrics } from './policy-recording.metrics';
import { SeatLedger } from './seat-ledger.service';

/**
 * Frees the seat of a participant who left (docs/policy-recording.md), keyed by that participant's id:
 *
 * - `participantLeftNotification`: its `participantId`.
 * - Roster (`/participants`): every entry of a `deleted` roster (or, on `/participants/{id}`, the
 *   participant the path names, with or without an entity), and entries of an `updated` or
 *   `created` roster that carry a `removedState`. An `updated` roster is *not* read as "whoever is
 *   missing has left": with delta rosters (`isDeltaRosterEnabled`, which Microsoft's recording
 *   sample turns on) an update lists only what changed, so absence proves nothing.
 *
 * A participant without a seat, or a repeated left, frees nothing. The whole call's seats are
 * freed when it ends (the Calls module's `terminated`, see PolicyCallLifecycle).
 */
@Injectable()
export class ParticipantLeavingHandler implements OnModuleInit {
  private readonly logger = new Logger(ParticipantLeavingHandler.name);

  constructor(
    private readonly router: NotificationRouter,
    private readonly seats: SeatLedger,
    private readonly metrics: PolicyRecordingMetrics,
    @Optional() private readonly events?: CallEvents,
    @Optional() private readonly calls?: CallsService,
  ) {}

  onModuleInit(): void {
    this.router.register('participantLeft', (n) => this.onParticipantLeft(n));
    this.router.register('participants', (n) => this.onRoster(n));
  }

  async onParticipantLeft(notification: RoutedNotification): Promise<void> {
    const data = notification.notification.resourceData;
    if (!(data instanceof ParticipantLeftNotificationDto)) return;
    const callId = callIdInPath(notification.notification) ?? data.call?.id;
    if (!callId) return;
    await this.free(callId, [data.participantId], 'participantLeft');
  }

  async onRoster(notification: RoutedNotification): Promise<void> {
    const callId = callIdInPath(notification.notification) ?? notification.callId;
    if (!callId) return;
    const ids = this.leftParticipants(notification);
    if (ids.length > 0) await this.free(callId, ids, 'roster');
  }

  /**
   * Who a roster notification says has left. A `deleted` one on `/participants/{id}` names the
   * participant in its path (its entity, if any, may omit the id); one on `/participants` names
   * them in its entries.
   */
  private leftParticipants(notification: RoutedNotification): string[] {
    const data = notification.notification.resourceData;
    const deleted = notification.changeType === 'deleted';
    const pathId = notification.subResourceId;
    const entries = (Array.isArray(data) ? data : data ? [data] : []).filter(
      (entry): entry is ParticipantDto => entry instanceof ParticipantDto,
    );
    if (deleted && pathId !== undefined && entries.length <= 1) return [pathId];
    return entries
      .filter(
        (entry) => deleted || (entry.removedState !== undefined && entry.removedState !== null),
      )
      .map((entry) => entry.id)
      .filter((id): id is string => !!id);
  }

  private async free(
    callId: string,
    participantIds: string[],
    trigger: 'participantLeft' | 'roster',
  ): Promise<void> {
    const released = await Promise.all(participantIds.map((id) => this.seats.release(callId, id)));
    const freed = participantIds.filter((_id, index) => released[index]);
    if (freed.length === 0) return;
    this.metrics.seatsReleased.inc({ trigger }, freed.length);
    this.logger.debug({ callId, trigger, released: freed.length }, 'participant seats freed');
    this.seats.scheduleSync(callId);
    await this.tell(callId, freed, trigger);
  }

  /** `participantLeft` for each freed seat; the call is read only when someone listens. */
  private async tell(
    callId: string,
    participantIds: string[],
    trigger: 'participantLeft' | 'roster',
  ): Promise<void> {
    if (!this.events?.has('participantLeft') || !this.calls) return;
    const call = await this.calls.get(callId);
    if (!call) return;
    for (const participantId of participantIds) {
      this.events.emit('participantLeft', { call, participantId, trigger });
    }
  }
}
