import { IsArray, Matches } from 'class-validator';

export class ExtensionsConfig {
  /**
   * The user's own NestJS modules, loaded at start-up beside ours: `<file>#<export>`, the file
   * relative to the working directory (e.g. `./extensions/crm.module.js#CrmModule`).
   */
  @IsArray()
  @Matches(/^[^#]+#[A-Za-z_$][\w$]*$/, {
    each: true,
    message: 'each entry must be <file>#<ExportedModuleName>',
  })
  modules!: string[];
}
