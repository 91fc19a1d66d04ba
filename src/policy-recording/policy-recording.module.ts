import { Module, OnModuleInit } from '@nestjs/common';
import { AnswerPipeline, CallsModule } from '../calls';
import { NotificationModule } from '../notification';
import { AnswerPlans } from './answer-plans';
import { JoinResponses } from './join-responses';
import { RecordingStatusController } from './operator/recording-status.controller';
import { ParticipantCapacityContributor } from './participant-capacity.contributor';
import { ParticipantCapacityResolver } from './participant-capacity.resolver';
import { ParticipantJoiningHandler } from './participant-joining.handler';
import { ParticipantLeavingHandler } from './participant-leaving.handler';
import { PolicyCallLifecycle } from './policy-call.lifecycle';
import { PolicyRecordingMetrics } from './policy-recording.metrics';
import { RecordingStatusService } from './recording-status.service';
import { RecordingEvents } from './recording.events';
import { SeatLedger } from './seat-ledger.service';

/**
 * Policy-based (compliance) recording (docs/policy-recording.md): `participantCapacity` on the answer, the
 * synchronous answer to joining participants with seats counted atomically in the `CallStore`,
 * seats freed when participants leave or the call ends, and the recording status reported to
 * Graph. Built on the Calls module's public surface and the Notification router.
 */
@Module({
  imports: [CallsModule, NotificationModule],
  controllers: [RecordingStatusController],
  providers: [
    AnswerPlans,
    JoinResponses,
    ParticipantCapacityContributor,
    ParticipantCapacityResolver,
    ParticipantJoiningHandler,
    ParticipantLeavingHandler,
    PolicyCallLifecycle,
    PolicyRecordingMetrics,
    RecordingStatusService,
    RecordingEvents,
    SeatLedger,
  ],
  exports: [RecordingStatusService, RecordingEvents],
})
export class PolicyRecordingModule implements OnModuleInit {
  constructor(
    private readonly pipeline: AnswerPipeline,
    private readonly contributor: ParticipantCapacityContributor,
  ) {}

  onModuleInit(): void {
    this.pipeline.register(this.contributor);
  }
}
