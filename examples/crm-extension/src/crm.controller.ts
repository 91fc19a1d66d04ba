import { Body, Controller, Get, NotFoundException, Param, Post } from '@nestjs/common';
import { CallJournal, type JournalEntry } from './call-journal.listener';
import { DirectoryClient, type Person } from './directory.client';

/** A note as the CRM takes it: a plain class, validated by nobody (Nest's default). */
class NoteBody {
  text?: string;
}

/** The extension's own routes, beside Switchboard's. */
@Controller('crm')
export class CrmController {
  constructor(
    private readonly directory: DirectoryClient,
    private readonly journal: CallJournal,
  ) {}

  @Get('people/:phone')
  async person(@Param('phone') phone: string): Promise<Person> {
    const person = await this.directory.lookup(phone);
    if (!person) throw new NotFoundException(`nobody with the number ${phone}`);
    return person;
  }

  @Get('decisions')
  decisions(): { value: readonly JournalEntry[] } {
    return { value: this.journal.recent() };
  }

  @Post('notes')
  note(@Body() body: NoteBody): { saved: NoteBody } {
    return { saved: body };
  }
}
