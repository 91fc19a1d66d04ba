import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { storeConfig, StoreConfigType } from '../../config';
import { CALL_STORE, type CallRecord, type CallStore, type PendingDecision } from '../../store';
import { CallsService } from '../calls.service';
import { CallEvents } from '../call-events';

/** Why a hold's `signal` aborted: the work must stop and send nothing more. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(readonly why: 'lost' | 'released') {
    super(why === 'lost' ? 'another instance holds the decision' : 'handed over for shutdown');
  }
}

/**
 * What became of a held decision at shutdown: completed (its outcome is recorded), or in the
 * hands of another instance (given back, or taken over already), or — the store unreachable —
 * neither known.
 */
export type HandoverVerdict = 'finished' | 'handedOver' | 'unfinished';

/** This instance's hold on one pending decision, renewed until `stop`. */
export interface LeaseHold {
  readonly callId: string;
  /** Epoch ms of the call's deadline. */
  readonly deadlineAt: number;
  /** Aborts (with a `LeaseLostError`) when the lease is lost or handed over. */
  readonly signal: AbortSignal;
  /** The work finished: stop renewing. */
  stop(): void;
  /** Resolves when `stop` was called. */
  readonly finished: Promise<void>;
}

/** A hold as this service keeps it: it can also end the work (given back, or lost). */
interface HeldLease extends LeaseHold {
  release(): void;
  lose(): void;
}

/**
 * Pending decisions as leased work (docs/reliability.md). Each is held by one instance at a time
 * through `pending.owner`/`leaseUntil` on the call, changed only by atomic store updates, so at
 * most one instance works on a decision; a holder renews its lease every third of it, and any
 * instance may take over a decision whose lease ran out.
 */
@Injectable()
export class DecisionLeases {
  /** This process; a restarted instance is a new owner and takes its old work over like any. */
  readonly owner = randomUUID();
  private readonly logger = new Logger(DecisionLeases.name);
  private readonly holds = new Map<string, HeldLease>();
  /** The one renewal timer, running while anything is held. */
  private ticker: NodeJS.Timeout | undefined;
  /** Calls whose renewal is on its way to the store. */
  private readonly renewing = new Set<string>();
  /** Calls being taken over here: reserved until their hold starts, so one job runs per call. */
  private readonly taking = new Set<string>();

  constructor(
    private readonly calls: CallsService,
    private readonly events: CallEvents,
    @Inject(CALL_STORE) private readonly store: CallStore,
    @Inject(storeConfig.KEY) private readonly config: StoreConfigType,
  ) {}

  get leaseMs(): number {
    return this.config.decisionLeaseMs;
  }

  /** The pending decision a new call is written with: held by this instance. */
  initial(now = Date.now()): PendingDecision {
    return { owner: this.owner, leaseUntil: now + this.leaseMs, request: null };
  }

  /** Whether this instance is working on the call now (or starting to). */
  isHeldHere(callId: string): boolean {
    const key = callId.toLowerCase();
    return this.holds.has(key) || this.taking.has(key);
  }

  get held(): ReadonlyArray<LeaseHold> {
    return [...this.holds.values()];
  }

  /**
   * Takes the call's decision when its lease has run out, or when it names this instance but no
   * work runs here (a first delivery that failed half-way). Undefined when it is not for taking.
   * A call taken must be `hold`-ed next: until then no other takeover of it starts here.
   */
  async takeOver(callId: string, now = Date.now()): Promise<CallRecord | undefined> {
    const key = callId.toLowerCase();
    if (this.isHeldHere(key)) return undefined;
    this.taking.add(key);
    let taken = false;
    try {
      const call = await this.tryTakeOver(callId, now);
      taken = call !== undefined;
      return call;
    } finally {
      if (!taken) this.taking.delete(key);
    }
  }

  private async tryTakeOver(callId: string, now: number): Promise<CallRecord | undefined> {
    let taken = false;
    let previousOwner: string | null = null;
    const call = await this.calls.update(callId, (current) => {
      const pending = current.pending;
      previousOwner = pending?.owner ?? null;
      taken =
        pending !== null &&
        current.outcome === 'pending' &&
        Date.parse(current.deadlineAt) > now &&
        (pending.leaseUntil <= now || pending.owner === this.owner);
      if (!taken || !pending) return undefined;
      const claimedUnsent = pending.request === null && current.decidedAt !== null;
      return {
        ...current,
        // A claim whose request never got written is void: the decision is made again.
        ...(claimedUnsent ? { decision: null, decisionSource: null, decidedAt: null } : {}),
        pending: { ...pending, owner: this.owner, leaseUntil: now + this.leaseMs },
      };
    });
    if (!taken || !call) return undefined;
    this.events.emit('lease', { call, change: 'takenOver', owner: this.owner, previousOwner });
    return call;
  }

  /** Starts renewing this instance's lease on the call (at the shared tick, see `renewAll`). */
  hold(call: Pick<CallRecord, 'id' | 'deadlineAt'>): LeaseHold {
    const key = call.id.toLowerCase();
    const controller = new AbortController();
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const abort = (why: LeaseLostError['why']): void => {
      if (!controller.signal.aborted) controller.abort(new LeaseLostError(why));
    };
    this.taking.delete(key);
    const hold: HeldLease = {
      callId: call.id,
      deadlineAt: Date.parse(call.deadlineAt),
      signal: controller.signal,
      finished,
      stop: (): void => {
        if (this.holds.get(key) === hold) this.holds.delete(key);
        if (this.holds.size === 0) this.stopRenewing();
        done();
      },
      release: (): void => abort('released'),
      lose: (): void => abort('lost'),
    };
    this.holds.set(key, hold);
    this.startRenewing();
    return hold;
  }

  /**
   * One timer per process, not one per decision in flight: while anything is held, every third
   * of the lease one pass renews every held lease, so each is renewed within a third of the
   * lease of its last renewal (or of its start, written with a full lease).
   */
  private startRenewing(): void {
    if (this.ticker !== undefined) return;
    this.ticker = setInterval(() => this.renewAll(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.ticker.unref();
  }

  private stopRenewing(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /**
   * Renews every held lease at once (the store's per-call updates all leave in the same turn).
   * A call whose previous renewal is still on its way (a slow store) is skipped this time, so
   * renewals of one call never pile up; a renewal that finds another owner stops that work.
   */
  private renewAll(): void {
    for (const [key, hold] of this.holds) {
      if (this.renewing.has(key)) continue;
      this.renewing.add(key);
      void this.renew(hold.callId)
        .then((kept) => {
          if (!kept) hold.lose();
        })
        .finally(() => this.renewing.delete(key));
    }
  }

  /**
   * Shutdown: stops the work on each of `holds` (and on any hold begun since they were listed)
   * and, once it has stopped, settles the decision in
   * one atomic store update (`settle`): a decision that completed meanwhile counts as finished,
   * one still owed is given back for another instance to take at its next scan. So a decision
   * that completes while it is being given back is counted once, as finished.
   */
  async handOver(holds: readonly LeaseHold[]): Promise<Map<LeaseHold, HandoverVerdict>> {
    const all = new Set<LeaseHold>([...holds, ...this.holds.values()]);
    for (const hold of this.holds.values()) hold.release();
    const verdicts = await Promise.all(
      [...all].map(async (hold) => {
        await hold.finished;
        return [hold, await this.settle(hold.callId)] as const;
      }),
    );
    return new Map(verdicts);
  }

  /** Ends this instance's lease at once; true when the decision is (now) another's to take. */
  async giveBack(callId: string): Promise<boolean> {
    return (await this.settle(callId)) === 'handedOver';
  }

  /**
   * What the record says of a decision this instance no longer works on, read and (when still
   * owed and held here) given back in the same atomic update, so that completion and give-back
   * cannot both, or neither, be seen.
   */
  private async settle(callId: string): Promise<HandoverVerdict> {
    let verdict: HandoverVerdict = 'finished';
    let given = false;
    try {
      const call = await this.calls.update(callId, (current) => {
        const pending = current.pending;
        given = false;
        // An unknown call, or one with its outcome recorded: nothing is owed any more.
        verdict = pending && current.outcome === 'pending' ? 'handedOver' : 'finished';
        if (!pending || verdict === 'finished' || pending.owner !== this.owner) return undefined;
        given = true;
        return { ...current, pending: { ...pending, leaseUntil: 0 } };
      });
      if (!given) return verdict;
      if (call) {
        this.events.emit('lease', {
          call,
          change: 'givenBack',
          owner: this.owner,
          previousOwner: this.owner,
        });
      }
      await this.store.schedule(callId, 0);
    } catch (error) {
      // Given back, the lease has ended and the call's scheduled visit finds it; not given back,
      // it runs out by itself and the takeover is only later, but nothing says it is finished.
      this.logger.warn({ err: error, callId }, 'could not give the decision back early');
      if (!given) return 'unfinished';
    }
    return verdict;
  }

  /** True while this instance still holds the lease (a store error keeps the hope). */
  private async renew(callId: string): Promise<boolean> {
    let kept = false;
    try {
      await this.calls.update(callId, (current) => {
        kept = current.pending?.owner === this.owner;
        if (!kept || !current.pending) return undefined;
        return {
          ...current,
          pending: { ...current.pending, leaseUntil: Date.now() + this.leaseMs },
        };
      });
      return kept;
    } catch {
      // Nobody can take the lease over while the store is away either.
      return true;
    }
  }
}
