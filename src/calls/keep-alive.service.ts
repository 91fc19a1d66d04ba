import { Inject, Injectable } from '@nestjs/common';
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
 * Graph ends a call after 45 minutes without `keepAlive` (docs/reliability.md). The scan of due
 * calls (`DecisionScanner`, any instance) brings each established call here when its
 * `nextKeepAliveAt` has come; the keep-alive is claimed by moving that time forward in an atomic
 * store update, so with several instances exactly one sends it, and a call outlives the instance
 * that answered it. A 404 means Graph no longer knows the call: it is closed as terminated.
 */
@Injectable()
export class KeepAliveService {
  constructor(
    private readonly calls: CallsService,
    private readonly graph: GraphCallsApi,
    private readonly notifications: CallNotificationsHandler,
    private readonly inFlight: InFlightTracker,
    @Inject(answerConfig.KEY) private readonly config: AnswerConfigType,
  ) {}

  /** Whether the call is live and its keep-alive has come. */
  isDue(call: CallRecord, now = Date.now()): boolean {
    return (
      LIVE_STATES.has(call.state) &&
      call.nextKeepAliveAt !== null &&
      Date.parse(call.nextKeepAliveAt) <= now
    );
  }

  /** Sends the call's keep-alive unless another instance claimed it first; true when sent. */
  send(call: CallRecord, now = Date.now()): Promise<boolean> {
    return this.inFlight.track(this.keepAlive(call, now));
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
