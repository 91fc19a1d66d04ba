import { isAfter, type CallListPosition } from './call-list';

/**
 * Call keys kept newest first by `receivedAt`, for the embedded store's pages: binary search to
 * insert, remove and find where a page starts, so a page costs its size, not the store's.
 */
export class ReceivedOrderIndex {
  private readonly entries: CallListPosition[] = [];

  add(position: CallListPosition): void {
    this.entries.splice(this.firstAfter(position, true), 0, position);
  }

  remove(position: CallListPosition): void {
    const index = this.firstAfter(position, true);
    if (this.entries[index]?.key === position.key && this.entries[index].at === position.at) {
      this.entries.splice(index, 1);
    }
  }

  /** Positions after `cursor` (all when absent), newest first, lazily. */
  *from(cursor: CallListPosition | undefined): Generator<CallListPosition> {
    for (let i = cursor ? this.firstAfter(cursor, false) : 0; i < this.entries.length; i++) {
      yield this.entries[i];
    }
  }

  /** Index of the first entry after `position` (or at it, when `inclusive`). */
  private firstAfter(position: CallListPosition, inclusive: boolean): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const entry = this.entries[mid];
      const same = entry.at === position.at && entry.key === position.key;
      if (isAfter(entry, position) || (inclusive && same)) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}
