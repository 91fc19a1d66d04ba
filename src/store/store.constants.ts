/** Injection token of the `CallStore` (memory or Redis, by `store.driver`). */
export const CALL_STORE = Symbol('CALL_STORE');
