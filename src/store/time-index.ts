/**
 * Keys ordered by a time (epoch ms), for the embedded store's expiries and due visits: a binary
 * min-heap with each key's position kept, so that setting, moving and removing a key cost
 * O(log n) and finding what is due costs what is due, never a walk over every call.
 */
export class TimeIndex {
  private readonly keys: string[] = [];
  private readonly times: number[] = [];
  private readonly positions = new Map<string, number>();

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.positions.has(key);
  }

  /** Adds the key at `at`, or moves it there. */
  set(key: string, at: number): void {
    const position = this.positions.get(key);
    if (position === undefined) {
      this.keys.push(key);
      this.times.push(at);
      this.positions.set(key, this.keys.length - 1);
      this.up(this.keys.length - 1);
      return;
    }
    const before = this.times[position];
    this.times[position] = at;
    if (at < before) this.up(position);
    else this.down(position);
  }

  delete(key: string): void {
    const position = this.positions.get(key);
    if (position === undefined) return;
    this.positions.delete(key);
    const lastKey = this.keys.pop() as string;
    const lastTime = this.times.pop() as number;
    if (position === this.keys.length) return;
    this.keys[position] = lastKey;
    this.times[position] = lastTime;
    this.positions.set(lastKey, position);
    this.up(position);
    this.down(position);
  }

  /** Up to `limit` keys whose time is at or before `now`, in no particular order; kept. */
  due(now: number, limit: number): string[] {
    const found: string[] = [];
    // Only entries at or before `now` and their direct children are looked at.
    const stack = this.keys.length > 0 ? [0] : [];
    while (stack.length > 0 && found.length < limit) {
      const position = stack.pop() as number;
      if (this.times[position] > now) continue;
      found.push(this.keys[position]);
      for (const child of [2 * position + 1, 2 * position + 2]) {
        if (child < this.keys.length) stack.push(child);
      }
    }
    return found;
  }

  /** Removes and returns the keys whose time is at or before `now`, earliest first. */
  takeDue(now: number): string[] {
    const taken: string[] = [];
    while (this.keys.length > 0 && this.times[0] <= now) {
      const key = this.keys[0];
      taken.push(key);
      this.delete(key);
    }
    return taken;
  }

  private up(position: number): void {
    let child = position;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (this.times[parent] <= this.times[child]) return;
      this.swap(parent, child);
      child = parent;
    }
  }

  private down(position: number): void {
    let parent = position;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < this.keys.length && this.times[left] < this.times[smallest]) smallest = left;
      if (right < this.keys.length && this.times[right] < this.times[smallest]) smallest = right;
      if (smallest === parent) return;
      this.swap(parent, smallest);
      parent = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const key = this.keys[a];
    const time = this.times[a];
    this.keys[a] = this.keys[b];
    this.times[a] = this.times[b];
    this.keys[b] = key;
    this.times[b] = time;
    this.positions.set(this.keys[a], a);
    this.positions.set(key, b);
  }
}
