import { Injectable } from '@nestjs/common';
import type { CallRecord } from '../../store';
import { CallsService } from '../calls.service';
import { readCallFacts } from '../decision/call-facts';
import type { IncomingCall } from '../incoming-call';
import { callKind } from './decision-outcomes';
import { DecisionLeases } from './decision-leases';
import type { DecisionReport } from './decision.job';
import { DecisionRunner } from './decision.runner';
import { monoOf } from './store-step';

/**
 * Starts the work on a decision this instance holds the lease of: a call that just arrived, or
 * one taken over from the record alone (its first holder died, hung, or shut down).
 */
@Injectable()
export class DecisionJobs {
  constructor(
    private readonly runner: DecisionRunner,
    private readonly leases: DecisionLeases,
    private readonly calls: CallsService,
  ) {}

  /** A call whose notification this instance acknowledged. */
  startNew(
    call: CallRecord,
    incoming: IncomingCall,
    receivedAtMono: number,
    deadlineMs: number,
  ): Promise<DecisionReport | undefined> {
    return this.runner.start({
      call,
      incoming,
      kind: callKind(call),
      receivedAtMono,
      deadlineAt: receivedAtMono + deadlineMs,
      log: this.calls.logger(call),
      hold: this.leases.hold(call),
      progress: { accepted: false },
    });
  }

  /** A call this instance has just taken the lease of: a claimed decision is sent as it is. */
  resume(call: CallRecord): Promise<DecisionReport | undefined> {
    const resource = call.incoming ?? {};
    const incoming: IncomingCall = {
      resource,
      facts: readCallFacts(resource, call.tenantId ?? undefined),
    };
    const log = this.calls.logger(call);
    log.info(
      {
        claimed: call.pending?.request?.action ?? null,
        leftMs: Date.parse(call.deadlineAt) - Date.now(),
      },
      'decision taken over',
    );
    return this.runner.start({
      call,
      incoming,
      kind: callKind(call),
      receivedAtMono: monoOf(Date.parse(call.receivedAt)),
      deadlineAt: monoOf(Date.parse(call.deadlineAt)),
      log,
      hold: this.leases.hold(call),
      resume: call.pending?.request ?? undefined,
      progress: { accepted: false },
    });
  }
}
