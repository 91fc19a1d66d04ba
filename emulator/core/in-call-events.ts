import * as payloads from '../notifications/payloads';
import type { CallRegistry } from './call-registry';
import type { CallEntry } from './entries';
import type { NotificationDelivery } from './notification-delivery';
import type { DeliveryRecord } from './types';
import { type JsonObject, newId } from './util';

/** Roster changes as the emulator's API accepts them: ids that left, partial entries that joined. */
export interface RosterChange {
  joined?: Array<Partial<payloads.RosterEntry>>;
  left?: string[];
}

/**
 * What happens during an established call, on demand: content sharing sessions, roster changes,
 * participants leaving, and arbitrary notifications for cases the emulator does not model.
 */
export class InCallEvents {
  constructor(
    private readonly registry: CallRegistry,
    private readonly delivery: NotificationDelivery,
  ) {}

  async startContentSharing(callId: string): Promise<string> {
    const entry = this.registry.requireActive(callId);
    const sessionId = newId();
    entry.record.contentSharingSessions.push(sessionId);
    await this.sendContentSharing(entry, sessionId, 'created');
    return sessionId;
  }

  /** Without a session id, the most recent session ends, the usual case in tests. */
  async stopContentSharing(callId: string, sessionId?: string): Promise<string> {
    const entry = this.registry.requireActive(callId);
    const id = sessionId ?? entry.record.contentSharingSessions.at(-1);
    if (!id) throw new Error(`call ${callId} has no content sharing session`);
    entry.record.contentSharingSessions = entry.record.contentSharingSessions.filter(
      (s) => s !== id,
    );
    await this.sendContentSharing(entry, id, 'deleted');
    return id;
  }

  /**
   * Roster change: `joined` participants arrive as `updated`, `left` ones as `deleted`. With no
   * change at all, one made-up participant joins, so that a bare call still exercises the roster.
   */
  async updateRoster(callId: string, change: RosterChange = {}): Promise<DeliveryRecord> {
    const entry = this.registry.requireActive(callId);
    const values: JsonObject[] = [];
    const joined = change.joined ?? (change.left ? [] : [{}]);
    if (joined.length > 0) {
      values.push(
        payloads.roster(
          entry.record.id,
          'updated',
          joined.map((p) => ({
            id: p.id ?? newId(),
            userId: p.userId ?? newId(),
            displayName: p.displayName ?? 'Participant',
            isMuted: p.isMuted,
          })),
        ),
      );
    }
    if (change.left && change.left.length > 0) {
      // A seat taken through a joining notification frees capacity for the next participant.
      for (const id of change.left) {
        if (entry.seats.delete(id)) entry.record.participantsHandled -= 1;
      }
      values.push(
        payloads.roster(
          entry.record.id,
          'deleted',
          change.left.map((id) => ({ id, userId: id, displayName: 'Participant' })),
        ),
      );
    }
    return this.delivery.send(entry, 'roster', payloads.envelope(values), entry.target);
  }

  /** A grouped policy participant leaves (participantLeftNotification). */
  async participantLeft(callId: string, participantId: string): Promise<DeliveryRecord> {
    const entry = this.registry.requireActive(callId);
    if (entry.seats.delete(participantId)) entry.record.participantsHandled -= 1;
    const note = payloads.participantLeft(entry.record.id, participantId);
    return this.delivery.send(entry, 'participantLeft', payloads.envelope([note]), entry.target);
  }

  /** Posts arbitrary commsNotification items about a call to wherever its notifications go. */
  async notify(callId: string, values: JsonObject[]): Promise<DeliveryRecord> {
    const entry = this.registry.require(callId);
    return this.delivery.send(entry, 'custom', payloads.envelope(values), entry.target);
  }

  /** Recorded as `contentSharingCreated` or `contentSharingDeleted`. */
  private sendContentSharing(
    entry: CallEntry,
    sessionId: string,
    change: 'created' | 'deleted',
  ): Promise<DeliveryRecord> {
    const kind = change === 'created' ? 'contentSharingCreated' : 'contentSharingDeleted';
    const note = payloads.contentSharing(entry.record.id, sessionId, change);
    return this.delivery.send(entry, kind, payloads.envelope([note]), entry.target);
  }
}
