import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync, ValidatorOptions } from 'class-validator';
import { flattenValidationErrors } from '../../common/validation/validation.policy';

/**
 * Bodies we send are ours, so they are strict: an unknown property is an error. That is what turns
 * a misspelt key in a decision rule into a start-up failure rather than a body Graph refuses.
 */
const GRAPH_REQUEST_VALIDATION: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // One reason per property is enough to fix it, and keeps start-up errors readable.
  stopAtFirstError: true,
};

/** A request body that would not be valid for Graph; `problems` name each failing path. */
export class GraphRequestValidationError extends Error {
  override readonly name = 'GraphRequestValidationError';

  constructor(
    readonly dto: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid ${dto}: ${problems.join('; ')}`);
  }
}

/** Instances that passed, so that `GraphCallsApi` need not validate them a second time. */
const validated = new WeakSet<object>();

/**
 * Turns `plain` (config, operator input or a built object) into a validated `dto` instance, or
 * throws `GraphRequestValidationError` listing every failing path, e.g.
 * `mediaConfig.preFetchMedia[0].uri: uri must be an https URL`. The instance serialises with
 * `JSON.stringify` to exactly the body Graph expects (`@odata.type` included).
 */
export function validateGraphRequest<T extends object>(
  dto: ClassConstructor<T>,
  plain: unknown,
): T {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new GraphRequestValidationError(dto.name, ['(body): must be a JSON object']);
  }
  const instance = plainToInstance(dto, plain);
  const problems = flattenValidationErrors(validateSync(instance, GRAPH_REQUEST_VALIDATION));
  if (problems.length > 0) throw new GraphRequestValidationError(dto.name, problems);
  validated.add(instance);
  return instance;
}

/** True for an object returned by `validateGraphRequest` (of any request class). */
export function isValidatedGraphRequest(value: object): boolean {
  return validated.has(value);
}
