import { isSettled, type CallRecord } from '../../store';

/**
 * When some instance must look at the call next (epoch ms): its pending decision's lease end,
 * its next keep-alive, or the end of its inactivity period, whichever comes first. Undefined for a
 * settled call, which needs nobody any more.
 */
export function nextVisitAt(
  call: Pick<
    CallRecord,
    'state' | 'outcome' | 'decision' | 'updatedAt' | 'pending' | 'nextKeepAliveAt'
  >,
  inactiveCallMs: number,
): number | undefined {
  if (isSettled(call)) return undefined;
  let at = Date.parse(call.updatedAt) + inactiveCallMs;
  if (call.pending && call.outcome === 'pending') at = Math.min(at, call.pending.leaseUntil);
  if (call.nextKeepAliveAt) at = Math.min(at, Date.parse(call.nextKeepAliveAt));
  return at;
}
