/**
 * Injection token of the optional `CallDecisionHandler`. Provide it in your own module:
 * `{ provide: CALL_DECISION_HANDLER, useClass: CrmDecisionHandler }`.
 */
export const CALL_DECISION_HANDLER = Symbol('CALL_DECISION_HANDLER');

/**
 * `ExecutionContext.getType()` of the automatic decision, which runs after the webhook's 202 with
 * no HTTP request of its own; interceptors tell it from `http` by this.
 */
export const CALL_DECISION_CONTEXT = 'switchboardCallDecision';
