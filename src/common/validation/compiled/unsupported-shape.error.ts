/**
 * Thrown while compiling or running a compiled validator when a declaration or a value is one the
 * compiler does not reproduce exactly (an async rule, an `@Expose`, a `Map`...). Never reaches a
 * client: the caller then validates the body with class-transformer and class-validator.
 */
export class UnsupportedShapeError extends Error {
  constructor(reason: string) {
    super(`not compiled: ${reason}`);
    this.name = 'UnsupportedShapeError';
  }
}
