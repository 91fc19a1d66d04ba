import { Injectable, Logger } from '@nestjs/common';
import type { CallRecord } from '../calls';
import { CallEventBus } from '../common/events/call-event-bus';
import { InFlightTracker } from '../common/lifecycle/in-flight.tracker';

export interface RecordingEventMap {
  /**
   * Graph acknowledged a recording status the service reported (`updateRecordingStatus`
   * answered 2xx). For `recording`, this is the recorder's cue to persist media: under a strict
   * policy, media kept before Graph knows the call is being recorded would be kept unlawfully.
   */
  acknowledged: { call: CallRecord; status: string; operationId: string | null };
}

/** Recording events for the recorder (a user's module) and the call journal. */
@Injectable()
export class RecordingEvents extends CallEventBus<RecordingEventMap> {
  constructor(inFlight: InFlightTracker) {
    super(inFlight, new Logger(RecordingEvents.name));
  }
}
