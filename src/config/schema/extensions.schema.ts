import { IsArray, IsInt, Max, Min } from 'class-validator';

/** `<file>#<ExportedModuleName>`. */
export const EXTENSION_MODULE_PATTERN = /^[^#]+#[A-Za-z_$][\w$]*$/;

/** An entry of `extensions.modules` with options for the module's own schema. */
export interface ExtensionEntryConfig {
  module: string;
  options?: Record<string, unknown>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why an entry is not one; undefined when it is. The options themselves are the module's. */
export function extensionEntryProblem(entry: unknown): string | undefined {
  const reference = typeof entry === 'string' ? entry : isPlainObject(entry) ? entry.module : null;
  if (typeof reference !== 'string' || !EXTENSION_MODULE_PATTERN.test(reference)) {
    return 'must be <file>#<ExportedModuleName>, or {module: <file>#<ExportedModuleName>, options: {...}}';
  }
  if (!isPlainObject(entry)) return undefined;
  const unknown = Object.keys(entry).filter((key) => key !== 'module' && key !== 'options');
  if (unknown.length > 0) return `unknown key ${unknown.join(', ')} (module, options)`;
  if (entry.options !== undefined && !isPlainObject(entry.options)) {
    return 'options must be an object';
  }
  return undefined;
}

export class ExtensionsConfig {
  /**
   * The user's own NestJS modules, loaded at start-up beside ours: `<file>#<export>`, the file
   * relative to the working directory (e.g. `./extensions/crm.module.js#CrmModule`), or
   * `{module, options}` to hand the module options validated by its own schema.
   */
  // Each entry is checked, loaded and its options validated by the extension loader.
  @IsArray()
  modules!: Array<string | ExtensionEntryConfig>;

  /**
   * A lifecycle event listener still running after this long is logged (with its module's name)
   * and counted, and shutdown stops waiting for it. It never delays a call either way.
   */
  @IsInt()
  @Min(10)
  @Max(600_000)
  listenerLimitMs!: number;
}
