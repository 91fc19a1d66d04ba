import { isAfter, type CallListPosition } from './call-list';

/** Slots of removed entries kept at the start before the array is copied without them. */
const MIN_COMPACTED = 1024;

/**
 * Call keys by `receivedAt`, for the embedded store's pages (newest first): binary search to
 * insert, remove and find where a page starts, so a page costs its size, not the store's.
 *
 * Kept oldest first, the pages' order reversed, from `head` on: a new call is nearly always the
 * newest, so it is pushed at the end, and an expired one nearly always the oldest, so its slot is
 * left behind `head` (the slots are dropped in one copy once they are half the array). Kept
 * newest first, every new call moved every other entry by one, and so did removing from the
 * start of a large array: a cost per call that grew with the calls retained (up to
 * `store.maxRetainedCalls`), ~70 µs per call at 30,000.
 */
export class ReceivedOrderIndex {
  private entries: CallListPosition[] = [];
  private head = 0;

  add(position: CallListPosition): void {
    const index = this.firstNotOlder(position);
    if (index === this.entries.length) this.entries.push(position);
    else if (index === this.head && this.head > 0) this.entries[--this.head] = position;
    else this.entries.splice(index, 0, position);
  }

  remove(position: CallListPosition): void {
    const index = this.firstNotOlder(position);
    const entry = this.entries[index];
    if (entry?.key !== position.key || entry.at !== position.at) return;
    if (index !== this.head) {
      this.entries.splice(index, 1);
      return;
    }
    this.head++;
    if (this.head >= MIN_COMPACTED && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** Positions after `cursor` in a page's order (all when absent), newest first, lazily. */
  *from(cursor: CallListPosition | undefined): Generator<CallListPosition> {
    for (
      let i = (cursor ? this.firstNotOlder(cursor) : this.entries.length) - 1;
      i >= this.head;
      i--
    ) {
      yield this.entries[i];
    }
  }

  /** Index of the first entry that is not older than `position` (`position` itself included). */
  private firstNotOlder(position: CallListPosition): number {
    let low = this.head;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (isAfter(this.entries[mid], position)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
