import type { CallEntry, GroupEntry } from './entries';
import type { CallRecord, EmulatorOptions, PolicyGroup } from './types';

/**
 * The calls and policy groups the engine knows. Call ids are matched case-insensitively because
 * bots echo them back in whatever case their Graph SDK produced.
 */
export class CallRegistry {
  private readonly calls = new Map<string, CallEntry>();
  private readonly groups = new Map<string, GroupEntry>();

  constructor(private readonly options: EmulatorOptions) {}

  addCall(entry: CallEntry): void {
    this.calls.set(entry.record.id.toLowerCase(), entry);
    this.evictEndedCalls();
  }

  addGroup(entry: GroupEntry): void {
    this.groups.set(entry.group.id, entry);
  }

  find(callId: string): CallEntry | undefined {
    return this.calls.get(callId.toLowerCase());
  }

  require(callId: string): CallEntry {
    const entry = this.find(callId);
    if (!entry) throw new Error(`unknown call ${callId}`);
    return entry;
  }

  requireActive(callId: string): CallEntry {
    const entry = this.require(callId);
    if (entry.record.state === 'terminated') throw new Error(`call ${callId} has ended`);
    return entry;
  }

  records(): CallRecord[] {
    return [...this.calls.values()].map((e) => e.record);
  }

  findGroup(groupId: string): GroupEntry | undefined {
    return this.groups.get(groupId);
  }

  group(groupId: string): PolicyGroup | undefined {
    return this.groups.get(groupId)?.group;
  }

  clear(): void {
    this.calls.clear();
    this.groups.clear();
  }

  /** Long load tests would otherwise grow without bound; live calls are never dropped. */
  private evictEndedCalls(): void {
    if (this.calls.size <= this.options.maxCalls) return;
    for (const [key, entry] of this.calls) {
      if (this.calls.size <= this.options.maxCalls) break;
      if (entry.record.state === 'terminated') this.calls.delete(key);
    }
  }
}
