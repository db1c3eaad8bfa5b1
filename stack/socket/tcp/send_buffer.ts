/**
 * The send buffer: bytes the application wrote that the peer has not acknowledged yet.
 * Positions are stream offsets (byte 0 is the first byte ever written), plain numbers
 * that never wrap; the endpoint maps them to 32-bit sequence numbers.
 *
 * ```
 *   start                                       end
 *     │ sent, awaiting ACK │ not yet sent          │
 *     ▼────────────────────┼───────────────────────▼
 *     [ chunk ][  chunk      ][ chunk ]            release(offset) drops whole chunks
 *                                                  behind the ACK; slice() returns views
 * ```
 *
 * `slice(offset, length)` is a view into the chunk that holds it, so sending a segment
 * or retransmitting one never copies payload bytes (only a slice that spans two chunks
 * is copied). `write()` copies once, so the application may reuse its array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SendBuffer } from "./send_buffer.ts";
 * const buffer = new SendBuffer();
 * buffer.write(new TextEncoder().encode("hello, "));
 * buffer.write(new TextEncoder().encode("world"));
 * assert.equal(new TextDecoder().decode(buffer.slice(5, 4)), ", wo");
 * buffer.release(7);
 * assert.deepEqual([buffer.start, buffer.end], [7, 12]);
 * ```
 *
 * @module
 */

/**
 * Unacknowledged and unsent application bytes, addressed by stream offset.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SendBuffer } from "./send_buffer.ts";
 * const buffer = new SendBuffer();
 * buffer.write(new Uint8Array([1, 2, 3]));
 * assert.deepEqual([...buffer.slice(1, 2)], [2, 3]);
 * ```
 */
export class SendBuffer {
  #chunks: Uint8Array[] = [];
  #offsets: number[] = []; // stream offset of each chunk's first byte
  #head = 0; // index of the first live chunk
  #start = 0;
  #end = 0;
  #cursor = 0; // chunk index of the last slice, where the next one usually is

  /**
   * Stream offset of the oldest byte still held (everything before it was ACKed).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { SendBuffer } from "./send_buffer.ts";
   * assert.equal(new SendBuffer().start, 0);
   * ```
   */
  get start(): number {
    return this.#start;
  }

  /**
   * Stream offset just past the last byte written.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { SendBuffer } from "./send_buffer.ts";
   * const buffer = new SendBuffer();
   * buffer.write(new Uint8Array(10));
   * assert.equal(buffer.end, 10);
   * ```
   */
  get end(): number {
    return this.#end;
  }

  /**
   * Bytes held: `end − start`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { SendBuffer } from "./send_buffer.ts";
   * const buffer = new SendBuffer();
   * buffer.write(new Uint8Array(10));
   * buffer.release(4);
   * assert.equal(buffer.length, 6);
   * ```
   */
  get length(): number {
    return this.#end - this.#start;
  }

  /**
   * Append `bytes` (a copy, unless `copy: false` promises they will not change: then
   * the buffer keeps the caller's array, as `sendfile()` keeps a file's pages); returns
   * the new `end`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { SendBuffer } from "./send_buffer.ts";
   * const buffer = new SendBuffer();
   * assert.equal(buffer.write(new Uint8Array(3)), 3);
   * const big = new Uint8Array(1 << 20);
   * buffer.write(big, { copy: false });
   * assert.equal(buffer.slice(3, 10).buffer, big.buffer); // no copy anywhere
   * ```
   */
  write(bytes: Uint8Array, options: { copy?: boolean } = {}): number {
    if (bytes.length === 0) return this.#end;
    this.#chunks.push(options.copy === false ? bytes : bytes.slice());
    this.#offsets.push(this.#end);
    this.#end += bytes.length;
    return this.#end;
  }

  /**
   * `length` bytes from stream offset `offset`: a view when they lie in one chunk.
   * `RangeError` outside `[start, end)`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { SendBuffer } from "./send_buffer.ts";
   * const buffer = new SendBuffer();
   * buffer.write(new Uint8Array([1, 2]));
   * buffer.write(new Uint8Array([3, 4]));
   * assert.deepEqual([...buffer.slice(1, 2)], [2, 3]); // spans two chunks: copied
   * assert.throws(() => buffer.slice(3, 5), RangeError);
   * ```
   */
  slice(offset: number, length: number): Uint8Array {
    if (offset < this.#start || length < 0 || offset + length > this.#end) {
      throw new RangeError(
        `Cannot slice the send buffer at [${offset}, ${offset + length}): it holds ` +
          `[${this.#start}, ${this.#end}); slice inside that range`,
      );
    }
    if (length === 0) return EMPTY;
    const offsets = this.#offsets;
    let index = this.#cursor;
    if (index < this.#head || index >= offsets.length || offsets[index] > offset) {
      index = this.#head;
    }
    while (index + 1 < offsets.length && offsets[index + 1] <= offset) index++;
    this.#cursor = index;
    const chunk = this.#chunks[index];
    const from = offset - offsets[index];
    if (from + length <= chunk.length) return chunk.subarray(from, from + length);
    const out = new Uint8Array(length);
    let filled = 0;
    for (let i = index; filled < length; i++) {
      const piece = this.#chunks[i].subarray(i === index ? from : 0);
      const take = Math.min(piece.length, length - filled);
      out.set(piece.subarray(0, take), filled);
      filled += take;
    }
    return out;
  }

  /**
   * Forget everything before stream offset `offset` (it was acknowledged).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { SendBuffer } from "./send_buffer.ts";
   * const buffer = new SendBuffer();
   * buffer.write(new Uint8Array(5));
   * buffer.release(5);
   * assert.equal(buffer.length, 0);
   * ```
   */
  release(offset: number): void {
    if (offset <= this.#start) return;
    this.#start = Math.min(offset, this.#end);
    const offsets = this.#offsets;
    while (
      this.#head < offsets.length &&
      offsets[this.#head] + this.#chunks[this.#head].length <= this.#start
    ) {
      this.#chunks[this.#head] = EMPTY; // let the bytes be collected
      this.#head++;
    }
    if (this.#head > 64 && this.#head * 2 > offsets.length) {
      this.#chunks.splice(0, this.#head);
      offsets.splice(0, this.#head);
      this.#cursor = Math.max(0, this.#cursor - this.#head);
      this.#head = 0;
    }
  }
}

const EMPTY = new Uint8Array(0);
