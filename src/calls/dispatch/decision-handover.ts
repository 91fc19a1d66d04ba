import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { storeConfig, StoreConfigType } from '../../config';
import { ShutdownService, type DrainCounts } from '../../health';
import { DecisionLeases, type HandoverVerdict, type LeaseHold } from './decision-leases';
import { DecisionScanner } from './decision-scanner';

/**
 * With a shared store, decisions still running this long after the drain starts are handed over
 * rather than waited for: another instance takes each within a scan, with the time left.
 */
const HANDOVER_AFTER_MS = 500;

/**
 * What a shutdown does with the decisions this instance holds (docs/reliability.md): it never
 * exits with an acknowledged decision that is neither sent nor handed over. With Redis, a
 * decision that does not finish at once is given back for another instance to take over; with
 * the embedded store nobody else could, so each is waited for until its deadline, beyond the grace
 * period if need be. One log line per call says which happened.
 */
@Injectable()
export class DecisionHandover implements OnModuleInit {
  private readonly logger = new Logger(DecisionHandover.name);

  constructor(
    private readonly leases: DecisionLeases,
    private readonly scanner: DecisionScanner,
    private readonly shutdown: ShutdownService,
    @Inject(storeConfig.KEY) private readonly config: StoreConfigType,
  ) {}

  onModuleInit(): void {
    this.shutdown.register(this);
  }

  async drain(graceEndsAt: number): Promise<DrainCounts> {
    this.scanner.stop();
    const shared = this.config.driver === 'redis';
    const held = this.leases.held;
    const latestDeadline = Math.max(0, ...held.map((h) => h.deadlineAt - Date.now()));
    const waitMs = shared
      ? Math.min(HANDOVER_AFTER_MS, Math.max(0, graceEndsAt - performance.now()))
      : Math.max(graceEndsAt - performance.now(), latestDeadline + 1000);
    const finished = await this.settled(held, waitMs);
    // Every hold not seen to finish in the wait, including one that finished just after it: the
    // store's record then tells finished from handed over, in the same step as the give-back.
    const left = held.filter((hold) => !finished.has(hold));
    const verdicts: Map<LeaseHold, HandoverVerdict> = shared
      ? await this.leases.handOver(left)
      : new Map(left.map((hold) => [hold, 'unfinished']));
    for (const hold of finished) verdicts.set(hold, 'finished');
    const counts = { decisionsFinished: 0, decisionsHandedOver: 0, decisionsUnfinished: 0 };
    for (const [hold, verdict] of verdicts) {
      const ids = { callId: hold.callId };
      if (verdict === 'finished') {
        counts.decisionsFinished += 1;
        this.logger.log(ids, 'shutdown: decision finished here');
      } else if (verdict === 'handedOver') {
        counts.decisionsHandedOver += 1;
        this.logger.log(ids, 'shutdown: decision handed over to another instance');
      } else {
        counts.decisionsUnfinished += 1;
        this.logger.warn(ids, 'shutdown: decision neither finished nor handed over');
      }
    }
    return counts;
  }

  /** The holds that finished within `waitMs`. */
  private async settled(held: readonly LeaseHold[], waitMs: number): Promise<Set<LeaseHold>> {
    const done = new Set<LeaseHold>();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    await Promise.race([Promise.all(held.map((h) => h.finished.then(() => done.add(h)))), timeout]);
    clearTimeout(timer);
    // A copy: holds that end later are settled by the store's record instead.
    return new Set(done);
  }
}
