import { Injectable } from '@nestjs/common';
import { OnSwitchboardEvent, type SwitchboardEventMap } from 'switchboard';

export interface JournalEntry {
  readonly callId: string;
  readonly action: string;
  readonly outcome: string;
  readonly caller: string | null;
}

/** Keeps the last decisions in memory, as a CRM would file them against the caller. */
@Injectable()
export class CallJournal {
  private readonly entries: JournalEntry[] = [];

  @OnSwitchboardEvent('decided')
  onDecided({ call, action, outcome }: SwitchboardEventMap['decided']): void {
    this.entries.push({ callId: call.id, action, outcome, caller: call.caller?.id ?? null });
    if (this.entries.length > 100) this.entries.shift();
  }

  recent(): readonly JournalEntry[] {
    return this.entries;
  }
}
