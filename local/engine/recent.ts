/**
 * A bounded map that forgets the least recently used entry first: for work the engine and the
 * account repeat (task bodies and client statements come back every run), where the answer is
 * a pure function of the key.
 */
export class RecentMap<V> {
  private readonly entries = new Map<string, V>();

  /** @param capacity Entries kept; the least recently used goes when one more is added. */
  constructor(private readonly capacity: number) {}

  /** The value kept for `key`, now the most recently used. */
  get(key: string): V | undefined {
    const known = this.entries.get(key);
    if (known !== undefined) {
      // Re-inserted, so Map order stays least recently used first.
      this.entries.delete(key);
      this.entries.set(key, known);
    }
    return known;
  }

  set(key: string, value: V): void {
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
