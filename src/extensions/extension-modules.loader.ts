import { resolve } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import { ConfigValidationError } from '../config';

export type ExtensionModule = Type<unknown> | DynamicModule;

function isModule(value: unknown): value is ExtensionModule {
  return (
    typeof value === 'function' ||
    (typeof value === 'object' && value !== null && 'module' in value)
  );
}

/**
 * Loads the modules named in `extensions.modules` (`<file>#<export>`), so that a deployment adds
 * its own decision handler or media provider without a build of its own. A file that cannot be
 * loaded is a start-up error naming the entry, like any other configuration error.
 */
export function loadExtensionModules(
  entries: readonly string[],
  cwd = process.cwd(),
): ExtensionModule[] {
  return entries.map((entry, index) => {
    const [file, exportName] = entry.split('#');
    const path = `extensions.modules[${index}]`;
    let exported: unknown;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exported = (require(resolve(cwd, file)) as Record<string, unknown>)[exportName];
    } catch (error) {
      throw new ConfigValidationError([
        `${path}: cannot load ${file}: ${(error as Error).message.split('\n')[0]}`,
      ]);
    }
    if (!isModule(exported)) {
      throw new ConfigValidationError([`${path}: ${file} exports no module named ${exportName}`]);
    }
    return exported;
  });
}
