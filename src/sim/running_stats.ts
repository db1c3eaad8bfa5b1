/**
 * Running statistics: mean, variance, min and max of a stream, in constant memory.
 *
 * A million-customer queue produces a million delays; keeping them all just to take
 * a mean wastes memory. `RunningStats` folds each value in as it arrives with
 * Welford's algorithm (Welford 1962; Knuth, TAOCP vol. 2, §4.2.2), which stays
 * accurate where the naive Σx² − n·x̄² loses digits:
 *
 * ```
 *   n ← n + 1
 *   δ ← x − mean
 *   mean ← mean + δ / n
 *   M2 ← M2 + δ · (x − mean)          (uses the updated mean)
 *   variance = M2 / (n − 1)  (sample)   or   M2 / n  (population)
 * ```
 *
 * Percentiles need the whole sample: keep the values and use `percentile()` for those.
 *
 * @example Mean delay without storing the delays
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunningStats } from "@src/sim/mod.ts";
 * const delays = new RunningStats();
 * for (const delay of [2, 4, 4, 4, 5, 5, 7, 9]) delays.add(delay);
 * assert.equal(delays.mean, 5);
 * assert.equal(delays.variance({ population: true }), 4);
 * ```
 *
 * @module
 */

import type { VarianceOptions } from "./stats.ts";

/**
 * Welford accumulator over a stream of numbers; see the module comment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunningStats } from "@src/sim/mod.ts";
 * const stats = new RunningStats();
 * stats.add(1);
 * stats.add(3);
 * assert.deepEqual([stats.count, stats.mean, stats.min, stats.max, stats.sum], [2, 2, 1, 3, 4]);
 * ```
 */
export class RunningStats {
  #count = 0;
  #mean = 0;
  #m2 = 0;
  #sum = 0;
  #min = Infinity;
  #max = -Infinity;

  /**
   * Fold one value in. NaN or a non-number is rejected (it would poison every result).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RunningStats } from "@src/sim/mod.ts";
   * const stats = new RunningStats();
   * stats.add(10);
   * assert.throws(() => stats.add(NaN), RangeError);
   * ```
   */
  add(value: number): void {
    if (typeof value !== "number" || Number.isNaN(value)) {
      throw new RangeError(
        `RunningStats.add() needs a number: got ${typeof value} ${String(value)} after ` +
          `${this.#count} values. Skip missing samples instead of adding them.`,
      );
    }
    const count = ++this.#count;
    const delta = value - this.#mean;
    this.#mean += delta / count;
    this.#m2 += delta * (value - this.#mean);
    this.#sum += value;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
  }

  /**
   * Values added so far.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RunningStats } from "@src/sim/mod.ts";
   * assert.equal(new RunningStats().count, 0);
   * ```
   */
  get count(): number {
    return this.#count;
  }

  /**
   * Sum of the values added.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RunningStats } from "@src/sim/mod.ts";
   * const stats = new RunningStats();
   * stats.add(2);
   * stats.add(5);
   * assert.equal(stats.sum, 7);
   * ```
   */
  get sum(): number {
    return this.#sum;
  }

  /**
   * Mean of the values added; NaN before the first value.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RunningStats } from "@src/sim/mod.ts";
   * const stats = new RunningStats();
   * assert.ok(Number.isNaN(stats.mean));
   * stats.add(4);
   * assert.equal(stats.mean, 4);
   * ```
   */
  get mean(): number {
    return this.#count === 0 ? NaN : this.#mean;
  }

  /**
   * Smallest value added; `Infinity` before the first.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RunningStats } from "@src/sim/mod.ts";
   * const stats = new RunningStats();
   * stats.add(4);
   * stats.add(-2);
   * assert.equal(stats.min, -2);
   * ```
   */
  get min(): number {
    return this.#min;
  }

  /**
   * Largest value added; `-Infinity` before the first.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RunningStats } from "@src/sim/mod.ts";
   * const stats = new RunningStats();
   * stats.add(4);
   * stats.add(-2);
   * assert.equal(stats.max, 4);
   * ```
   */
  get max(): number {
    return this.#max;
  }

  /**
   * Variance, sample (n − 1) by default; NaN when too few values (fewer than two for
   * a sample, none for a population).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RunningStats } from "@src/sim/mod.ts";
   * const stats = new RunningStats();
   * for (const value of [1, 2, 3, 4]) stats.add(value);
   * assert.equal(stats.variance(), 5 / 3);
   * assert.equal(stats.variance({ population: true }), 1.25);
   * ```
   */
  variance(options: VarianceOptions = {}): number {
    const { population = false } = options;
    const divisor = population ? this.#count : this.#count - 1;
    return divisor <= 0 ? NaN : this.#m2 / divisor;
  }

  /**
   * Standard deviation, √variance, with the same options.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RunningStats } from "@src/sim/mod.ts";
   * const stats = new RunningStats();
   * for (const value of [2, 4, 4, 4, 5, 5, 7, 9]) stats.add(value);
   * assert.equal(stats.stddev({ population: true }), 2);
   * ```
   */
  stddev(options: VarianceOptions = {}): number {
    return Math.sqrt(this.variance(options));
  }
}
