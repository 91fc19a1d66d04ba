import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { CrmOptions } from './crm.options';

/** `CrmModule.forRoot(options)`, which Switchboard calls with the validated options. */
export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: CRM_OPTIONS } =
  new ConfigurableModuleBuilder<CrmOptions>().setClassMethodName('forRoot').build();
