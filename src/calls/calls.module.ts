import { Module } from '@nestjs/common';
import { GraphModule } from '../graph';
import { NotificationModule } from '../notification';
import { AnswerPipeline } from './answer-body/answer.pipeline';
import { AutomaticDecisionHandler } from './dispatch/automatic-decision.handler';
import { DecisionRunner } from './dispatch/decision.runner';
import { DecisionOutcomes } from './dispatch/decision-outcomes';
import { DecisionSender } from './dispatch/decision.sender';
import { DeferredDecisions } from './dispatch/deferred-decisions';
import { DecisionHandover } from './dispatch/decision-handover';
import { DecisionJobs } from './dispatch/decision-jobs';
import { DecisionLeases } from './dispatch/decision-leases';
import { DecisionScanner } from './dispatch/decision-scanner';
import { InactiveCalls } from './dispatch/inactive-calls';
import { CallEvents } from './call-events';
import { CallNotificationsHandler } from './call-notifications.handler';
import { CallsService } from './calls.service';
import { DeadlineInterceptor } from './deadline/deadline.interceptor';
import { ConfiguredActionsValidator } from './decision/configured-actions.validator';
import { DecisionRequests } from './decision/decision-requests.service';
import { DecisionService } from './decision/decision.service';
import { LiveRules } from './decision/rule-set';
import { KeepAliveService } from './keep-alive.service';
import { CallEventsController } from './operator/call-events.controller';
import { CallsController } from './operator/calls.controller';
import { OperatorApiKeyGuard } from './operator/operator-api-key.guard';
import { OperatorApiKeyHook } from './operator/operator-api-key.hook';
import { OperatorDecisions } from './operator/operator-decisions.service';

/**
 * Owns a call from `incoming` to `terminated`: the decision (custom handler, rules, operator API)
 * under the deadline interceptor, the state machine, keep-alive. Feature modules import it and use
 * what `src/calls/index.ts` exports. The store, config, metrics and readiness are global.
 */
@Module({
  imports: [NotificationModule, GraphModule],
  controllers: [CallEventsController, CallsController],
  providers: [
    CallsService,
    CallEvents,
    AnswerPipeline,
    DecisionRequests,
    DecisionService,
    LiveRules,
    ConfiguredActionsValidator,
    DeadlineInterceptor,
    DecisionOutcomes,
    DecisionSender,
    DeferredDecisions,
    AutomaticDecisionHandler,
    DecisionRunner,
    DecisionLeases,
    DecisionJobs,
    DecisionScanner,
    DecisionHandover,
    InactiveCalls,
    CallNotificationsHandler,
    KeepAliveService,
    OperatorDecisions,
    OperatorApiKeyGuard,
    OperatorApiKeyHook,
  ],
  exports: [
    CallsService,
    CallEvents,
    AnswerPipeline,
    DeadlineInterceptor,
    DecisionService,
    LiveRules,
    ConfiguredActionsValidator,
  ],
})
export class CallsModule {}
