import { Injectable, Logger } from '@nestjs/common';
import {
  AnswerRequestDto,
  GraphRequestValidationError,
  ODATA_TYPES,
  validateGraphRequest,
  type GraphAnswerBody,
} from '../../graph';
import type { AnswerDecision } from '../decision/call-decision';
import {
  AnswerContext,
  AnswerContribution,
  AnswerContributionError,
  AnswerContributor,
  FallbackAnswerContext,
} from './answer.contributor';
import { ValidatedBodies } from './validated-bodies';

function merge(body: GraphAnswerBody, part: AnswerContribution | undefined): GraphAnswerBody {
  if (!part || Object.keys(part).length === 0) return body;
  const next: GraphAnswerBody = { ...body, ...part };
  if (part.callOptions || body.callOptions) {
    next.callOptions = {
      ...body.callOptions,
      ...part.callOptions,
      '@odata.type': ODATA_TYPES.incomingCallOptions,
    };
  }
  return next;
}

function aborted(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/**
 * Builds answer bodies: the decision's own body, then each registered contributor's part, then
 * validation as Graph's `AnswerRequestDto`, so nothing invalid is ever sent.
 */
@Injectable()
export class AnswerPipeline {
  private readonly logger = new Logger(AnswerPipeline.name);
  private readonly contributors: AnswerContributor[] = [];
  private readonly validated = new ValidatedBodies<AnswerRequestDto>();

  /** Adds a contributor (call from `onModuleInit`); returns a function that removes it. */
  register(contributor: AnswerContributor): () => void {
    this.contributors.push(contributor);
    return () => {
      const index = this.contributors.indexOf(contributor);
      if (index >= 0) this.contributors.splice(index, 1);
    };
  }

  get size(): number {
    return this.contributors.length;
  }

  /**
   * Runs every contributor under `signal` over `base` (already validated). Throws
   * `AnswerContributionError` when one fails or the result is not a valid answer body: the caller
   * then sends the fallback. Without contributions `base` itself is returned, so the common case
   * costs no validation at call time.
   */
  async build(
    context: Omit<AnswerContext, 'body'>,
    base: AnswerRequestDto,
  ): Promise<AnswerRequestDto> {
    let body: GraphAnswerBody = base;
    for (const contributor of this.contributors) {
      if (context.signal.aborted) throw aborted(context.signal);
      try {
        body = merge(body, await contributor.contribute({ ...context, body }));
      } catch (error) {
        if (error instanceof AnswerContributionError) throw error;
        if (context.signal.aborted) throw aborted(context.signal);
        throw new AnswerContributionError(
          `${contributor.name}: ${(error as Error)?.message ?? String(error)}`,
          undefined,
          { cause: error },
        );
      }
    }
    return body === base ? base : this.validate(body, 'answer');
  }

  /**
   * The fallback answer: synchronous contributions only. Never throws: a contributor that fails
   * here is left out, and the base body (valid on its own) goes out.
   */
  buildFallback(context: FallbackAnswerContext & { body: AnswerRequestDto }): AnswerRequestDto {
    const base = context.body;
    const ids = { callId: context.call.id, scenarioId: context.call.scenarioId };
    let body: GraphAnswerBody = base;
    for (const contributor of this.contributors) {
      if (!contributor.contributeFallback) continue;
      try {
        body = merge(body, contributor.contributeFallback({ ...context, body }));
      } catch (error) {
        this.logger.error(
          { err: error, contributor: contributor.name, ...ids },
          'fallback contribution failed',
        );
      }
    }
    if (body === base) return base;
    try {
      return this.validate(body, 'fallback answer');
    } catch (error) {
      this.logger.error(
        { err: error, ...ids },
        'fallback contributions left an invalid body; sending the base',
      );
      return base;
    }
  }

  /** Start-up: every contributor's check of one configured answer action. */
  validateAction(action: AnswerDecision, path: string): string[] {
    return this.contributors.flatMap((c) => c.validateAction?.(action, path) ?? []);
  }

  private validate(body: GraphAnswerBody, what: string): AnswerRequestDto {
    try {
      return this.validated.get(body, (plain) => validateGraphRequest(AnswerRequestDto, plain));
    } catch (error) {
      const problems =
        error instanceof GraphRequestValidationError ? error.problems.join('; ') : String(error);
      throw new AnswerContributionError(`invalid ${what} body: ${problems}`, undefined, {
        cause: error,
      });
    }
  }
}
