import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CallDecision, CallDecisionContext, CallDecisionHandler } from 'switchboard';
import { CRM_OPTIONS } from './crm.module-definition';
import type { CrmOptions } from './crm.options';
import { DirectoryClient } from './directory.client';

/**
 * PSTN callers the directory does not know go to the front desk; VIPs are answered with video
 * allowed; everyone else is left to the configured rules (`undefined`).
 */
@Injectable()
export class CrmDecisionHandler implements CallDecisionHandler {
  private readonly logger = new Logger(CrmDecisionHandler.name);

  constructor(
    private readonly directory: DirectoryClient,
    @Inject(CRM_OPTIONS) private readonly options: CrmOptions,
  ) {}

  async decide({ incoming, signal }: CallDecisionContext): Promise<CallDecision | undefined> {
    const { caller, pstn } = incoming.facts;
    if (!pstn || caller.kind !== 'phone' || !caller.id) return undefined;
    const person = await this.directory.lookup(caller.id, signal);
    if (!person) {
      this.logger.log({ callId: incoming.resource.id }, 'unknown caller: to the front desk');
      return {
        type: 'redirect',
        targets: [{ kind: 'phone', id: this.options.redirectUnknownTo }],
      };
    }
    return person.vip ? { type: 'answer', acceptedModalities: ['audio'] } : undefined;
  }
}
