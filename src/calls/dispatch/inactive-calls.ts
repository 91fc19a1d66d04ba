import { Inject, Injectable } from '@nestjs/common';
import { storeConfig, StoreConfigType } from '../../config';
import { GraphCallsApi, GraphRequestError } from '../../graph';
import type { CallRecord } from '../../store';
import { CallNotificationsHandler } from '../call-notifications.handler';
import { CallsService } from '../calls.service';

/**
 * Calls whose later notifications were lost (never `established`, never `terminated`) would stay
 * forever. After `store.inactiveCallMs` without a write, Graph is asked: a 404 (or no Graph token
 * to ask with) closes the call as terminated; a state applies as if notified.
 */
@Injectable()
export class InactiveCalls {
  constructor(
    private readonly calls: CallsService,
    private readonly graph: GraphCallsApi,
    private readonly notifications: CallNotificationsHandler,
    @Inject(storeConfig.KEY) private readonly config: StoreConfigType,
  ) {}

  isInactive(call: CallRecord, now = Date.now()): boolean {
    return (
      call.outcome !== 'pending' &&
      call.state !== 'terminated' &&
      Date.parse(call.updatedAt) + this.config.inactiveCallMs <= now
    );
  }

  async reconcile(call: CallRecord): Promise<void> {
    const log = this.calls.logger(call);
    let state: unknown;
    try {
      state = (await this.graph.getCall(call.id, this.calls.graphOptions(call))).value.state;
    } catch (error) {
      const gone = error instanceof GraphRequestError && error.status === 404;
      const noToken = error instanceof GraphRequestError && error.code === 'tokenUnavailable';
      if (gone || noToken) {
        log.info({ reason: gone ? 'graph404' : 'noGraphToken' }, 'inactive call closed');
        await this.notifications.transition(call.id, 'terminated', null);
        return;
      }
      log.warn(
        { status: error instanceof GraphRequestError ? error.status : null },
        'inactive call: Graph not reachable; asking again after another period',
      );
      await this.touch(call.id);
      return;
    }
    const updated = await this.notifications.transition(call.id, state, null);
    log.info({ state: updated?.state ?? state }, 'inactive call reconciled with Graph');
    // Graph still knows the call as it was: it starts a new inactivity period.
    if (updated && updated.state !== 'terminated') await this.touch(call.id);
  }

  /** Starts a new inactivity period (every write renews `updatedAt`). */
  private async touch(callId: string): Promise<void> {
    await this.calls.update(callId, (c) => ({ ...c }));
  }
}
