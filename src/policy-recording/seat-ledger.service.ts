import { Inject, Injectable, Logger } from '@nestjs/common';
import { CallsService } from '../calls';
import { policyRecordingConfig, PolicyRecordingConfigType } from '../config';
import { InFlightTracker } from '../health';
import { CALL_STORE, type CallStore, type SeatClaim } from '../store';

/** A count that keeps moving under this many rounds is left to the next change to settle. */
const MAX_SYNC_ROUNDS = 5;

/**
 * The seats of policy-recording calls and the policy group → call mapping, in the `CallStore`
 * (atomic claims, shared by every instance with Redis). `participantsHandled` on the call record
 * mirrors the seat count; it is synced after each change without holding up the webhook.
 */
@Injectable()
export class SeatLedger {
  private readonly logger = new Logger(SeatLedger.name);
  private readonly syncing = new Map<string, { again: boolean }>();

  constructor(
    @Inject(CALL_STORE) private readonly store: CallStore,
    private readonly calls: CallsService,
    private readonly inFlight: InFlightTracker,
    @Inject(policyRecordingConfig.KEY) private readonly config: PolicyRecordingConfigType,
  ) {}

  /** Seat keys are participant ids, compared case-insensitively by the store. */
  claim(callId: string, participantKey: string, capacity: number): Promise<SeatClaim> {
    return this.store.claimSeat(callId, participantKey, capacity);
  }

  release(callId: string, participantKey: string): Promise<boolean> {
    return this.store.releaseSeat(callId, participantKey);
  }

  releaseAll(callId: string): Promise<void> {
    return this.store.releaseAllSeats(callId);
  }

  count(callId: string): Promise<number> {
    return this.store.countSeats(callId);
  }

  setGroupCall(groupKey: string, callId: string): Promise<void> {
    return this.store.setGroupCall(groupKey, callId, this.config.groupCallTtlMs);
  }

  groupCall(groupKey: string): Promise<string | undefined> {
    return this.store.getGroupCall(groupKey);
  }

  /** Forgets the mapping only if `callId` still holds it (a newer call of the group may). */
  clearGroupCall(groupKey: string, callId: string): Promise<void> {
    return this.store.clearGroupCall(groupKey, callId);
  }

  /**
   * Syncs `participantsHandled` in the background (tracked for shutdown). Concurrent requests for
   * one call coalesce: one more round runs after the current one.
   */
  scheduleSync(callId: string): void {
    const key = callId.toLowerCase();
    const running = this.syncing.get(key);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.syncing.set(key, state);
    const work = (async (): Promise<void> => {
      try {
        do {
          state.again = false;
          await this.syncHandled(callId);
        } while (state.again);
      } catch (error) {
        this.logger.error({ err: error, callId }, 'could not update participantsHandled');
      } finally {
        this.syncing.delete(key);
      }
    })();
    void this.inFlight.track(work);
  }

  /**
   * Writes the seat count into `participantsHandled` until a read after the write agrees: a
   * writer that read an older count (another instance, between its count and its write) is then
   * always followed by a correcting write, so the record settles on the true count.
   */
  async syncHandled(callId: string): Promise<number | undefined> {
    let count = await this.store.countSeats(callId);
    for (let round = 0; round < MAX_SYNC_ROUNDS; round++) {
      const stored = await this.calls.update(callId, (call) =>
        !call.isPolicyRecording || call.participantsHandled === count
          ? undefined
          : { ...call, participantsHandled: count },
      );
      if (!stored?.isPolicyRecording) return undefined;
      const after = await this.store.countSeats(callId);
      if (after === count) return count;
      count = after;
    }
    return count;
  }
}
