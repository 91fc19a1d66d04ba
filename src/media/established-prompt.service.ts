import { randomUUID } from 'node:crypto';
import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import {
  CallEvents,
  CallsService,
  isOperationFinished,
  type CallError,
  type CallOperation,
  type CallRecord,
} from '../calls';
import {
  GraphCallsApi,
  GraphRequestError,
  PlayPromptRequestDto,
  validateGraphRequest,
} from '../graph';
import { playPromptBody } from './media-config.builder';
import { mediaFacts, withMediaFacts, type PromptFacts } from './media-call.facts';
import { MediaProfiles } from './media-profiles.service';

function asStatus(status: unknown): string {
  return typeof status === 'string' && status.length > 0
    ? status.charAt(0).toLowerCase() + status.slice(1)
    : 'running';
}

/**
 * Plays the profile's `promptOnEstablished` once per call when it is established. The call is
 * claimed first (prompt `pending` → `playing` in one atomic store update), so a repeated or late
 * `established`, or another instance that saw it too, never plays it twice. The operation is
 * tracked on the call, and its completion notification closes it.
 */
@Injectable()
export class EstablishedPromptService implements OnModuleInit, OnApplicationShutdown {
  private readonly shutdown = new AbortController();

  constructor(
    private readonly calls: CallsService,
    private readonly events: CallEvents,
    private readonly graph: GraphCallsApi,
    private readonly profiles: MediaProfiles,
  ) {}

  onModuleInit(): void {
    this.events.on('established', async ({ call }) => {
      await this.onEstablished(call);
    });
    this.events.on('operation', ({ call, operation }) => this.onOperation(call, operation));
  }

  onApplicationShutdown(): void {
    this.shutdown.abort(new Error('shutting down'));
  }

  /** Resolves with the operation Graph started, or undefined when this call plays nothing now. */
  async onEstablished(seen: CallRecord): Promise<CallOperation | undefined> {
    const profile = this.profiles.get(mediaFacts(seen).profile ?? '');
    if (profile?.type !== 'serviceHosted' || profile.promptOnEstablished.length === 0) return;
    const clientContext = randomUUID();
    let claimed = false;
    const call = await this.calls.update(seen.id, (current) => {
      claimed = mediaFacts(current).prompt?.status === 'pending';
      return claimed ? this.withPrompt(current, { status: 'playing', clientContext }) : undefined;
    });
    if (!claimed || !call) return;
    const log = this.calls.logger(call);
    try {
      const body = validateGraphRequest(
        PlayPromptRequestDto,
        playPromptBody(profile.promptOnEstablished, clientContext),
      );
      const { value } = await this.graph.playPrompt(
        call.id,
        body,
        this.calls.graphOptions(call, { signal: this.shutdown.signal }),
      );
      const operation: CallOperation = {
        id: value.id ?? clientContext,
        kind: 'playPrompt',
        clientContext,
        status: asStatus(value.status),
        updatedAt: new Date().toISOString(),
      };
      await this.record(call.id, operation);
      log.info({ operationId: operation.id, profile: profile.name }, 'prompt playing');
      return operation;
    } catch (error) {
      const record: CallError =
        error instanceof GraphRequestError
          ? error.toRecord()
          : {
              status: null,
              code: 'internalError',
              message: (error as Error)?.message ?? String(error),
            };
      await this.calls.update(call.id, (current) =>
        this.withPrompt(current, { status: 'failed', error: record }),
      );
      log.warn({ error: record }, 'prompt could not be played');
      return undefined;
    }
  }

  /** The prompt's operation changed (its completion notification, usually). */
  async onOperation(call: CallRecord, operation: CallOperation): Promise<void> {
    const prompt = mediaFacts(call).prompt;
    if (!prompt || !isOperationFinished(operation.status)) return;
    if (!this.isOurs(prompt, operation)) return;
    await this.calls.update(call.id, (current) => {
      const now = mediaFacts(current).prompt;
      if (!now || !this.isOurs(now, operation) || isOperationFinished(now.status)) return undefined;
      return this.withPrompt(current, {
        status: operation.status as PromptFacts['status'],
        operationId: operation.id,
      });
    });
    this.calls
      .logger(call)
      .info({ operationId: operation.id, status: operation.status }, 'prompt finished');
  }

  private isOurs(prompt: PromptFacts, operation: CallOperation): boolean {
    const same = (a: string | null, b: string | null): boolean =>
      a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
    return (
      same(prompt.clientContext, operation.clientContext) || same(prompt.operationId, operation.id)
    );
  }

  /** Adds the operation to the call and to the prompt, which takes its status once finished. */
  private record(callId: string, operation: CallOperation): Promise<CallRecord | undefined> {
    return this.calls.trackOperation(callId, operation, (current, tracked) =>
      this.withPrompt(current, {
        operationId: operation.id,
        status: isOperationFinished(tracked.status)
          ? (tracked.status as PromptFacts['status'])
          : (mediaFacts(current).prompt?.status ?? 'playing'),
      }),
    );
  }

  private withPrompt(call: CallRecord, change: Partial<PromptFacts>): CallRecord {
    return withMediaFacts(call, (facts) => ({
      ...facts,
      prompt: {
        status: 'pending',
        clientContext: null,
        operationId: null,
        error: null,
        ...facts.prompt,
        ...change,
      },
    }));
  }
}
