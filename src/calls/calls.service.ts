import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { GraphCallOptions } from '../graph';
import { CallLog } from './call-log';
import {
  CALL_STORE,
  type CallListQuery,
  type CallOperation,
  type CallPage,
  type CallRecord,
  type CallStore,
  type UpdateOptions,
} from '../store';

/** The parts of a call feature modules maintain themselves. */
export interface CallPatch {
  participantCapacity?: number | null;
  participantsHandled?: number | null;
  contentSharingSessions?: string[];
}

/** What an update of one part of a call did. */
export interface CallChange {
  /** The call as stored afterwards; undefined when the call is unknown. */
  readonly call: CallRecord | undefined;
  /** Whether that part changed (a repeat, or a change that was refused, changes nothing). */
  readonly changed: boolean;
}

/**
 * A feature module's own change to the call (its facts under `extensions`, usually), written in
 * the same atomic update as the method's. Pure, like `update`'s `mutate`: it gets the call with
 * the method's change applied, and returns it as given to change nothing more.
 */
export type AlongWith = (call: CallRecord) => CallRecord;

/** Operations kept per call; older ones drop off so a long call's record stays small. */
const MAX_OPERATIONS = 50;

/** Graph's `operationStatus` values after which an operation does not change again. */
const FINISHED_OPERATION_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed']);

/** True for `completed` and `failed`. */
export function isOperationFinished(status: string): boolean {
  return FINISHED_OPERATION_STATUSES.has(status);
}

const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Reading and updating calls, for the Calls module and the feature modules built on it (they use
 * this, never the store). Every update is atomic across instances.
 */
@Injectable()
export class CallsService {
  constructor(
    @Inject(CALL_STORE) private readonly store: CallStore,
    private readonly pino: PinoLogger,
  ) {}

  /** Case-insensitive. */
  get(id: string): Promise<CallRecord | undefined> {
    return this.store.get(id);
  }

  list(): Promise<CallRecord[]> {
    return this.store.list();
  }

  /** One page of calls, newest first, filtered (the operator API's list). */
  page(query: CallListQuery): Promise<CallPage> {
    return this.store.listCalls(query);
  }

  /**
   * Atomic read-modify-write of one call: `mutate` may run more than once (a concurrent writer
   * elsewhere), so it must be pure. Return undefined to change nothing. Resolves to the stored
   * record, undefined when the call is unknown. `options`: a repeat marker and a schedule written
   * in the same store step (`CallStore.update`).
   */
  update(
    id: string,
    mutate: (current: CallRecord) => CallRecord | undefined,
    options?: UpdateOptions,
  ): Promise<CallRecord | undefined> {
    return this.store.update(
      id,
      (current) => {
        const next = mutate(current);
        return next && { ...next, updatedAt: new Date().toISOString() };
      },
      options,
    );
  }

  /** Sets some of the fields feature modules own. */
  patch(id: string, patch: CallPatch): Promise<CallRecord | undefined> {
    return this.update(id, (call) => ({ ...call, ...patch }));
  }

  /** A feature module's own facts about the call, under `extensions[key]` (plain JSON). */
  setExtension(id: string, key: string, value: unknown): Promise<CallRecord | undefined> {
    return this.update(id, (call) => ({
      ...call,
      extensions: { ...call.extensions, [key]: value },
    }));
  }

  /**
   * Adds an active content-sharing session. Nothing changes when the call has ended or has the
   * session already, or when `accept` (pure) refuses it, e.g. a session the caller saw end.
   */
  addContentSharingSession(
    id: string,
    sessionId: string,
    accept: (call: CallRecord) => boolean = () => true,
  ): Promise<CallChange> {
    return this.change(id, (call) =>
      call.state === 'terminated' ||
      call.contentSharingSessions.some((s) => sameId(s, sessionId)) ||
      !accept(call)
        ? undefined
        : { ...call, contentSharingSessions: [...call.contentSharingSessions, sessionId] },
    );
  }

  /**
   * Ends an active content-sharing session; `changed` says whether it was active. `alongWith` runs
   * either way, so the caller may remember the session in the same write.
   */
  removeContentSharingSession(
    id: string,
    sessionId: string,
    alongWith?: AlongWith,
  ): Promise<CallChange> {
    return this.change(
      id,
      (call) => {
        const kept = call.contentSharingSessions.filter((s) => !sameId(s, sessionId));
        return kept.length === call.contentSharingSessions.length
          ? undefined
          : { ...call, contentSharingSessions: kept };
      },
      alongWith,
    );
  }

  /** Ends every active content-sharing session (the call ended); resolves to the ids it ended. */
  async clearContentSharingSessions(
    id: string,
  ): Promise<{ call: CallRecord | undefined; ended: string[] }> {
    let ended: string[] = [];
    const { call } = await this.change(id, (current) => {
      ended = current.contentSharingSessions;
      return ended.length > 0 ? { ...current, contentSharingSessions: [] } : undefined;
    });
    return { call, ended };
  }

  /**
   * Adds or updates an operation (matched by id, case-insensitively). A finished one (`completed`,
   * `failed`) keeps its status: Graph's response to the request that started the operation may
   * arrive after the operation's completion notification. `alongWith` also gets the operation as
   * stored.
   */
  trackOperation(
    id: string,
    operation: CallOperation,
    alongWith?: (call: CallRecord, tracked: CallOperation) => CallRecord,
  ): Promise<CallRecord | undefined> {
    return this.update(id, (call) => {
      const known = call.operations.find((o) => sameId(o.id, operation.id));
      const tracked = known && isOperationFinished(known.status) ? known : operation;
      const others = call.operations.filter((o) => o !== known);
      const next = { ...call, operations: [...others, tracked].slice(-MAX_OPERATIONS) };
      return alongWith ? alongWith(next, tracked) : next;
    });
  }

  /** Options for a Graph request about this call: its `Scenario-Id`, plus what is given. */
  graphOptions(
    call: Pick<CallRecord, 'scenarioId'>,
    options: Omit<GraphCallOptions, 'scenarioId'> = {},
  ): GraphCallOptions {
    return { ...options, scenarioId: call.scenarioId ?? undefined };
  }

  /** A logger whose every line carries the call id and scenario id. */
  logger(call: Pick<CallRecord, 'id' | 'scenarioId'>): CallLog {
    return new CallLog(this.pino.logger, { callId: call.id, scenarioId: call.scenarioId });
  }

  /** `update` with `own` (undefined: no change) then `alongWith`; reports whether `own` changed. */
  private async change(
    id: string,
    own: (call: CallRecord) => CallRecord | undefined,
    alongWith?: AlongWith,
  ): Promise<CallChange> {
    let changed = false;
    const call = await this.update(id, (current) => {
      const next = own(current);
      changed = next !== undefined;
      const final = alongWith ? alongWith(next ?? current) : (next ?? current);
      return final === current ? undefined : final;
    });
    return { call, changed: call !== undefined && changed };
  }
}
