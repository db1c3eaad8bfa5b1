/**
 * Private helpers shared by the header files: big-endian reads and writes on a
 * `Uint8Array` (no `DataView`, so nothing can throw on a short buffer: a read past the end
 * gives 0 and a write past the end is dropped), hex formatting, range checks for emit, and
 * the pool that emitted bytes come from.
 *
 * @module
 */

import { WireError, type WireLayer } from "./errors.ts";

/**
 * One labelled byte range of a header, as a view describes it for dissection.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const field: WireField = { field: "ttl", value: 64, start: 8, end: 9 };
 * assert.equal(field.end - field.start, 1);
 * ```
 */
export interface WireField {
  /** Field name in the repr's spelling, e.g. `"ttl"`, `"flags.syn"`, `"options.mss"`. */
  readonly field: string;
  /** Decoded value: a number, a flag, or text such as an address or `"0x149b"`. */
  readonly value: string | number | boolean;
  /** First byte of the field, relative to the start of the layer. */
  readonly start: number;
  /** One past the last byte (`[start, end)`). */
  readonly end: number;
}

/**
 * Two hex digits per byte value, built once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(HEX_BYTE[0xab], "ab");
 * ```
 */
export const HEX_BYTE: readonly string[] = Array.from(
  { length: 256 },
  (_, i) => i.toString(16).padStart(2, "0"),
);

/**
 * `0x` followed by `digits` hex digits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(hex(0x800), "0x0800");
 * assert.equal(hex(0x2144df1c, 8), "0x2144df1c");
 * ```
 */
export function hex(value: number, digits = 4): string {
  return "0x" + (value >>> 0).toString(16).padStart(digits, "0");
}

/**
 * Big-endian 16-bit read; bytes past the end read as 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(readU16(new Uint8Array([0x08, 0x06]), 0), 0x0806);
 * assert.equal(readU16(new Uint8Array([0x08]), 0), 0x0800); // past the end reads 0
 * ```
 */
export function readU16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 8) | bytes[at + 1]) & 0xffff;
}

/**
 * Big-endian 32-bit read as an unsigned number; bytes past the end read as 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(readU32(new Uint8Array([0xff, 0, 0, 1]), 0), 0xff000001);
 * ```
 */
export function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

/**
 * Big-endian 16-bit write; bytes past the end are dropped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = new Uint8Array(2);
 * writeU16(bytes, 0, 0x0800);
 * assert.deepEqual([...bytes], [8, 0]);
 * ```
 */
export function writeU16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 8;
  bytes[at + 1] = value;
}

/**
 * Big-endian 32-bit write; bytes past the end are dropped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = new Uint8Array(4);
 * writeU32(bytes, 0, 1000);
 * assert.deepEqual([...bytes], [0, 0, 3, 0xe8]);
 * ```
 */
export function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = value >>> 16;
  bytes[at + 2] = value >>> 8;
  bytes[at + 3] = value;
}

/**
 * Throw a {@link WireError} (action "emit") unless `value` is an integer in
 * `[0, max]`. Used at the top of every emit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * checkUint("IPv4", "ttl", 8, 64, 255);
 * assert.throws(() => checkUint("IPv4", "ttl", 8, 256, 255), /ttl 256/);
 * ```
 */
export function checkUint(
  layer: WireLayer,
  field: string,
  offset: number,
  value: number,
  max: number,
): void {
  if (!(Number.isInteger(value) && value >= 0 && value <= max)) {
    throw new WireError({
      layer,
      field,
      offset,
      action: "emit",
      problem: `${field} ${value} is not an integer from 0 to ${max}`,
      fix: `Set ${field} to an integer from 0 to ${max}.`,
    });
  }
}

/**
 * Push a field row only when its bytes are present (views describe malformed bytes too).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const rows: WireField[] = [];
 * pushField(rows, 1, "ttl", [8, 9], () => 64); // byte 8 is missing: no row
 * assert.equal(rows.length, 0);
 * ```
 */
export function pushField(
  rows: WireField[],
  length: number,
  field: string,
  range: readonly [number, number],
  value: () => string | number | boolean,
): void {
  if (range[1] <= length) rows.push({ field, value: value(), start: range[0], end: range[1] });
}

/**
 * Size of the pool that small emitted buffers are cut from. Allocating an `ArrayBuffer`
 * costs about 0.6 µs in Deno 2 (measured with stack/wire/wire_bench.ts), more than
 * building, checksumming and parsing a whole frame, so emitters take views of a shared
 * 8 KiB `ArrayBuffer` instead, as Node's `Buffer.allocUnsafe` does with its 8 KiB pool.
 * Each region is handed out once and starts zeroed. The cost: a kept view keeps its
 * 8 KiB pool alive, so `slice()` emitted bytes that must live long (in a capture, say).
 */
const POOL_SIZE = 8 * 1024;
/** Larger requests get an `ArrayBuffer` of their own. */
const POOL_MAX_REQUEST = 2 * 1024;
let pool = new ArrayBuffer(POOL_SIZE);
let poolUsed = 0;

/**
 * A zeroed `Uint8Array` of `length` bytes, cut from the pool when small (see `POOL_SIZE`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = allocate(60);
 * assert.equal(bytes.length, 60);
 * assert.ok(bytes.every((b) => b === 0));
 * ```
 */
export function allocate(length: number): Uint8Array {
  if (length > POOL_MAX_REQUEST) return new Uint8Array(length);
  if (poolUsed + length > POOL_SIZE) {
    pool = new ArrayBuffer(POOL_SIZE);
    poolUsed = 0;
  }
  const bytes = new Uint8Array(pool, poolUsed, length);
  poolUsed += (length + 7) & ~7; // keep regions 8-byte aligned
  return bytes;
}
