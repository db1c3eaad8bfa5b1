/**
 * Private helpers for the tests of `stack/wire/`: a seeded PRNG (mulberry32, so runs
 * repeat exactly; never `Math.random`), hex conversion for byte fixtures, and an IPv4
 * datagram builder for the fragmentation tests.
 *
 * @module
 */

import { emitIpv4, type Ipv4Repr } from "./ipv4.ts";

/**
 * A UDP-numbered IPv4 datagram from 10.0.1.10 to 10.0.2.20 with `payloadLength` bytes of
 * payload (byte i is i mod 256), DF clear; `extra` overrides any header field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(testIpv4Datagram(100).length, 120);
 * ```
 */
export function testIpv4Datagram(
  payloadLength: number,
  extra: Partial<Ipv4Repr> = {},
): Uint8Array {
  return emitIpv4({
    dscp: 0,
    ecn: 0,
    identification: 42,
    dontFragment: false,
    moreFragments: false,
    fragmentOffset: 0,
    ttl: 64,
    protocol: 17,
    source: "10.0.1.10",
    destination: "10.0.2.20",
    options: new Uint8Array(),
    payload: new Uint8Array(payloadLength).map((_, i) => i & 0xff),
    ...extra,
  }).slice();
}

/**
 * mulberry32: a tiny 32-bit PRNG (Tommy Ettinger's public-domain generator). Returns a
 * function giving the next unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const a = mulberry32(1);
 * const b = mulberry32(1);
 * assert.equal(a(), b());
 * ```
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * Random helpers over one generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const random = new Random(1);
 * assert.equal(random.bytes(3).length, 3);
 * ```
 */
export class Random {
  readonly next: () => number;

  /**
   * Seeded source of test data.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const random = new Random(7);
   * const n = random.int(10);
   * assert.ok(n >= 0 && n < 10);
   * ```
   */
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Integer in `[0, below)`. */
  int(below: number): number {
    return below <= 0x100000000 ? Math.floor((this.next() / 0x100000000) * below) : this.next();
  }

  /** Unsigned 32-bit integer. */
  u32(): number {
    return this.next();
  }

  /** True with probability `p`. */
  chance(p = 0.5): boolean {
    return this.next() / 0x100000000 < p;
  }

  /** `length` random bytes. */
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.next() & 0xff;
    return out;
  }

  /** A random element. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** A random MAC address text. */
  mac(): string {
    return [...this.bytes(6)].map((b) => b.toString(16).padStart(2, "0")).join(":");
  }

  /** A random IPv4 address text. */
  ipv4(): string {
    return [...this.bytes(4)].join(".");
  }
}

/**
 * Bytes from a hex string (whitespace ignored).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual([...fromHex("0a 0b")], [10, 11]);
 * ```
 */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, "");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Hex string of bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(toHex(new Uint8Array([10, 255])), "0aff");
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Run `fn`, require it to throw an instance of `type`, and return the error for more checks
 * (node's `assert.throws` returns nothing).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = throwsError(() => { throw new RangeError("x"); }, RangeError);
 * assert.equal(error.message, "x");
 * ```
 */
export function throwsError<E extends Error>(
  fn: () => unknown,
  // deno-lint-ignore no-explicit-any
  type: new (...args: any[]) => E,
): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof type) return error;
    throw new Error(`expected ${type.name}, got ${error}`, { cause: error });
  }
  throw new Error(`expected ${type.name}, but nothing was thrown`);
}
