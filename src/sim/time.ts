/**
 * Simulated time: an integer number of nanoseconds.
 *
 * Every model in StackLab measures time on one integer clock, owned by the
 * `Simulation` and advanced only by its event loop. Integers keep runs exact and
 * reproducible: `0.1 + 0.2` never drifts an event past its neighbour. A JS number
 * holds integers exactly up to 2^53 ns, about 104 simulated days.
 *
 * Build durations with the unit helpers (`ms(5)` is 5 000 000), read them back for
 * charts with `toMilliseconds()`/`toSeconds()`, and print them with `formatTime()`.
 *
 * ```
 *   1 ns ── ×1000 ──▶ 1 µs ── ×1000 ──▶ 1 ms ── ×1000 ──▶ 1 s ── ×60 ──▶ 1 min ── ×60 ──▶ 1 h
 * ```
 *
 * @example Convert and print
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatTime, ms, toMilliseconds, us } from "@src/sim/mod.ts";
 * const t = ms(1) + us(500);
 * assert.equal(t, 1_500_000);
 * assert.equal(toMilliseconds(t), 1.5);
 * assert.equal(formatTime(t), "1.5 ms");
 * ```
 *
 * @module
 */

/**
 * A point in simulated time or a duration: an integer count of nanoseconds.
 *
 * @example
 * ```ts
 * import type { Time } from "@src/sim/mod.ts";
 * const rtt: Time = 20_000_000;
 * ```
 */
export type Time = number;

/**
 * One nanosecond, the clock's tick.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NANOSECOND } from "@src/sim/mod.ts";
 * assert.equal(NANOSECOND, 1);
 * ```
 */
export const NANOSECOND = 1;
/**
 * One microsecond in nanoseconds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MICROSECOND } from "@src/sim/mod.ts";
 * assert.equal(MICROSECOND, 1_000);
 * ```
 */
export const MICROSECOND = 1_000;
/**
 * One millisecond in nanoseconds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MILLISECOND } from "@src/sim/mod.ts";
 * assert.equal(MILLISECOND, 1_000_000);
 * ```
 */
export const MILLISECOND = 1_000_000;
/**
 * One second in nanoseconds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SECOND } from "@src/sim/mod.ts";
 * assert.equal(SECOND, 1e9);
 * ```
 */
export const SECOND = 1_000_000_000;
/**
 * One minute in nanoseconds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MINUTE, SECOND } from "@src/sim/mod.ts";
 * assert.equal(MINUTE, 60 * SECOND);
 * ```
 */
export const MINUTE = 60 * SECOND;
/**
 * One hour in nanoseconds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HOUR, MINUTE } from "@src/sim/mod.ts";
 * assert.equal(HOUR, 60 * MINUTE);
 * ```
 */
export const HOUR = 60 * MINUTE;

/**
 * Names `formatTime()` accepts for a unit; `"us"` is an ASCII spelling of `"µs"`.
 *
 * @example
 * ```ts
 * import type { TimeUnit } from "@src/sim/mod.ts";
 * const axis: TimeUnit = "ms";
 * ```
 */
export type TimeUnit = "ns" | "µs" | "us" | "ms" | "s" | "min" | "h";

const UNIT_SIZE: Readonly<Record<TimeUnit, number>> = {
  ns: NANOSECOND,
  "µs": MICROSECOND,
  us: MICROSECOND,
  ms: MILLISECOND,
  s: SECOND,
  min: MINUTE,
  h: HOUR,
};

// Largest first: formatTime() picks the first unit not larger than the value.
const AUTO_UNITS: readonly TimeUnit[] = ["h", "min", "s", "ms", "µs", "ns"];

function scale(value: number, unit: number, helper: string): Time {
  if (typeof value !== "number") {
    throw new TypeError(
      `${helper}() needs a number: got ${typeof value} ${String(value)}. Pass e.g. ${helper}(5).`,
    );
  }
  const result = Math.round(value * unit);
  if (!Number.isSafeInteger(result)) {
    throw new RangeError(
      `${helper}(${value}) is ${value * unit} ns, outside the exact integer range ` +
        `(±${Number.MAX_SAFE_INTEGER} ns, about 104 days). Pass a finite, smaller value.`,
    );
  }
  return result;
}

/**
 * Nanoseconds as a `Time`, rounded to a whole nanosecond.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ns } from "@src/sim/mod.ts";
 * assert.equal(ns(42), 42);
 * ```
 */
export function ns(value: number): Time {
  return scale(value, NANOSECOND, "ns");
}

/**
 * Microseconds as a `Time` in nanoseconds, rounded to a whole nanosecond.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { us } from "@src/sim/mod.ts";
 * assert.equal(us(2.5), 2_500);
 * ```
 */
export function us(value: number): Time {
  return scale(value, MICROSECOND, "us");
}

/**
 * Milliseconds as a `Time` in nanoseconds, rounded to a whole nanosecond.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms } from "@src/sim/mod.ts";
 * assert.equal(ms(5), 5_000_000);
 * ```
 */
export function ms(value: number): Time {
  return scale(value, MILLISECOND, "ms");
}

/**
 * Seconds as a `Time` in nanoseconds, rounded to a whole nanosecond.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seconds } from "@src/sim/mod.ts";
 * assert.equal(seconds(0.25), 250_000_000);
 * ```
 */
export function seconds(value: number): Time {
  return scale(value, SECOND, "seconds");
}

/**
 * Minutes as a `Time` in nanoseconds, rounded to a whole nanosecond.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { minutes } from "@src/sim/mod.ts";
 * assert.equal(minutes(2), 120e9);
 * ```
 */
export function minutes(value: number): Time {
  return scale(value, MINUTE, "minutes");
}

/**
 * Hours as a `Time` in nanoseconds, rounded to a whole nanosecond.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hours } from "@src/sim/mod.ts";
 * assert.equal(hours(1), 3_600e9);
 * ```
 */
export function hours(value: number): Time {
  return scale(value, HOUR, "hours");
}

/**
 * A `Time` in seconds (a float), for chart axes and formulas.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toSeconds } from "@src/sim/mod.ts";
 * assert.equal(toSeconds(1_500_000_000), 1.5);
 * ```
 */
export function toSeconds(time: Time): number {
  return time / SECOND;
}

/**
 * A `Time` in milliseconds (a float), for chart axes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toMilliseconds } from "@src/sim/mod.ts";
 * assert.equal(toMilliseconds(2_500_000), 2.5);
 * ```
 */
export function toMilliseconds(time: Time): number {
  return time / MILLISECOND;
}

/**
 * A `Time` in microseconds (a float), for chart axes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toMicroseconds } from "@src/sim/mod.ts";
 * assert.equal(toMicroseconds(1_500), 1.5);
 * ```
 */
export function toMicroseconds(time: Time): number {
  return time / MICROSECOND;
}

/**
 * Options for {@linkcode formatTime}.
 *
 * @example
 * ```ts
 * import type { FormatTimeOptions } from "@src/sim/mod.ts";
 * const options: FormatTimeOptions = { unit: "ms", digits: 1 };
 * ```
 */
export interface FormatTimeOptions {
  /**
   * Unit to print in; by default the largest unit the value reaches.
   *
   * @default {undefined} (automatic)
   */
  unit?: TimeUnit;
  /**
   * Most digits after the decimal point; trailing zeros are dropped.
   *
   * @default {3}
   */
  digits?: number;
}

/**
 * Print a `Time` with a unit a human reads at a glance: `"1.5 ms"`, `"250 ns"`.
 *
 * @example Automatic and fixed units
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatTime } from "@src/sim/mod.ts";
 * assert.equal(formatTime(250), "250 ns");
 * assert.equal(formatTime(1_234_567), "1.235 ms");
 * assert.equal(formatTime(90e9), "1.5 min");
 * assert.equal(formatTime(1_500_000, { unit: "us" }), "1500 µs");
 * assert.equal(formatTime(1_234_567, { digits: 1 }), "1.2 ms");
 * ```
 */
export function formatTime(time: Time, options: FormatTimeOptions = {}): string {
  const { unit, digits = 3 } = options;
  if (typeof time !== "number" || !Number.isFinite(time)) {
    throw new TypeError(
      `formatTime() needs a finite number of nanoseconds: got ${String(time)}. ` +
        `Pass a Time such as sim.now.`,
    );
  }
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new RangeError(
      `formatTime() option digits must be an integer from 0 to 20: got ${digits}. ` +
        `Pass e.g. { digits: 3 }.`,
    );
  }
  if (unit !== undefined && !(unit in UNIT_SIZE)) {
    throw new RangeError(
      `formatTime() option unit must be one of ${Object.keys(UNIT_SIZE).join(", ")}: ` +
        `got ${String(unit)}. Pass e.g. { unit: "ms" }.`,
    );
  }
  const chosen = unit ?? AUTO_UNITS.find((name) => Math.abs(time) >= UNIT_SIZE[name]) ?? "ns";
  const label = chosen === "us" ? "µs" : chosen;
  // toFixed then Number() drops trailing zeros: 1.500 -> "1.5".
  const value = Number((time / UNIT_SIZE[chosen]).toFixed(digits));
  return `${value} ${label}`;
}

/**
 * Check that a value is a valid delay or instant: a non-negative safe integer of
 * nanoseconds. Returns it unchanged, or throws `TypeError` (not a number) or
 * `RangeError` (fractional, negative or too large) naming `what`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertDuration } from "@src/sim/mod.ts";
 * assert.equal(assertDuration(5, "link delay"), 5);
 * assert.throws(() => assertDuration(1.5, "link delay"), RangeError);
 * assert.throws(() => assertDuration(-1, "link delay"), RangeError);
 * ```
 */
export function assertDuration(value: unknown, what: string): Time {
  if (typeof value !== "number") {
    throw new TypeError(
      `${what} must be a number of nanoseconds: got ${typeof value} ${String(value)}. ` +
        `Build one with ms(), us() or seconds().`,
    );
  }
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(
      `${what} must be a whole number of nanoseconds: got ${value}. ` +
        `Round it with Math.round() or build it with ms(), us() or seconds().`,
    );
  }
  if (value < 0) {
    throw new RangeError(
      `${what} must not be negative: got ${value} ns. Simulated time only moves forward; ` +
        `pass 0 to act at the current instant.`,
    );
  }
  return value;
}
