import type { PolicyContext } from '../scenarios/incoming';
import type { BotAction, CallRecord, CallState, PolicyGroup, StateOrder } from './types';
import type { Deferred } from './util';

/** The engine's bookkeeping of one call. */
export interface CallEntry {
  record: CallRecord;
  sentAtMono: number;
  /** Where notifications about this call go: the answer's callbackUri (mapped), else `incomingTarget`. */
  target: string;
  incomingTarget: string;
  etag: number;
  stateOrder: StateOrder;
  autoEstablish: boolean;
  decision: Deferred<BotAction>;
  decided: boolean;
  deadlineTimer: NodeJS.Timeout | null;
  stateWaiters: Array<{ state: CallState; resolve: () => void }>;
  group: GroupEntry | null;
  /** Participants (seat keys) this call instance accepted through joining notifications. */
  seats: Set<string>;
}

/** A policy-recording group: the calls that handle it and how its participants fared. */
export interface GroupEntry {
  group: PolicyGroup;
  calls: CallEntry[];
  policy: Omit<PolicyContext, 'participantId' | 'userId'>;
  tenantId: string;
  waiters: Array<() => void>;
}
