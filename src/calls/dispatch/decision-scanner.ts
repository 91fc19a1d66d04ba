import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { storeConfig, StoreConfigType } from '../../config';
import { CALL_STORE, type CallRecord, type CallStore } from '../../store';
import { CallsService } from '../calls.service';
import { KeepAliveService } from '../keep-alive.service';
import { nextVisitAt } from './call-visits';
import { callKind, DecisionOutcomes } from './decision-outcomes';
import { DecisionJobs } from './decision-jobs';
import { DecisionLeases } from './decision-leases';
import { InactiveCalls } from './inactive-calls';

/** Calls looked at per scan; the rest wait for the next one. */
const BATCH = 100;

/**
 * Every instance, every `store.scanIntervalMs`, looks at the calls whose time has come in the
 * store's schedule (never at every call): a pending decision whose lease ran out is taken over
 * and sent; an established call's keep-alive is sent; an inactive call is reconciled. Each visit
 * then schedules the call's next one.
 */
@Injectable()
export class DecisionScanner implements OnApplicationBootstrap {
  private readonly logger = new Logger(DecisionScanner.name);
  private timer: NodeJS.Timeout | undefined;
  private scanning = false;
  private storeDown = false;

  constructor(
    private readonly calls: CallsService,
    private readonly leases: DecisionLeases,
    private readonly jobs: DecisionJobs,
    private readonly outcomes: DecisionOutcomes,
    private readonly keepAlive: KeepAliveService,
    private readonly inactive: InactiveCalls,
    @Inject(CALL_STORE) private readonly store: CallStore,
    @Inject(storeConfig.KEY) private readonly config: StoreConfigType,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.scan(), this.config.scanIntervalMs);
    this.timer.unref();
  }

  /** Shutdown: this instance takes no more work. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One scan; resolves to the number of calls visited. */
  async scan(now = Date.now()): Promise<number> {
    if (this.scanning) return 0;
    this.scanning = true;
    try {
      const due = await this.store.due(now, BATCH);
      if (this.storeDown) this.logger.log('store reachable again: scanning');
      this.storeDown = false;
      await Promise.all(due.map((id) => this.visit(id, now)));
      return due.length;
    } catch (error) {
      if (!this.storeDown) this.logger.warn({ err: error }, 'scan failed; retrying every scan');
      this.storeDown = true;
      return 0;
    } finally {
      this.scanning = false;
    }
  }

  private async visit(id: string, now: number): Promise<void> {
    try {
      const call = await this.calls.get(id);
      if (!call) return await this.store.unschedule(id);
      if (call.pending && call.outcome === 'pending') await this.owed(call, now);
      else if (this.keepAlive.isDue(call, now)) await this.keepAlive.send(call, now);
      else if (this.inactive.isInactive(call, now)) await this.inactive.reconcile(call);
      const after = await this.calls.get(id);
      const at = after && nextVisitAt(after, this.config.inactiveCallMs);
      if (at === undefined) await this.store.unschedule(id);
      else await this.store.schedule(id, at);
    } catch (error) {
      this.logger.warn({ err: error, callId: id }, 'visit failed; the call stays due');
    }
  }

  /** A decision still owed to Graph. */
  private async owed(call: CallRecord, now: number): Promise<void> {
    if (this.timer === undefined || this.leases.isHeldHere(call.id)) return;
    const pending = call.pending;
    if (!pending || (pending.leaseUntil > now && pending.owner !== this.leases.owner)) return;
    if (Date.parse(call.deadlineAt) <= now) {
      // Nobody holds it and its time is up: nothing may be sent any more.
      await this.outcomes.record(call.id, callKind(call), 'deadlineMissed', {
        status: null,
        code: 'deadlineExceeded',
        message: 'no instance could send the decision before the deadline',
      });
      return;
    }
    const taken = await this.leases.takeOver(call.id, now);
    if (taken) void this.jobs.resume(taken);
  }
}
