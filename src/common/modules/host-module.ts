import type { InjectionToken } from '@nestjs/common';
import type { ModulesContainer } from '@nestjs/core';

/**
 * The name of the module that provides `token` (e.g. `CrmModule` for the user's decision handler),
 * so that a fault of someone else's code is logged and counted under a name its author knows.
 */
export function hostModuleName(
  modules: ModulesContainer,
  token: InjectionToken,
): string | undefined {
  for (const module of modules.values()) {
    if (module.providers.has(token)) return module.metatype?.name;
  }
  return undefined;
}
