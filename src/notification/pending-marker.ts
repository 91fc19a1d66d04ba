import type { MarkerWrite } from '../store';

/**
 * A delivery's repeat marker, not yet written. The intake writes it once the notification's
 * handlers are done, unless a handler took it (`take`) to write it in its own store step, with
 * what the notification caused (`CallStore.create` and `update` take it as `seen`): the marker
 * then costs no round trip of its own. A handler takes it only for its last store step, so that
 * the marker still exists only once everything the notification caused is recorded.
 */
export class PendingMarker {
  private taken = false;

  constructor(private readonly write: MarkerWrite) {}

  /** The marker being written, for the repeat check. */
  get marker(): MarkerWrite['marker'] {
    return this.write.marker;
  }

  /** The marker to write, the first time asked; undefined after (someone else writes it). */
  take(): MarkerWrite | undefined {
    if (this.taken) return undefined;
    this.taken = true;
    return this.write;
  }
}
