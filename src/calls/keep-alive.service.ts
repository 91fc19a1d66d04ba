import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { answerConfig, AnswerConfigType } from '../config';
import { GraphCallsApi, GraphRequestError } from '../graph';
import { InFlightTracker } from '../common/lifecycle/in-flight.tracker';
import type { CallRecord } from '../store';
import { CallNotificationsHandler } from './call-notifications.handler';
import { CallsService } from './calls.service';

const LIVE_STATES = new Set(['established', 'hold', 'transferring', 'transferAccepted']);
/** A keep-alive that failed (not a 404) is tried again this soon, well inside Graph's 45 minutes. */
const RETRY_AFTER_FAILURE_MS = 60_000;

/**
 * Graph ends a call after 45 minutes without `keepAlive` (docs/guarantees.md). One sweep timer per
 * instance looks for established calls whose `nextKeepAliveAt` has come; each is claimed by moving
 * that time forward in an atomic store update, so with several instances exactly one sends it,
 * and a call outlives the instance that answered it. A 404 means Graph no longer knows the call:
 * it is closed as terminated.
 */
@Injectable()
export class KeepAliveService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KeepAliveService.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(
    private readonly calls: CallsService,
    private readonly graph: GraphCallsApi,
    private readonly notifications: CallNotificationsHandler,
    private readonly inFlight: InFlightTracker,
    @Inject(answerConfig.KEY) private readonly config: AnswerConfigType,
  ) {}

  /** Often enough that a keep-alive is at most a fifth of the interval late, at most once a minute. */
  get sweepIntervalMs(): number {
    return Math.min(60_000, Math.max(50, Math.floor(this.config.keepAliveIntervalMs / 5)));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One pass over the calls; returns how many keep-alives were sent. */
  async sweep(now = Date.now()): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      const due = (await this.calls.list()).filter(
        (c) =>
          LIVE_STATES.has(c.state) && c.nextKeepAliveAt && Date.parse(c.nextKeepAliveAt) <= now,
      );
      const sent = await Promise.all(due.map((c) => this.inFlight.track(this.keepAlive(c, now))));
      return sent.filter(Boolean).length;
    } catch (error) {
      this.logger.error({ err: error }, 'keep-alive sweep failed');
      return 0;
    } finally {
      this.sweeping = false;
    }
  }

  private async keepAlive(seen: CallRecord, now: number): Promise<boolean> {
    let claimed = false;
    const call = await this.calls.update(seen.id, (current) => {
      claimed = current.nextKeepAliveAt === seen.nextKeepAliveAt && LIVE_STATES.has(current.state);
      if (!claimed) return undefined;
      return {
        ...current,
        nextKeepAliveAt: new Date(now + this.config.keepAliveIntervalMs).toISOString(),
      };
    });
    if (!claimed || !call) return false;
    const log = this.calls.logger(call);
    try {
      await this.graph.keepAlive(call.id, this.calls.graphOptions(call));
      await this.calls.update(call.id, (c) => ({
        ...c,
        lastKeepAliveAt: new Date().toISOString(),
      }));
      log.debug('keepAlive sent');
      return true;
    } catch (error) {
      if (error instanceof GraphRequestError && error.status === 404) {
        log.info('keepAlive: Graph no longer knows the call; closing it');
        await this.notifications.transition(call.id, 'terminated', null);
        return false;
      }
      log.warn(
        { error: error instanceof GraphRequestError ? error.toRecord() : String(error) },
        'keepAlive failed',
      );
      await this.calls.update(call.id, (c) =>
        c.state === 'terminated'
          ? undefined
          : {
              ...c,
              nextKeepAliveAt: new Date(
                Date.now() + Math.min(RETRY_AFTER_FAILURE_MS, this.config.keepAliveIntervalMs),
              ).toISOString(),
            },
      );
      return false;
    }
  }
}
