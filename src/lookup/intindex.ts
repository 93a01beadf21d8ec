/**
 * An open-addressing hash table from non-negative integer keys (trailing
 * phone digits, at most 9 digits) to row indexes, in two typed arrays. For a
 * million stored numbers it is smaller and faster to build and probe than a
 * `Map<number, …>`: a probe is usually one cache line.
 *
 * @module
 */

/** Rows under one key: one row index, or several. */
export type Slot = number | number[];

const EMPTY = 0;

/** @internal Integer key → row index(es). Keys must be in `[0, 2^31 - 2]`. */
export class IntIndex {
  private keys: Int32Array;
  private vals: Int32Array;
  private mask: number;
  private shift: number;
  /** Row lists of keys held by several rows; `vals` holds `-(list index) - 1` for them. */
  private readonly lists: number[][] = [];
  /** Number of distinct keys. */
  size = 0;

  constructor(expected: number) {
    let bits = 4;
    while (1 << bits < expected * 2) bits++;
    this.keys = new Int32Array(1 << bits);
    this.vals = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  private slotOf(key: number): number {
    // Fibonacci hashing: the high bits of key × 2^32/φ spread runs of keys.
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    const stored = key + 1;
    const keys = this.keys;
    while (keys[i] !== EMPTY && keys[i] !== stored) i = (i + 1) & this.mask;
    return i;
  }

  /** The rows under `key`, or undefined. */
  get(key: number): Slot | undefined {
    const i = this.slotOf(key);
    if (this.keys[i] === EMPTY) return undefined;
    const v = this.vals[i]!;
    return v >= 0 ? v : this.lists[-v - 1];
  }

  /** Adds `row` under `key` (a row added twice in a row is kept once). */
  add(key: number, row: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const i = this.slotOf(key);
    if (this.keys[i] === EMPTY) {
      this.keys[i] = key + 1;
      this.vals[i] = row;
      this.size++;
      return;
    }
    const v = this.vals[i]!;
    if (v >= 0) {
      if (v !== row) {
        this.lists.push([v, row]);
        this.vals[i] = -this.lists.length;
      }
    } else {
      const list = this.lists[-v - 1]!;
      if (list[list.length - 1] !== row) list.push(row);
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const bits = 32 - this.shift + 1;
    this.keys = new Int32Array(1 << bits);
    this.vals = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j]!;
      if (k === EMPTY) continue;
      const i = this.slotOf(k - 1);
      this.keys[i] = k;
      this.vals[i] = oldVals[j]!;
    }
  }
}
