import { Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CallIdPipe, CallsService, OperatorApiController } from '../calls';
import { DomainError, DomainErrorCode } from '../common/errors/domain.error';
import { CallJournal } from './call-journal.service';
import type { JournalEntry } from './journal-entry';

/** `GET /api/calls/{id}/journal`: what happened to a call, behind the operator keys. */
@OperatorApiController()
export class JournalController {
  constructor(
    private readonly journal: CallJournal,
    private readonly calls: CallsService,
  ) {}

  @Get(':id/journal')
  @ApiOperation({
    summary:
      "A call's journal in time order: notifications, decision, Graph requests and results, " +
      'state changes, recording status, deadline outcome (docs/journal.md). Redacted.',
  })
  @ApiOkResponse({
    description: '`{"value": [entry, ...]}`; each entry has `at`, `instance`, `kind`.',
  })
  @ApiNotFoundResponse({ description: 'No journal and no call with this id.' })
  async read(@Param('id', CallIdPipe) id: string): Promise<{ value: JournalEntry[] }> {
    const value = await this.journal.read(id);
    if (value.length === 0 && !(await this.calls.get(id))) {
      throw new DomainError(DomainErrorCode.CallNotFound, `call ${id} not found`);
    }
    return { value };
  }
}
