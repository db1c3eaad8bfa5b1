/**
 * The future event list: a binary min-heap ordered by (time, sequence number).
 *
 * A discrete-event simulation repeatedly asks "what happens next?". The heap answers
 * in O(log n): the smallest time comes out first, and among equal times the event
 * pushed first (smaller sequence number) wins, so ties break the same way on every
 * run. Ids and strings never take part in the order.
 *
 * The heap lives in three parallel arrays indexed by slot; slot i's children are
 * 2i+1 and 2i+2, its parent is ⌊(i−1)/2⌋:
 *
 * ```
 *   slot:    0      1      2      3      4      5
 *   times: [ 10 ][ 20 ][ 10 ][ 30 ][ 20 ][ 40 ]   Float64Array (integers ≤ 2^53 are exact)
 *   seqs:  [  0 ][  3 ][  4 ][  1 ][  5 ][  2 ]   Float64Array (push order)
 *   refs:  [  0 ][  3 ][  4 ][  1 ][  5 ][  2 ]   Int32Array, index into the pool
 *   pool:  [  a ][  b ][  c ][  d ][  e ][  f ]   payloads, where push() left them
 *
 *                   (10,0) a
 *                  /        \
 *            (20,3) d      (10,4) e
 *            /     \        /
 *      (30,1) b (20,5) f (40,2) c
 * ```
 *
 * The heap moves only numbers: `refs` points into a pool where the payloads stay
 * put, so a sift never copies an object reference. (Storing references would make
 * every move pay V8's garbage-collector write barrier; measured, the sim ran at half
 * speed.) Slots from `size` on hold time = Infinity, a sentinel that lets `pop()`
 * compare both children without checking that the right one exists, and pick the
 * smaller with arithmetic instead of a hard-to-predict branch.
 * `Simulation` builds on this; use the heap directly only to study it.
 *
 * @example Ties pop in push order
 * ```ts
 * import assert from "node:assert/strict";
 * import { EventHeap } from "@src/sim/mod.ts";
 * const heap = new EventHeap<string>();
 * heap.push(20, "late");
 * heap.push(10, "first");
 * heap.push(10, "second");
 * assert.deepEqual([heap.pop(), heap.pop(), heap.pop()], ["first", "second", "late"]);
 * ```
 *
 * @module
 */

import { INITIAL_HEAP_CAPACITY } from "./params.ts";

/**
 * One pending entry as listed by {@linkcode EventHeap.toArray}.
 *
 * @example
 * ```ts
 * import type { HeapEntry } from "@src/sim/mod.ts";
 * const entry: HeapEntry<string> = { time: 10, seq: 0, item: "a" };
 * ```
 */
export interface HeapEntry<T> {
  /** When the entry is due, in nanoseconds. */
  readonly time: number;
  /** Push order, the tie-breaker among equal times. */
  readonly seq: number;
  /** The payload. */
  readonly item: T;
}

/**
 * Options for {@linkcode EventHeap}.
 *
 * @example
 * ```ts
 * import type { EventHeapOptions } from "@src/sim/mod.ts";
 * const options: EventHeapOptions = { capacity: 4096 };
 * ```
 */
export interface EventHeapOptions {
  /**
   * Slots allocated up front; the heap doubles when it runs out.
   *
   * @default {1024}
   */
  capacity?: number;
}

/**
 * A min-heap of payloads keyed by (time, sequence number), stored in parallel arrays.
 *
 * @example Pop in time order
 * ```ts
 * import assert from "node:assert/strict";
 * import { EventHeap } from "@src/sim/mod.ts";
 * const heap = new EventHeap<string>();
 * heap.push(30, "c");
 * heap.push(10, "a");
 * heap.push(20, "b");
 * assert.equal(heap.peekTime(), 10);
 * assert.equal(heap.size, 3);
 * assert.equal(heap.pop(), "a");
 * ```
 */
export class EventHeap<T> {
  // The heap proper: slot → key and payload index. Only numbers move during sifts.
  #times: Float64Array;
  #seqs: Float64Array;
  #refs: Int32Array;
  // The payload pool: index → payload, plus a stack of free indices.
  #items: (T | undefined)[];
  #free: Int32Array;
  #freeCount = 0;
  #size = 0;
  #nextSeq = 0;

  /** An empty heap; `RangeError` if `capacity` is not an integer from 1 to 2^30. */
  constructor(options: EventHeapOptions = {}) {
    const { capacity = INITIAL_HEAP_CAPACITY } = options;
    if (!Number.isSafeInteger(capacity) || capacity < 1 || capacity > 2 ** 30) {
      throw new RangeError(
        `EventHeap option capacity must be an integer from 1 to 2^30: got ${capacity}. ` +
          `Pass e.g. { capacity: 1024 } or leave it out.`,
      );
    }
    this.#times = new Float64Array(capacity).fill(Infinity);
    this.#seqs = new Float64Array(capacity);
    this.#refs = new Int32Array(capacity);
    this.#items = new Array<T | undefined>(capacity).fill(undefined);
    this.#free = new Int32Array(capacity);
    // Every pool index starts free; pop from the top of the stack gives 0, 1, 2, …
    for (let i = 0; i < capacity; i++) this.#free[i] = capacity - 1 - i;
    this.#freeCount = capacity;
  }

  /**
   * Number of entries in the heap.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { EventHeap } from "@src/sim/mod.ts";
   * const heap = new EventHeap<number>();
   * heap.push(5, 1);
   * assert.equal(heap.size, 1);
   * ```
   */
  get size(): number {
    return this.#size;
  }

  /**
   * Insert `item` due at `time`; returns its sequence number (0, 1, 2, … in push order).
   * `time` must be a non-negative safe integer, else `RangeError`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { EventHeap } from "@src/sim/mod.ts";
   * const heap = new EventHeap<string>();
   * assert.equal(heap.push(7, "x"), 0);
   * assert.equal(heap.push(3, "y"), 1);
   * assert.throws(() => heap.push(0.5, "z"), RangeError);
   * ```
   */
  push(time: number, item: T): number {
    if (!Number.isSafeInteger(time) || time < 0) {
      throw new RangeError(
        `EventHeap.push() needs a non-negative integer time in nanoseconds: got ${time}. ` +
          `Round it with Math.round() or build it with ms(), us() or seconds().`,
      );
    }
    // Keep one spare slot for the Infinity sentinel after the last entry.
    if (this.#size + 1 >= this.#times.length) this.#grow();
    const ref = this.#free[--this.#freeCount];
    this.#items[ref] = item;
    const seq = this.#nextSeq++;
    const times = this.#times;
    const seqs = this.#seqs;
    const refs = this.#refs;
    // Sift up. The new entry has the largest sequence number so far, so against a
    // parent with an equal time it already sorts after: compare times alone.
    let slot = this.#size++;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      const parentTime = times[parent];
      if (parentTime <= time) break;
      times[slot] = parentTime;
      seqs[slot] = seqs[parent];
      refs[slot] = refs[parent];
      slot = parent;
    }
    times[slot] = time;
    seqs[slot] = seq;
    refs[slot] = ref;
    return seq;
  }

  /**
   * Time of the first entry, or `Infinity` when the heap is empty.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { EventHeap } from "@src/sim/mod.ts";
   * const heap = new EventHeap<string>();
   * assert.equal(heap.peekTime(), Infinity);
   * heap.push(42, "a");
   * assert.equal(heap.peekTime(), 42);
   * ```
   */
  peekTime(): number {
    return this.#size === 0 ? Infinity : this.#times[0];
  }

  /**
   * The first entry's payload without removing it, or `undefined` when empty.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { EventHeap } from "@src/sim/mod.ts";
   * const heap = new EventHeap<string>();
   * heap.push(1, "a");
   * assert.equal(heap.peek(), "a");
   * assert.equal(heap.size, 1);
   * ```
   */
  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#items[this.#refs[0]];
  }

  /**
   * Remove and return the first payload by (time, seq), or `undefined` when empty.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { EventHeap } from "@src/sim/mod.ts";
   * const heap = new EventHeap<string>();
   * heap.push(2, "b");
   * heap.push(1, "a");
   * assert.equal(heap.pop(), "a");
   * assert.equal(heap.pop(), "b");
   * assert.equal(heap.pop(), undefined);
   * ```
   */
  pop(): T | undefined {
    const size = this.#size;
    if (size === 0) return undefined;
    const ref = this.#refs[0];
    const items = this.#items;
    const top = items[ref];
    items[ref] = undefined;
    this.#free[this.#freeCount++] = ref;
    const last = size - 1;
    this.#size = last;
    // Move the last entry into the hole at the root and sift it down.
    const times = this.#times;
    const time = times[last];
    times[last] = Infinity; // the sentinel moves down one slot
    if (last > 0) this.#siftDown(0, time, this.#seqs[last], this.#refs[last]);
    return top;
  }

  /**
   * Remove every entry whose payload matches `predicate`; returns how many went.
   * O(n): used to purge cancelled events in bulk, not per event.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { EventHeap } from "@src/sim/mod.ts";
   * const heap = new EventHeap<number>();
   * for (const n of [5, 1, 4, 2, 3]) heap.push(n, n);
   * assert.equal(heap.removeWhere((n) => n % 2 === 0), 2);
   * assert.deepEqual([heap.pop(), heap.pop(), heap.pop()], [1, 3, 5]);
   * ```
   */
  removeWhere(predicate: (item: T) => boolean): number {
    const times = this.#times;
    const seqs = this.#seqs;
    const refs = this.#refs;
    const items = this.#items;
    const size = this.#size;
    let kept = 0;
    for (let slot = 0; slot < size; slot++) {
      const ref = refs[slot];
      if (predicate(items[ref] as T)) {
        items[ref] = undefined;
        this.#free[this.#freeCount++] = ref;
        continue;
      }
      times[kept] = times[slot];
      seqs[kept] = seqs[slot];
      refs[kept] = ref;
      kept++;
    }
    this.#size = kept;
    times.fill(Infinity, kept, size);
    // Floyd's heapify: sift down every parent, last parent first. O(n).
    for (let slot = (kept >> 1) - 1; slot >= 0; slot--) {
      this.#siftDown(slot, times[slot], seqs[slot], refs[slot]);
    }
    return size - kept;
  }

  /**
   * The pending entries in the order they would pop; the heap is unchanged. O(n log n).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { EventHeap } from "@src/sim/mod.ts";
   * const heap = new EventHeap<string>();
   * heap.push(9, "b");
   * heap.push(9, "c");
   * heap.push(1, "a");
   * assert.deepEqual(heap.toArray().map((entry) => entry.item), ["a", "b", "c"]);
   * ```
   */
  toArray(): HeapEntry<T>[] {
    const entries: HeapEntry<T>[] = [];
    for (let slot = 0; slot < this.#size; slot++) {
      entries.push({
        time: this.#times[slot],
        seq: this.#seqs[slot],
        item: this.#items[this.#refs[slot]] as T,
      });
    }
    return entries.sort((a, b) => a.time - b.time || a.seq - b.seq);
  }

  // Place (time, seq, ref) at `slot` or below it, moving smaller children up.
  #siftDown(slot: number, time: number, seq: number, ref: number): void {
    const times = this.#times;
    const seqs = this.#seqs;
    const refs = this.#refs;
    const half = this.#size >> 1; // slots below `half` have at least one child
    while (slot < half) {
      const left = 2 * slot + 1;
      const leftTime = times[left];
      const rightTime = times[left + 1]; // Infinity when there is no right child
      // child = left + (right sorts first ? 1 : 0), computed without a branch.
      const child = left +
        (+(rightTime < leftTime) | (+(rightTime === leftTime) & +(seqs[left + 1] < seqs[left])));
      const childTime = times[child];
      const childSeq = seqs[child];
      if (time < childTime || (time === childTime && seq < childSeq)) break;
      times[slot] = childTime;
      seqs[slot] = childSeq;
      refs[slot] = refs[child];
      slot = child;
    }
    times[slot] = time;
    seqs[slot] = seq;
    refs[slot] = ref;
  }

  // Double every array; the new pool indices go on the free stack.
  #grow(): void {
    const old = this.#times.length;
    const capacity = old * 2;
    const times = new Float64Array(capacity).fill(Infinity);
    const seqs = new Float64Array(capacity);
    const refs = new Int32Array(capacity);
    const free = new Int32Array(capacity);
    times.set(this.#times); // old slots ≥ size are Infinity already
    seqs.set(this.#seqs);
    refs.set(this.#refs);
    free.set(this.#free.subarray(0, this.#freeCount));
    for (let i = capacity - 1; i >= old; i--) free[this.#freeCount++] = i;
    this.#times = times;
    this.#seqs = seqs;
    this.#refs = refs;
    this.#free = free;
    const items = this.#items;
    while (items.length < capacity) items.push(undefined);
  }
}
