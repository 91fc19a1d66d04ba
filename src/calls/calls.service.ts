import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { GraphCallOptions } from '../graph';
import { CallLog } from './call-log';
import { CALL_STORE, type CallOperation, type CallRecord, type CallStore } from '../store';

/** The parts of a call feature modules maintain themselves. */
export interface CallPatch {
  participantCapacity?: number | null;
  participantsHandled?: number | null;
  contentSharingSessions?: string[];
}

/** Operations kept per call; older ones drop off so a long call's record stays small. */
const MAX_OPERATIONS = 50;

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

  /**
   * Atomic read-modify-write of one call: `mutate` may run more than once (a concurrent writer
   * elsewhere), so it must be pure. Return undefined to change nothing. Resolves to the stored
   * record, undefined when the call is unknown.
   */
  update(
    id: string,
    mutate: (current: CallRecord) => CallRecord | undefined,
  ): Promise<CallRecord | undefined> {
    return this.store.update(id, (current) => {
      const next = mutate(current);
      return next && { ...next, updatedAt: new Date().toISOString() };
    });
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

  addContentSharingSession(id: string, sessionId: string): Promise<CallRecord | undefined> {
    return this.update(id, (call) =>
      call.contentSharingSessions.some((s) => s.toLowerCase() === sessionId.toLowerCase())
        ? undefined
        : { ...call, contentSharingSessions: [...call.contentSharingSessions, sessionId] },
    );
  }

  removeContentSharingSession(id: string, sessionId: string): Promise<CallRecord | undefined> {
    return this.update(id, (call) => {
      const kept = call.contentSharingSessions.filter(
        (s) => s.toLowerCase() !== sessionId.toLowerCase(),
      );
      return kept.length === call.contentSharingSessions.length
        ? undefined
        : { ...call, contentSharingSessions: kept };
    });
  }

  /** Adds or updates an operation (matched by id, case-insensitively). */
  trackOperation(id: string, operation: CallOperation): Promise<CallRecord | undefined> {
    return this.update(id, (call) => {
      const others = call.operations.filter(
        (o) => o.id.toLowerCase() !== operation.id.toLowerCase(),
      );
      return { ...call, operations: [...others, operation].slice(-MAX_OPERATIONS) };
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
}
