import {
  AnswerRequestDto,
  GraphRequestValidationError,
  RedirectRequestDto,
  RejectRequestDto,
  validateGraphRequest,
} from '../../graph';
import type { AnswerDecision, CallDecision } from './call-decision';
import {
  answerBody,
  BodyContext,
  redirectBody,
  rejectBody,
} from '../answer-body/request-body.builder';

/**
 * The decision's answer body as Graph's DTO. Its `participantCapacity` is checked with it although
 * the body leaves it out (the policy-recording contributor sends it), so that a bad one is refused
 * where the decision is made, as a bad modality is, rather than when a contributor adds it.
 */
export function validatedAnswerBody(decision: AnswerDecision, ctx: BodyContext): AnswerRequestDto {
  const body = answerBody(decision, ctx);
  if (decision.participantCapacity !== undefined) {
    validateGraphRequest(AnswerRequestDto, {
      ...body,
      participantCapacity: decision.participantCapacity,
    });
  }
  return validateGraphRequest(AnswerRequestDto, body);
}

/**
 * The problems Graph's request DTO finds in the body this decision would produce (before any
 * answer contributor), as `path: message`; empty when it is valid.
 */
export function decisionProblems(decision: CallDecision, ctx: BodyContext): string[] {
  try {
    switch (decision.type) {
      case 'answer':
        validatedAnswerBody(decision, ctx);
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
