import type { ClassTransformOptions } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

/*
 * class-transformer keeps what its decorators declare (`@Type`, `@Transform`, `@Expose`...) in one
 * storage object of its own module, which its package ships (`cjs/storage`) without exporting it
 * from the index; the compiled validator reads it, exactly as `plainToInstance` does, and never
 * changes it. Its default options are read the same way, since a `@Transform` receives them.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const storage = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const defaults = require('class-transformer/cjs/constants/default-options.constant') as {
  defaultOptions: ClassTransformOptions;
};

export const transformerMetadata: MetadataStorage = storage.defaultMetadataStorage;

/** The options `plainToInstance(type, plain)` runs with when given none. */
export const DEFAULT_TRANSFORM_OPTIONS: Readonly<ClassTransformOptions> = Object.freeze({
  ...defaults.defaultOptions,
});
