/**
 * Summary statistics of a sample: pure functions over an array of numbers.
 *
 * After a run, a notebook reduces a column of the trace (RTTs, queueing delays, pod
 * start latencies) to a few numbers. Each function validates its input (a non-empty
 * array of non-NaN numbers) and leaves the array untouched. For streams too long to
 * keep, use `RunningStats`; for a level that changes over time, `TimeAverage`.
 *
 * Formulas, for values x₁ … xₙ:
 *
 * ```
 *   mean      x̄  = (Σ xᵢ) / n
 *   variance  s² = Σ (xᵢ − x̄)² / (n − 1)      sample (default; Python's statistics.variance)
 *             σ² = Σ (xᵢ − x̄)² / n            population (numpy.var's default)
 *   stddev       = √variance
 *   percentile p ∈ [0, 100], on the sorted values v₀ ≤ … ≤ vₙ₋₁ (numpy's default "linear",
 *   Hyndman & Fan 1996 type 7):
 *             h = (n − 1) · p / 100,  k = ⌊h⌋
 *             P = v_k + (h − k) · (v_{k+1} − v_k)        (P = v_{n−1} when k = n − 1)
 * ```
 *
 * Variance is computed in two passes (mean first, then squared deviations), which
 * avoids the cancellation of the one-pass Σx² − n·x̄² formula.
 *
 * @example Summarise round-trip times
 * ```ts
 * import assert from "node:assert/strict";
 * import { mean, percentile, stddev } from "@src/sim/mod.ts";
 * const rtt = [10, 12, 11, 30, 12];
 * assert.equal(mean(rtt), 15);
 * assert.equal(percentile(rtt, 50), 12);
 * assert.equal(stddev(rtt, { population: true }), Math.sqrt(56.8)); // (25+9+16+225+9)/5
 * ```
 *
 * @module
 */

function check(values: readonly number[], what: string, minimum = 1): void {
  if (!Array.isArray(values)) {
    throw new TypeError(
      `${what}() needs an array of numbers: got ${typeof values} ${String(values)}. ` +
        `Pass e.g. trace.column("rtt").`,
    );
  }
  if (values.length < minimum) {
    throw new RangeError(
      `${what}() needs at least ${minimum} value${minimum === 1 ? "" : "s"}: got ` +
        `${values.length}. Check that the run produced samples before summarising them.`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== "number") {
      throw new TypeError(
        `${what}() needs numbers: values[${i}] is ${typeof value} ${String(value)}. ` +
          `Convert or filter the column first.`,
      );
    }
    if (Number.isNaN(value)) {
      throw new RangeError(
        `${what}() cannot use NaN: values[${i}] is NaN. Filter out missing samples first.`,
      );
    }
  }
}

/**
 * Options for {@linkcode variance} and {@linkcode stddev}.
 *
 * @example
 * ```ts
 * import type { VarianceOptions } from "@src/sim/mod.ts";
 * const options: VarianceOptions = { population: true };
 * ```
 */
export interface VarianceOptions {
  /**
   * Divide by n (the values are the whole population) instead of n − 1 (a sample).
   *
   * @default {false}
   */
  population?: boolean;
}

/**
 * Sum of the values (plain left-to-right addition).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sum } from "@src/sim/mod.ts";
 * assert.equal(sum([1, 2, 3.5]), 6.5);
 * assert.equal(sum([]), 0);
 * ```
 */
export function sum(values: readonly number[]): number {
  check(values, "sum", 0);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

/**
 * Arithmetic mean, x̄ = Σxᵢ / n.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mean } from "@src/sim/mod.ts";
 * assert.equal(mean([2, 4, 9]), 5);
 * ```
 */
export function mean(values: readonly number[]): number {
  check(values, "mean");
  return sum(values) / values.length;
}

/**
 * Variance: sample (n − 1, needs two values) by default, population (n) on request.
 *
 * @example Hand-computed: deviations from 5 are −3, −1, −1, −1, 0, 0, 2, 4
 * ```ts
 * import assert from "node:assert/strict";
 * import { variance } from "@src/sim/mod.ts";
 * const values = [2, 4, 4, 4, 5, 5, 7, 9]; // Σ squared deviations = 32
 * assert.equal(variance(values, { population: true }), 4); // 32 / 8
 * assert.equal(variance(values), 32 / 7);
 * ```
 */
export function variance(values: readonly number[], options: VarianceOptions = {}): number {
  const { population = false } = options;
  check(values, "variance", population ? 1 : 2);
  const average = mean(values);
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const deviation = values[i] - average;
    squares += deviation * deviation;
  }
  return squares / (population ? values.length : values.length - 1);
}

/**
 * Standard deviation, √variance, with the same options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stddev } from "@src/sim/mod.ts";
 * assert.equal(stddev([2, 4, 4, 4, 5, 5, 7, 9], { population: true }), 2);
 * ```
 */
export function stddev(values: readonly number[], options: VarianceOptions = {}): number {
  return Math.sqrt(variance(values, options));
}

/**
 * Smallest value (a loop, so it works on arrays too long for `Math.min(...values)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { min } from "@src/sim/mod.ts";
 * assert.equal(min([3, -1, 2]), -1);
 * ```
 */
export function min(values: readonly number[]): number {
  check(values, "min");
  let smallest = values[0];
  for (let i = 1; i < values.length; i++) if (values[i] < smallest) smallest = values[i];
  return smallest;
}

/**
 * Largest value (a loop, so it works on arrays too long for `Math.max(...values)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { max } from "@src/sim/mod.ts";
 * assert.equal(max([3, -1, 2]), 3);
 * ```
 */
export function max(values: readonly number[]): number {
  check(values, "max");
  let largest = values[0];
  for (let i = 1; i < values.length; i++) if (values[i] > largest) largest = values[i];
  return largest;
}

// Percentile of already-sorted values, linear interpolation (type 7); see module comment.
function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p / 100;
  const k = Math.floor(h);
  if (k >= sorted.length - 1) return sorted[sorted.length - 1];
  return sorted[k] + (h - k) * (sorted[k + 1] - sorted[k]);
}

function checkPercent(p: number): void {
  if (typeof p !== "number" || !(p >= 0 && p <= 100)) {
    throw new RangeError(
      `percentile p must be a number from 0 to 100: got ${p}. For the 99th percentile pass 99.`,
    );
  }
}

// A typed array sorts numerically by default (a plain array would sort as strings).
function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * The p-th percentile (p from 0 to 100) by linear interpolation between the two
 * nearest ranks, numpy's default; see the module comment for the formula. The input
 * need not be sorted.
 *
 * @example Hand-computed: sorted [10, 20, 30, 40], h = 3·p/100
 * ```ts
 * import assert from "node:assert/strict";
 * import { percentile } from "@src/sim/mod.ts";
 * const values = [40, 10, 30, 20];
 * assert.equal(percentile(values, 0), 10);
 * assert.equal(percentile(values, 50), 25); // h = 1.5: 20 + 0.5·(30 − 20)
 * assert.equal(percentile(values, 90), 37); // h = 2.7: 30 + 0.7·(40 − 30)
 * assert.equal(percentile(values, 100), 40);
 * ```
 */
export function percentile(values: readonly number[], p: number): number {
  check(values, "percentile");
  checkPercent(p);
  return percentileOfSorted(sortedCopy(values), p);
}

/**
 * Several percentiles at once, sorting the values only once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { percentiles } from "@src/sim/mod.ts";
 * assert.deepEqual(percentiles([1, 2, 3, 4, 5], [25, 50, 75]), [2, 3, 4]);
 * ```
 */
export function percentiles(values: readonly number[], ps: readonly number[]): number[] {
  check(values, "percentiles");
  if (!Array.isArray(ps)) {
    throw new TypeError(
      `percentiles() needs an array of percents: got ${String(ps)}. Pass e.g. [50, 90, 99].`,
    );
  }
  ps.forEach(checkPercent);
  const sorted = sortedCopy(values);
  return ps.map((p) => percentileOfSorted(sorted, p));
}

/**
 * The usual one-line description of a sample, as a flat row ready for a table.
 *
 * @example
 * ```ts
 * import { summarize } from "@src/sim/mod.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(summarize([1, 2, 3, 4, 5]), {
 *   count: 5, mean: 3, stddev: Math.sqrt(2.5), min: 1, p50: 3, p90: 4.6, p99: 4.96, max: 5,
 * });
 * ```
 */
export interface Summary {
  /** Number of values. */
  readonly count: number;
  /** Arithmetic mean. */
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  readonly stddev: number;
  /** Smallest value. */
  readonly min: number;
  /** Median (50th percentile). */
  readonly p50: number;
  /** 90th percentile. */
  readonly p90: number;
  /** 99th percentile. */
  readonly p99: number;
  /** Largest value. */
  readonly max: number;
}

/**
 * Count, mean, sample stddev, min, p50, p90, p99 and max of a sample, in one row.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summarize } from "@src/sim/mod.ts";
 * const summary = summarize([12, 10, 11]);
 * assert.equal(summary.count, 3);
 * assert.equal(summary.p50, 11);
 * assert.equal(summary.stddev, 1);
 * ```
 */
export function summarize(values: readonly number[]): Summary {
  check(values, "summarize");
  const sorted = sortedCopy(values);
  return {
    count: values.length,
    mean: mean(values),
    stddev: values.length < 2 ? 0 : stddev(values),
    min: sorted[0],
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p99: percentileOfSorted(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}
