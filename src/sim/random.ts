/**
 * Seeded pseudo-random numbers: the only source of chance in a model.
 *
 * A model never uses JavaScript's global, unseeded generator: it takes a `Random`
 * built from a required seed, so the same seed replays the same packet losses,
 * arrival times and pod placements, and a notebook's results can be checked by anyone.
 *
 * ```
 *   seed (integer or string)
 *     │  integer → its 64-bit two's complement; string → FNV-1a 64 of its UTF-8 bytes
 *     ▼
 *   64-bit key ──splitmix64 ×2──▶ 128-bit state (s0 s1 s2 s3)
 *     │                              │ xoshiro128** step
 *     │                              ▼
 *     │                           uint32() ──▶ next() [0,1) ──▶ int, uniform, exponential, …
 *     └─ fork("arrivals") → key' = mix(key ⊕ FNV-1a("arrivals")) → an independent child stream
 * ```
 *
 * Sources: xoshiro128** 1.1 by Blackman and Vigna, https://prng.di.unimi.it/xoshiro128starstar.c
 * (period 2^128 − 1, passes BigCrush); splitmix64 by Vigna, https://prng.di.unimi.it/splitmix64.c,
 * the seeding the xoshiro authors recommend; FNV-1a 64 from Fowler, Noll and Vo,
 * http://www.isthe.com/chongo/tech/comp/fnv/; 53-bit floats as `genrand_res53()` in
 * Matsumoto and Nishimura's mt19937ar.c.
 *
 * `Math.log`, `Math.cos` and `Math.sqrt` used below are deterministic in V8 (fdlibm
 * ports and IEEE `sqrt`), so the float helpers replay exactly on every machine
 * running the same Deno.
 *
 * @example Same seed, same numbers; forks are independent
 * ```ts
 * import assert from "node:assert/strict";
 * import { Random } from "@src/sim/mod.ts";
 * const a = new Random(1);
 * const b = new Random(1);
 * assert.equal(a.next(), b.next());
 * const loss = a.fork("loss");
 * assert.equal(loss.next(), new Random(1).fork("loss").next());
 * assert.throws(() => new Random(undefined as unknown as number), TypeError);
 * ```
 *
 * @module
 */

const MASK64 = (1n << 64n) - 1n;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

// splitmix64 output function (Vigna): three xor-shift-multiply rounds on 64 bits.
function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

// FNV-1a 64: for each byte, h = (h xor byte) × 0x100000001b3 mod 2^64.
function fnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & MASK64;
  }
  return hash;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}

function seedKey(seed: unknown): bigint {
  if (typeof seed === "number" && Number.isSafeInteger(seed)) {
    return BigInt.asUintN(64, BigInt(seed));
  }
  if (typeof seed === "string" && seed.length > 0) return fnv1a64(seed);
  throw new TypeError(
    `Random needs a seed, an integer or a non-empty string: got ${describe(seed)}. ` +
      `Pass one explicitly, e.g. new Random(1) or new Random("chapter-3"), and keep it ` +
      `in the notebook's first cell so runs can be replayed.`,
  );
}

/**
 * A seeded stream of pseudo-random numbers (xoshiro128**, seeded by splitmix64).
 *
 * @example Draws a chapter needs
 * ```ts
 * import assert from "node:assert/strict";
 * import { Random } from "@src/sim/mod.ts";
 * const random = new Random("tcp-loss");
 * const die = random.int(1, 6);
 * assert.ok(Number.isInteger(die) && die >= 1 && die <= 6);
 * assert.equal(typeof random.bernoulli(0.01), "boolean");
 * assert.ok(random.exponential(2) >= 0);
 * ```
 */
export class Random {
  /** The seed given to the root stream (forks keep their root's seed). */
  readonly seed: number | string;
  /** Fork labels from the root to this stream; empty for the root. */
  readonly path: readonly string[];
  #key: bigint;
  // xoshiro128** state, four 32-bit words held as int32.
  #s0 = 0;
  #s1 = 0;
  #s2 = 0;
  #s3 = 0;

  /**
   * A stream from `seed`: a safe integer or a non-empty string, required. Anything
   * else (including no seed) is a `TypeError` that shows how to pass one.
   */
  constructor(seed: number | string) {
    this.#key = seedKey(seed);
    this.seed = seed;
    this.path = Object.freeze([]);
    this.#reset();
  }

  /**
   * A child stream derived from this stream's key and `label` alone, not from how many
   * numbers were drawn: adding a draw to one component never shifts another's. The
   * same label gives the same stream, so give each component its own label.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@src/sim/mod.ts";
   * const root = new Random(7);
   * const first = root.fork("arrivals").next();
   * root.next(); // drawing from the root does not change its forks
   * assert.equal(root.fork("arrivals").next(), first);
   * assert.notEqual(root.fork("service").next(), first);
   * assert.deepEqual(root.fork("arrivals").fork(2).path, ["arrivals", "2"]);
   * ```
   */
  fork(label: string | number): Random {
    if (typeof label === "number" ? !Number.isFinite(label) : typeof label !== "string") {
      throw new TypeError(
        `fork() needs a string or number label: got ${describe(label)}. ` +
          `Pass the component's name, e.g. random.fork("link-0").`,
      );
    }
    const text = String(label);
    const child = new Random(this.seed);
    Random.#rekey(child, mix64(this.#key ^ mix64(fnv1a64(text))), [...this.path, text]);
    return child;
  }

  /**
   * The next raw 32-bit output, an integer in [0, 2^32).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@src/sim/mod.ts";
   * const value = new Random(1).uint32();
   * assert.ok(Number.isInteger(value) && value >= 0 && value < 2 ** 32);
   * ```
   */
  uint32(): number {
    // xoshiro128** 1.1: result = rotl(s1 × 5, 7) × 9, then the xor-shift state update.
    const s0 = this.#s0;
    const s1 = this.#s1;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const s2 = this.#s2 ^ s0;
    const s3 = this.#s3 ^ s1;
    this.#s1 = s1 ^ s2;
    this.#s0 = s0 ^ s3;
    this.#s2 = s2 ^ t;
    this.#s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /**
   * A float in [0, 1), a multiple of 2^-53 (every double in range is reachable).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@src/sim/mod.ts";
   * const u = new Random(1).next();
   * assert.ok(u >= 0 && u < 1);
   * ```
   */
  next(): number {
    // genrand_res53: 27 high bits of one output and 26 of the next make 53 bits.
    const high = this.uint32() >>> 5;
    const low = this.uint32() >>> 6;
    return (high * 67108864 + low) / TWO_POW_53;
  }

  /**
   * A uniform integer in [lo, hi], both ends included (`int(1, 6)` is a die), with no
   * modulo bias (rejection sampling). Needs safe integers with hi − lo < 2^53.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@src/sim/mod.ts";
   * const random = new Random(3);
   * const rolls = Array.from({ length: 100 }, () => random.int(1, 6));
   * assert.ok(rolls.every((roll) => roll >= 1 && roll <= 6));
   * assert.equal(random.int(4, 4), 4);
   * ```
   */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
      throw new RangeError(
        `int(lo, hi) needs safe integers with lo ≤ hi: got int(${lo}, ${hi}). ` +
          `Both ends are included, e.g. int(1, 6) for a die.`,
      );
    }
    const count = hi - lo + 1;
    if (count <= TWO_POW_32) {
      // Accept only draws below the largest multiple of `count`, so every residue
      // is equally likely.
      const limit = TWO_POW_32 - (TWO_POW_32 % count);
      for (;;) {
        const draw = this.uint32();
        if (draw < limit) return lo + (draw % count);
      }
    }
    if (count > TWO_POW_53) {
      throw new RangeError(
        `int(${lo}, ${hi}) spans ${count} values, more than 2^53. Use a narrower range.`,
      );
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % count);
    for (;;) {
      const draw = (this.uint32() >>> 5) * 67108864 + (this.uint32() >>> 6);
      if (draw < limit) return lo + (draw % count);
    }
  }

  /**
   * A uniform float in [a, b): `a + (b − a) × next()`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@src/sim/mod.ts";
   * const jitter = new Random(1).uniform(-0.5, 0.5);
   * assert.ok(jitter >= -0.5 && jitter < 0.5);
   * ```
   */
  uniform(a: number, b: number): number {
    if (!Number.isFinite(a) || !Number.isFinite(b) || b < a) {
      throw new RangeError(
        `uniform(a, b) needs finite numbers with a ≤ b: got uniform(${a}, ${b}). ` +
          `Swap the bounds if they are reversed.`,
      );
    }
    return a + (b - a) * this.next();
  }

  /**
   * An exponential variate with the given rate (mean 1/rate), by inversion:
   * `−ln(1 − U) / rate`, U = next(). Times between Poisson arrivals. The result is a
   * float: round it (`Math.round`) to use it as a delay in nanoseconds.
   *
   * @example Poisson arrivals, mean gap 1 ms
   * ```ts
   * import assert from "node:assert/strict";
   * import { ms, Random } from "@src/sim/mod.ts";
   * const random = new Random(1);
   * const gap = Math.round(random.exponential(1 / ms(1)));
   * assert.ok(Number.isInteger(gap) && gap >= 0);
   * ```
   */
  exponential(rate: number): number {
    if (!(rate > 0) || rate === Infinity) {
      throw new RangeError(
        `exponential(rate) needs a finite rate > 0: got ${rate}. ` +
          `The mean is 1/rate; for a mean of 5 ms pass 1 / ms(5).`,
      );
    }
    return -Math.log(1 - this.next()) / rate;
  }

  /**
   * A normal (Gaussian) variate by the Box–Muller transform:
   * `mean + sd × √(−2 ln U1) × cos(2π U2)`, with U1 = 1 − next() ∈ (0, 1], U2 = next().
   * Uses two draws per call and keeps no spare, so the stream position is predictable.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@src/sim/mod.ts";
   * const random = new Random(1);
   * const sample = Array.from({ length: 1000 }, () => random.normal(10, 2));
   * const mean = sample.reduce((a, b) => a + b) / sample.length;
   * assert.ok(Math.abs(mean - 10) < 0.3);
   * ```
   */
  normal(mean = 0, sd = 1): number {
    if (!Number.isFinite(mean) || !Number.isFinite(sd) || sd < 0) {
      throw new RangeError(
        `normal(mean, sd) needs a finite mean and a finite sd ≥ 0: got normal(${mean}, ${sd}).`,
      );
    }
    const u1 = 1 - this.next();
    const u2 = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * True with probability p (`next() < p`): a coin that lands heads with chance p.
   *
   * @example A link that drops 1% of packets
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@src/sim/mod.ts";
   * const random = new Random(1);
   * assert.equal(random.bernoulli(0), false);
   * assert.equal(random.bernoulli(1), true);
   * ```
   */
  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(
        `bernoulli(p) needs a probability from 0 to 1: got ${p}. For a 1% loss pass 0.01.`,
      );
    }
    return this.next() < p;
  }

  /**
   * One element of a non-empty array, each equally likely.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@src/sim/mod.ts";
   * const node = new Random(1).choice(["node-a", "node-b", "node-c"]);
   * assert.ok(["node-a", "node-b", "node-c"].includes(node));
   * ```
   */
  choice<T>(items: readonly T[]): T {
    if (!Array.isArray(items) || items.length === 0) {
      throw new RangeError(
        `choice() needs a non-empty array: got ${
          Array.isArray(items) ? "an empty array" : describe(items)
        }. Check the list before choosing from it.`,
      );
    }
    return items[this.int(0, items.length - 1)];
  }

  /**
   * A shuffled copy of `items` (Fisher–Yates, Durstenfeld's in-place form on the
   * copy); the input is left untouched. Every order is equally likely.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@src/sim/mod.ts";
   * const nodes = ["a", "b", "c", "d"];
   * const order = new Random(1).shuffle(nodes);
   * assert.deepEqual([...order].sort(), nodes);
   * assert.deepEqual(nodes, ["a", "b", "c", "d"]);
   * ```
   */
  shuffle<T>(items: readonly T[]): T[] {
    if (!Array.isArray(items)) {
      throw new TypeError(`shuffle() needs an array: got ${describe(items)}.`);
    }
    const copy = items.slice();
    // For i from the end down: swap element i with a uniform pick from 0..i.
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const held = copy[i];
      copy[i] = copy[j];
      copy[j] = held;
    }
    return copy;
  }

  // Turn a freshly built stream into the child at `path` with `key`.
  static #rekey(target: Random, key: bigint, path: string[]): void {
    (target as { path: readonly string[] }).path = Object.freeze(path);
    target.#key = key;
    target.#reset();
  }

  // State from the key: two splitmix64 outputs split into four 32-bit words.
  #reset(): void {
    const GOLDEN = 0x9e3779b97f4a7c15n;
    const first = mix64((this.#key + GOLDEN) & MASK64);
    const second = mix64((this.#key + 2n * GOLDEN) & MASK64);
    this.#s0 = Number(first & 0xffffffffn) | 0;
    this.#s1 = Number(first >> 32n) | 0;
    this.#s2 = Number(second & 0xffffffffn) | 0;
    this.#s3 = Number(second >> 32n) | 0;
    // xoshiro must not start from the all-zero state (it would stay there).
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }
}
