/** Marks a result that did not arrive within its budget. */
export const OVER_BUDGET = Symbol('OVER_BUDGET');

/**
 * `work`'s result, or `OVER_BUDGET` once `ms` have passed. The work is not cancelled (a store
 * command cannot be): the caller decides what to do with a late result.
 */
export function withinBudget<T>(work: Promise<T>, ms: number): Promise<T | typeof OVER_BUDGET> {
  if (ms <= 0) return Promise.resolve(OVER_BUDGET);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof OVER_BUDGET>((resolve) => {
    timer = setTimeout(() => resolve(OVER_BUDGET), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
