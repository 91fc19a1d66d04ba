import {
  AnswerRequestDto,
  GraphRequestValidationError,
  RedirectRequestDto,
  RejectRequestDto,
  validateGraphRequest,
} from '../../graph';
import type { CallDecision } from './call-decision';
import { answerBody, BodyContext, redirectBody, rejectBody } from './request-body.builder';

/**
 * The problems Graph's request DTO finds in the body this decision would produce (before any
 * answer contributor), as `path: message`; empty when it is valid.
 */
export function decisionProblems(decision: CallDecision, ctx: BodyContext): string[] {
  try {
    switch (decision.type) {
      case 'answer':
        validateGraphRequest(AnswerRequestDto, answerBody(decision, ctx));
        return [];
      case 'reject':
        validateGraphRequest(RejectRequestDto, rejectBody(decision, ctx));
        return [];
      case 'redirect':
        validateGraphRequest(RedirectRequestDto, redirectBody(decision, ctx));
        return [];
      case 'defer':
        return [];
      default:
        return [`type: unknown decision type "${String((decision as { type?: unknown }).type)}"`];
    }
  } catch (error) {
    if (error instanceof GraphRequestValidationError) return [...error.problems];
    return [`(body): ${(error as Error)?.message ?? String(error)}`];
  }
}
