import { Module } from '@nestjs/common';
import { CALL_DECISION_HANDLER, ExtensionOptions, SwitchboardEventsModule } from 'switchboard';
import { CallJournal } from './call-journal.listener';
import { CrmController } from './crm.controller';
import { CrmDecisionHandler } from './crm-decision.handler';
import { ConfigurableModuleClass } from './crm.module-definition';
import { CrmOptions } from './crm.options';
import { DirectoryClient } from './directory.client';

/**
 * Loaded by Switchboard from its configuration:
 *
 * ```yaml
 * extensions:
 *   modules:
 *     - module: ./dist/crm.module.js#CrmModule
 *       options: {directoryUrl: 'http://directory.internal', redirectUnknownTo: '+14255550100'}
 * ```
 */
@ExtensionOptions(CrmOptions)
@Module({
  imports: [SwitchboardEventsModule],
  controllers: [CrmController],
  providers: [
    DirectoryClient,
    CallJournal,
    { provide: CALL_DECISION_HANDLER, useClass: CrmDecisionHandler },
  ],
})
export class CrmModule extends ConfigurableModuleClass {}
