/**
 * An open-addressing hash table from non-negative integer keys (trailing
 * phone digits, at most 9 digits) to row indexes, in one typed array of
 * (key, value) pairs. For a million stored numbers it is smaller and faster
 * to build and probe than a `Map<number, …>`: a probe is usually one cache
 * line, key and value side by side.
 *
 * @module
 */

/** Rows under one key: one row index, or several. */
export type Slot = number | number[];

const EMPTY = 0;

/** What {@link IntIndex.find} returns for a key with no rows. @internal */
export const NONE = -0x80000000;

/** @internal Integer key → row index(es). Keys must be in `[0, 2^31 - 2]`. */
export class IntIndex {
  /** Pairs: `table[2i]` is key + 1 (0 when empty), `table[2i + 1]` its value. */
  private table: Int32Array;
  private mask: number;
  private shift: number;
  /** Row lists of keys held by several rows; the value is `-(list index) - 1` for them. */
  private readonly lists: number[][] = [];
  /** Number of distinct keys. */
  size = 0;

  constructor(expected: number) {
    let bits = 4;
    while (1 << bits < expected * 2) bits++;
    this.table = new Int32Array(2 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  /** The pair position (even) of `key`, or of the empty pair where it would go. */
  private slotOf(key: number): number {
    // Fibonacci hashing: the high bits of key × 2^32/φ spread runs of keys.
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    const stored = key + 1;
    const table = this.table;
    const mask = this.mask;
    for (;;) {
      const k = table[i << 1]!;
      if (k === stored || k === EMPTY) return i << 1;
      i = (i + 1) & mask;
    }
  }

  /**
   * The rows under `key` in raw form, without allocating: a row index (≥ 0),
   * {@link NONE}, or a negative list handle for {@link IntIndex.list}.
   */
  find(key: number): number {
    const at = this.slotOf(key);
    return this.table[at] === EMPTY ? NONE : this.table[at + 1]!;
  }

  /** The rows of a negative handle returned by {@link IntIndex.find}. */
  list(handle: number): readonly number[] {
    return this.lists[-handle - 1]!;
  }

  /** The rows under `key`, or undefined. */
  get(key: number): Slot | undefined {
    const v = this.find(key);
    if (v === NONE) return undefined;
    return v >= 0 ? v : this.lists[-v - 1];
  }

  /** Adds `row` under `key` (a row added twice in a row is kept once). */
  add(key: number, row: number): void {
    if ((this.size + 1) * 2 > this.table.length >> 1) this.grow();
    const at = this.slotOf(key);
    const table = this.table;
    if (table[at] === EMPTY) {
      table[at] = key + 1;
      table[at + 1] = row;
      this.size++;
      return;
    }
    const v = table[at + 1]!;
    if (v >= 0) {
      if (v !== row) {
        this.lists.push([v, row]);
        table[at + 1] = -this.lists.length;
      }
    } else {
      const list = this.lists[-v - 1]!;
      if (list[list.length - 1] !== row) list.push(row);
    }
  }

  private grow(): void {
    const old = this.table;
    const bits = 32 - this.shift + 1;
    this.table = new Int32Array(2 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    for (let j = 0; j < old.length; j += 2) {
      const k = old[j]!;
      if (k === EMPTY) continue;
      const at = this.slotOf(k - 1);
      this.table[at] = k;
      this.table[at + 1] = old[j + 1]!;
    }
  }
}
