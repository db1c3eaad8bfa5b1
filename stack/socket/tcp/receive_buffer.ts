/**
 * The receive buffer: bytes that arrived in order and wait for the application to
 * read them, plus out-of-order pieces waiting for a gap to fill (reassembly). Its free
 * space is the receive window the endpoint advertises (RFC 9293 §3.8.6).
 *
 * ```
 *   read ◀── [ in order, unread ]  next ──── gap ──── [ooo piece] ── [ooo piece]
 *            └─── unread bytes ───┘  ▲                 └ SACK blocks (RFC 2018) ┘
 *                                    rcv_nxt: the next byte expected
 *   window = capacity − unread
 * ```
 *
 * Offsets are stream offsets (byte 0 is the first data byte), never wrapping. Pieces
 * keep the arriving payload views; bytes are copied only when `read()` joins several.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ReceiveBuffer } from "./receive_buffer.ts";
 * const buffer = new ReceiveBuffer(100);
 * buffer.accept(3, new Uint8Array([4, 5]));       // out of order: a gap at 0..3
 * assert.deepEqual(buffer.sackBlocks(), [{ start: 3, end: 5 }]);
 * buffer.accept(0, new Uint8Array([1, 2, 3]));    // fills the gap
 * assert.equal(buffer.next, 5);
 * assert.deepEqual([...buffer.read()], [1, 2, 3, 4, 5]);
 * ```
 *
 * @module
 */

/**
 * A range of stream offsets `[start, end)`.
 *
 * @example
 * ```ts
 * import type { ByteRange } from "./receive_buffer.ts";
 * const range: ByteRange = { start: 0, end: 1460 };
 * ```
 */
export interface ByteRange {
  /** First offset in the range. */
  readonly start: number;
  /** Offset just past the range. */
  readonly end: number;
}

interface Piece {
  start: number;
  data: Uint8Array;
}

/**
 * In-order bytes for the application and out-of-order pieces for reassembly.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ReceiveBuffer } from "./receive_buffer.ts";
 * const buffer = new ReceiveBuffer(4);
 * assert.equal(buffer.accept(0, new Uint8Array(10)), 4); // only the window's worth fits
 * assert.equal(buffer.window, 0);
 * ```
 */
export class ReceiveBuffer {
  /** Most unread bytes held. */
  readonly capacity: number;
  #ready: Uint8Array[] = [];
  #readyHead = 0;
  #unread = 0;
  #next = 0;
  #pieces: Piece[] = []; // out of order, sorted by start, disjoint
  #latest = -1; // start of the piece that arrived last (RFC 2018 §4 orders blocks by it)

  /** An empty buffer of `capacity` bytes; `RangeError` unless a positive integer. */
  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Cannot create a receive buffer of ${capacity} bytes: pass a positive integer, e.g. 65535`,
      );
    }
    this.capacity = capacity;
  }

  /**
   * Stream offset of the next byte expected in order (RCV.NXT as an offset).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReceiveBuffer } from "./receive_buffer.ts";
   * assert.equal(new ReceiveBuffer(10).next, 0);
   * ```
   */
  get next(): number {
    return this.#next;
  }

  /**
   * In-order bytes the application has not read.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReceiveBuffer } from "./receive_buffer.ts";
   * const buffer = new ReceiveBuffer(10);
   * buffer.accept(0, new Uint8Array(3));
   * assert.equal(buffer.unread, 3);
   * ```
   */
  get unread(): number {
    return this.#unread;
  }

  /**
   * Free space: `capacity − unread`, the receive window before scaling.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReceiveBuffer } from "./receive_buffer.ts";
   * assert.equal(new ReceiveBuffer(10).window, 10);
   * ```
   */
  get window(): number {
    return this.capacity - this.#unread;
  }

  /**
   * Bytes held out of order.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReceiveBuffer } from "./receive_buffer.ts";
   * const buffer = new ReceiveBuffer(10);
   * buffer.accept(2, new Uint8Array(3));
   * assert.equal(buffer.outOfOrder, 3);
   * ```
   */
  get outOfOrder(): number {
    let total = 0;
    for (const piece of this.#pieces) total += piece.data.length;
    return total;
  }

  /**
   * Take `data` that starts at stream offset `offset`. Bytes before `next` (duplicates)
   * and beyond `next + window` are dropped. Returns how far `next` advanced.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReceiveBuffer } from "./receive_buffer.ts";
   * const buffer = new ReceiveBuffer(10);
   * assert.equal(buffer.accept(0, new Uint8Array(4)), 4);
   * assert.equal(buffer.accept(2, new Uint8Array(4)), 2); // 2 old bytes, 2 new
   * ```
   */
  accept(offset: number, data: Uint8Array): number {
    const limit = this.#next + this.window;
    let start = offset;
    let end = offset + data.length;
    if (start < this.#next) start = this.#next;
    if (end > limit) end = limit;
    if (end <= start) return 0;
    if (start !== offset || end !== offset + data.length) {
      data = data.subarray(start - offset, end - offset);
    }
    if (start > this.#next) {
      this.#insert(start, data);
      return 0;
    }
    const before = this.#next;
    this.#deliver(data);
    // Pull pieces the new bytes made contiguous.
    const pieces = this.#pieces;
    let used = 0;
    while (used < pieces.length && pieces[used].start <= this.#next) {
      const piece = pieces[used++];
      const skip = this.#next - piece.start;
      if (skip < piece.data.length) this.#deliver(piece.data.subarray(skip));
    }
    if (used > 0) pieces.splice(0, used);
    return this.#next - before;
  }

  /**
   * Read up to `max` in-order bytes (a view when they lie in one arrival, else a copy).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReceiveBuffer } from "./receive_buffer.ts";
   * const buffer = new ReceiveBuffer(10);
   * buffer.accept(0, new Uint8Array([1, 2, 3]));
   * assert.deepEqual([...buffer.read(2)], [1, 2]);
   * assert.deepEqual([...buffer.read()], [3]);
   * assert.equal(buffer.read().length, 0);
   * ```
   */
  read(max = Infinity): Uint8Array {
    const total = Math.min(max, this.#unread);
    if (total <= 0) return new Uint8Array(0);
    const first = this.#ready[this.#readyHead];
    if (first.length >= total) return this.#take(total);
    const out = new Uint8Array(total);
    let filled = 0;
    while (filled < total) {
      const piece = this.#take(Math.min(total - filled, this.#ready[this.#readyHead].length));
      out.set(piece, filled);
      filled += piece.length;
    }
    return out;
  }

  /**
   * Hand every unread in-order chunk to `visit` without copying; returns bytes drained.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReceiveBuffer } from "./receive_buffer.ts";
   * const buffer = new ReceiveBuffer(10);
   * buffer.accept(0, new Uint8Array(3));
   * let seen = 0;
   * assert.equal(buffer.drain((chunk) => seen += chunk.length), 3);
   * assert.equal(seen, 3);
   * ```
   */
  drain(visit: (chunk: Uint8Array) => void): number {
    const total = this.#unread;
    const ready = this.#ready;
    for (let i = this.#readyHead; i < ready.length; i++) visit(ready[i]);
    this.#ready = [];
    this.#readyHead = 0;
    this.#unread = 0;
    return total;
  }

  /**
   * The out-of-order ranges, merged, at most `max` of them, the one that received the
   * latest segment first (RFC 2018 §4), the rest from highest to lowest.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReceiveBuffer } from "./receive_buffer.ts";
   * const buffer = new ReceiveBuffer(100);
   * buffer.accept(10, new Uint8Array(5));
   * buffer.accept(30, new Uint8Array(5));
   * buffer.accept(15, new Uint8Array(5));
   * assert.deepEqual(buffer.sackBlocks(), [{ start: 10, end: 20 }, { start: 30, end: 35 }]);
   * ```
   */
  sackBlocks(max = 4): ByteRange[] {
    const merged: ByteRange[] = [];
    let first = -1;
    for (const piece of this.#pieces) {
      const end = piece.start + piece.data.length;
      const last = merged[merged.length - 1];
      if (last !== undefined && last.end === piece.start) {
        merged[merged.length - 1] = { start: last.start, end };
      } else {
        merged.push({ start: piece.start, end });
      }
      if (piece.start === this.#latest) first = merged.length - 1;
    }
    const blocks: ByteRange[] = [];
    if (first >= 0) blocks.push(merged[first]);
    for (let i = merged.length - 1; i >= 0 && blocks.length < max; i--) {
      if (i !== first) blocks.push(merged[i]);
    }
    return blocks.slice(0, max);
  }

  #deliver(data: Uint8Array): void {
    this.#ready.push(data);
    this.#unread += data.length;
    this.#next += data.length;
  }

  #take(length: number): Uint8Array {
    const first = this.#ready[this.#readyHead];
    this.#unread -= length;
    if (length === first.length) {
      this.#readyHead++;
      if (this.#readyHead > 64 && this.#readyHead * 2 > this.#ready.length) {
        this.#ready.splice(0, this.#readyHead);
        this.#readyHead = 0;
      }
      return first;
    }
    this.#ready[this.#readyHead] = first.subarray(length);
    return first.subarray(0, length);
  }

  // Store [start, start + data.length) out of order, keeping only bytes no piece holds.
  #insert(start: number, data: Uint8Array): void {
    const pieces = this.#pieces;
    const end = start + data.length;
    this.#latest = start;
    const fresh: Piece[] = [];
    let cursor = start;
    let index = 0;
    while (index < pieces.length && pieces[index].start + pieces[index].data.length <= start) {
      index++;
    }
    const insertAt = index;
    for (; index < pieces.length && cursor < end; index++) {
      const piece = pieces[index];
      const pieceEnd = piece.start + piece.data.length;
      if (piece.start > cursor) {
        const until = Math.min(piece.start, end);
        fresh.push({ start: cursor, data: data.subarray(cursor - start, until - start) });
      }
      cursor = Math.max(cursor, pieceEnd);
    }
    if (cursor < end) fresh.push({ start: cursor, data: data.subarray(cursor - start) });
    if (fresh.length === 0) return;
    if (fresh[0].start !== start) this.#latest = fresh[0].start;
    // Fresh pieces interleave with the existing ones from insertAt on; re-sort that tail.
    const tail = pieces.splice(insertAt).concat(fresh).sort((a, b) => a.start - b.start);
    for (const piece of tail) pieces.push(piece);
  }
}
