/**
 * Sequence-number arithmetic modulo 2³² (RFC 9293 §3.4). Every byte of a TCP stream has
 * a 32-bit sequence number; after 2³² − 1 comes 0 again, so "a is before b" cannot be
 * `a < b`. The rule is the signed distance: a is before b when (b − a) mod 2³² lies in
 * [1, 2³¹), i.e. b is less than half the circle ahead of a:
 *
 * ```
 *              0
 *        2³²−1 ● 1           a = 2³² − 10, b = 5:
 *          ·       ·         b − a = 15 (mod 2³²) < 2³¹, so a is before b
 *        ·    ring   ·       although a > b as plain integers
 *          ·       ·
 *            2³¹
 * ```
 *
 * Every comparison in the endpoint goes through these functions; plain `<` on sequence
 * numbers is a bug waiting for a long connection (or an ISN near 2³²).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seqAdd, seqLt, seqDiff } from "./sequence.ts";
 * const a = 2 ** 32 - 10;
 * assert.equal(seqAdd(a, 15), 5);
 * assert.ok(seqLt(a, 5));
 * assert.equal(seqDiff(5, a), 15);
 * ```
 *
 * @module
 */

/**
 * `(a + n) mod 2³²`: the sequence number `n` bytes after `a`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(seqAdd(0xffff_ffff, 1), 0);
 * assert.equal(seqAdd(10, -20), 2 ** 32 - 10);
 * ```
 */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/**
 * The signed distance from `b` to `a`, `a − b` folded into [−2³¹, 2³¹): positive when
 * `a` is after `b`. This is the `(int32_t)(a - b)` of BSD's `SEQ_LT` macros.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(seqDiff(5, 2 ** 32 - 10), 15);
 * assert.equal(seqDiff(2 ** 32 - 10, 5), -15);
 * ```
 */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/**
 * `a` is before `b` (RFC 9293 §3.4 "<" on sequence numbers).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(seqLt(2 ** 32 - 1, 0));
 * assert.ok(!seqLt(0, 2 ** 32 - 1));
 * ```
 */
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

/**
 * `a` is before or equal to `b`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(seqLe(7, 7));
 * ```
 */
export function seqLe(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

/**
 * `a` is after `b`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(seqGt(3, 2 ** 32 - 3));
 * ```
 */
export function seqGt(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

/**
 * `a` is after or equal to `b`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(seqGe(0, 0));
 * ```
 */
export function seqGe(a: number, b: number): boolean {
  return ((a - b) | 0) >= 0;
}

/**
 * `low ≤ x < high` on the ring, the test RFC 9293 §3.4 writes as
 * "RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND". An empty range (`low = high`) holds nothing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const low = 2 ** 32 - 100;
 * assert.ok(seqInWindow(10, low, seqAdd(low, 1000)));
 * assert.ok(!seqInWindow(low, low, low));
 * ```
 */
export function seqInWindow(x: number, low: number, high: number): boolean {
  return ((x - low) >>> 0) < ((high - low) >>> 0);
}
