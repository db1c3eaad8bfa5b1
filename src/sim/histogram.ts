/**
 * Histograms: counts of values in equal-width bins, as tidy rows for a bar chart.
 *
 * The distribution of a delay says more than its mean: a bimodal RTT (cache hit or
 * miss, fast path or retransmission) hides behind a single average. A histogram
 * splits [min, max] into `bins` equal bins; values outside land in `underflow` or
 * `overflow` rather than vanishing.
 *
 * ```
 *   width = (max − min) / bins
 *   bin i covers [min + i·width, min + (i+1)·width)     the last bin also includes max
 *   index(x) = ⌊(x − min) / width⌋
 *
 *   min=0 max=10 bins=5:   [0,2) [2,4) [4,6) [6,8) [8,10]
 *   add(3), add(3.9), add(10), add(-1):   0  2  0  0  1    underflow 1
 * ```
 *
 * @example Bin delays and chart them
 * ```ts
 * import assert from "node:assert/strict";
 * import { Histogram } from "@src/sim/mod.ts";
 * const delays = new Histogram(0, 10, { bins: 5 });
 * for (const delay of [3, 3.9, 10, -1]) delays.add(delay);
 * assert.deepEqual(delays.counts, [0, 2, 0, 0, 1]);
 * assert.equal(delays.underflow, 1);
 * // Plot.rectY(delays.rows(), { x1: "x0", x2: "x1", y: "count" })
 * assert.deepEqual(delays.rows()[1], { x0: 2, x1: 4, count: 2 });
 * ```
 *
 * @module
 */

/**
 * Options for {@linkcode Histogram}.
 *
 * @example
 * ```ts
 * import type { HistogramOptions } from "@src/sim/mod.ts";
 * const options: HistogramOptions = { bins: 50 };
 * ```
 */
export interface HistogramOptions {
  /**
   * Number of equal-width bins between min and max.
   *
   * @default {10}
   */
  bins?: number;
}

/**
 * One bin as a flat row: `[x0, x1)` and how many values fell in it.
 *
 * @example
 * ```ts
 * import type { HistogramRow } from "@src/sim/mod.ts";
 * const row: HistogramRow = { x0: 0, x1: 2, count: 7 };
 * ```
 */
export interface HistogramRow {
  /** Lower edge (included). */
  readonly x0: number;
  /** Upper edge (excluded, except for the last bin). */
  readonly x1: number;
  /** Values in the bin. */
  readonly count: number;
}

/**
 * Fixed-range, equal-width histogram; see the module comment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Histogram } from "@src/sim/mod.ts";
 * const histogram = new Histogram(0, 1, { bins: 4 });
 * histogram.add(0.3);
 * assert.deepEqual(histogram.counts, [0, 1, 0, 0]);
 * assert.throws(() => new Histogram(5, 5), RangeError);
 * ```
 */
export class Histogram {
  /** Lower edge of the first bin. */
  readonly min: number;
  /** Upper edge of the last bin (included in it). */
  readonly max: number;
  /** Width of every bin: (max − min) / bins. */
  readonly width: number;
  #counts: number[];
  #underflow = 0;
  #overflow = 0;

  /** Empty bins over [min, max]; `RangeError` unless min < max are finite and bins ≥ 1. */
  constructor(min: number, max: number, options: HistogramOptions = {}) {
    const { bins = 10 } = options;
    if (!Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
      throw new RangeError(
        `Histogram needs finite bounds with min < max: got min ${min}, max ${max}. ` +
          `Pass e.g. new Histogram(0, 100).`,
      );
    }
    if (!Number.isSafeInteger(bins) || bins < 1) {
      throw new RangeError(
        `Histogram option bins must be a positive integer: got ${bins}. Pass e.g. { bins: 20 }.`,
      );
    }
    this.min = min;
    this.max = max;
    this.width = (max - min) / bins;
    this.#counts = new Array<number>(bins).fill(0);
  }

  /**
   * Count one value: in its bin, or in `underflow`/`overflow` when out of range.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Histogram } from "@src/sim/mod.ts";
   * const histogram = new Histogram(0, 10, { bins: 2 });
   * histogram.add(10);
   * histogram.add(11);
   * assert.deepEqual([histogram.counts[1], histogram.overflow], [1, 1]);
   * ```
   */
  add(value: number): void {
    if (typeof value !== "number" || Number.isNaN(value)) {
      throw new RangeError(
        `Histogram.add() needs a number: got ${typeof value} ${String(value)}. ` +
          `Skip missing samples instead of adding them.`,
      );
    }
    if (value < this.min) {
      this.#underflow++;
    } else if (value > this.max) {
      this.#overflow++;
    } else {
      const counts = this.#counts;
      // Clamp: x = max belongs to the last bin, and rounding may push x near max past it.
      const index = Math.min(Math.floor((value - this.min) / this.width), counts.length - 1);
      counts[index]++;
    }
  }

  /**
   * Count per bin, lowest bin first.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Histogram } from "@src/sim/mod.ts";
   * assert.deepEqual(new Histogram(0, 3, { bins: 3 }).counts, [0, 0, 0]);
   * ```
   */
  get counts(): readonly number[] {
    return this.#counts;
  }

  /**
   * Values below `min`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Histogram } from "@src/sim/mod.ts";
   * const histogram = new Histogram(0, 1);
   * histogram.add(-5);
   * assert.equal(histogram.underflow, 1);
   * ```
   */
  get underflow(): number {
    return this.#underflow;
  }

  /**
   * Values above `max`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Histogram } from "@src/sim/mod.ts";
   * const histogram = new Histogram(0, 1);
   * histogram.add(5);
   * assert.equal(histogram.overflow, 1);
   * ```
   */
  get overflow(): number {
    return this.#overflow;
  }

  /**
   * Every value added, in range or not.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Histogram } from "@src/sim/mod.ts";
   * const histogram = new Histogram(0, 1);
   * histogram.add(0.5);
   * histogram.add(7);
   * assert.equal(histogram.total, 2);
   * ```
   */
  get total(): number {
    let total = this.#underflow + this.#overflow;
    for (const count of this.#counts) total += count;
    return total;
  }

  /**
   * One flat row per bin, `{x0, x1, count}`, ready for
   * `Plot.rectY(rows, {x1: "x0", x2: "x1", y: "count"})`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Histogram } from "@src/sim/mod.ts";
   * const histogram = new Histogram(0, 4, { bins: 2 });
   * histogram.add(1);
   * assert.deepEqual(histogram.rows(), [{ x0: 0, x1: 2, count: 1 }, { x0: 2, x1: 4, count: 0 }]);
   * ```
   */
  rows(): HistogramRow[] {
    const last = this.#counts.length - 1;
    return this.#counts.map((count, i) => ({
      x0: this.min + i * this.width,
      x1: i === last ? this.max : this.min + (i + 1) * this.width,
      count,
    }));
  }
}
