import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { formatValidationErrors } from '../config';

// Symbol.for: the key is the same whichever copy of Switchboard the extension was compiled against.
const OPTIONS_CLASS = Symbol.for('switchboard.extension.optionsClass');

/**
 * Names the class (class-validator decorators) that validates the options an extension module
 * gets from `extensions.modules: [{module, options}]`. The module receives the validated instance
 * through its static `forRoot(options)`, e.g. from `ConfigurableModuleBuilder`:
 *
 * ```ts
 * const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } =
 *   new ConfigurableModuleBuilder<CrmOptions>().setClassMethodName('forRoot').build();
 *
 * @ExtensionOptions(CrmOptions)
 * @Module({ providers: [...] })
 * export class CrmModule extends ConfigurableModuleClass {}
 * ```
 */
export function ExtensionOptions(optionsClass: Type<object>): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(OPTIONS_CLASS, optionsClass, target);
  };
}

export function extensionOptionsClassOf(module: unknown): Type<object> | undefined {
  if (typeof module !== 'function') return undefined;
  return Reflect.getMetadata(OPTIONS_CLASS, module) as Type<object> | undefined;
}

export type ValidatedOptions =
  { readonly options: object; readonly problems?: undefined } | { readonly problems: string[] };

/**
 * The options as an instance of the extension's class, or one problem per failing key under
 * `path` (`extensions.modules[0].options.directoryUrl: ...`), as strict as our own configuration:
 * an unknown key is a problem too.
 */
export function validateExtensionOptions(
  optionsClass: Type<object>,
  raw: Record<string, unknown>,
  path: string,
): ValidatedOptions {
  const options = plainToInstance(optionsClass, raw, { exposeDefaultValues: true });
  const errors = validateSync(options, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  const problems = formatValidationErrors(errors, path);
  return problems.length > 0 ? { problems } : { options };
}
