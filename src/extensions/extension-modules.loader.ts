import { resolve } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import { ConfigValidationError, extensionEntryProblem, type ExtensionEntryConfig } from '../config';
import { extensionOptionsClassOf, validateExtensionOptions } from './extension-options';

export type ExtensionModule = Type<unknown> | DynamicModule;

type Outcome = { module: ExtensionModule; problems?: undefined } | { problems: string[] };

function isModule(value: unknown): value is ExtensionModule {
  return (
    typeof value === 'function' ||
    (typeof value === 'object' && value !== null && 'module' in value)
  );
}

function load(reference: string, path: string, cwd: string): Outcome {
  const [file, exportName] = reference.split('#');
  let exported: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = (require(resolve(cwd, file)) as Record<string, unknown>)[exportName];
  } catch (error) {
    return {
      problems: [`${path}: cannot load ${file}: ${(error as Error).message.split('\n')[0]}`],
    };
  }
  if (!isModule(exported)) {
    return { problems: [`${path}: ${file} exports no module named ${exportName}`] };
  }
  return { module: exported };
}

type ForRoot = (options: object) => DynamicModule;

function forRootOf(module: ExtensionModule): ForRoot | undefined {
  const forRoot = (module as { forRoot?: unknown }).forRoot;
  return typeof forRoot === 'function' ? (forRoot as ForRoot).bind(module) : undefined;
}

/**
 * The module as it is imported: with its options validated by its own class (`@ExtensionOptions`)
 * and handed to its `forRoot`. A module that declares options gets them even when the entry has
 * none (its class's defaults, or a problem for each required key).
 */
function configure(module: ExtensionModule, raw: object | undefined, path: string): Outcome {
  const optionsClass = extensionOptionsClassOf(module);
  const forRoot = forRootOf(module);
  const name = (module as { name?: string }).name ?? 'the module';
  if (!optionsClass && raw === undefined) return { module };
  if (!forRoot) {
    return { problems: [`${path}.options: ${name} takes no options (it has no static forRoot)`] };
  }
  if (!optionsClass) return { module: forRoot(raw ?? {}) };
  const validated = validateExtensionOptions(
    optionsClass,
    (raw ?? {}) as Record<string, unknown>,
    `${path}.options`,
  );
  if (validated.problems) return { problems: validated.problems };
  return { module: forRoot(validated.options) };
}

/**
 * Loads the modules named in `extensions.modules` (`<file>#<export>`, or `{module, options}`), so
 * that a deployment adds its own decision handler, listeners or routes without a build of its own.
 * Every entry is checked before any is used, and each problem (a file that cannot be loaded,
 * invalid options) is a start-up error naming its key, like any other configuration error.
 */
export function loadExtensionModules(
  entries: ReadonlyArray<string | ExtensionEntryConfig>,
  cwd = process.cwd(),
): ExtensionModule[] {
  const problems: string[] = [];
  const modules: ExtensionModule[] = [];
  entries.forEach((entry, index) => {
    const path = `extensions.modules[${index}]`;
    const shape = extensionEntryProblem(entry);
    if (shape) {
      problems.push(`${path}: ${shape}`);
      return;
    }
    const { module: reference, options } =
      typeof entry === 'string' ? { module: entry, options: undefined } : entry;
    const loaded = load(reference, path, cwd);
    const outcome = loaded.problems ? loaded : configure(loaded.module, options, path);
    if (outcome.problems) problems.push(...outcome.problems);
    else modules.push(outcome.module);
  });
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return modules;
}
