/**
 * Comparators: how a check decides whether a learner's answer is right, and how it says
 * so without giving the answer away.
 *
 * A comparator holds the expected value privately and returns a {@link Verdict}: pass or
 * fail, what a right answer looks like *in words* ("a whole number, decimal or 0x hex"),
 * what is wrong with this one ("your value is too high"), and per-field or per-case
 * details. Verdicts never contain the expected value (function tests are the exception:
 * they show the expected output of one test case, since the answer is the function).
 *
 *   answer ──▶ comparator.compare(answer) ──▶ Verdict {pass, expected, problem?, details?}
 *                                                  │
 *                          exercise(...).check(answer) adds attempts, hints, a card
 *
 * This file: numbers with a tolerance, exact integers in any base, normalised text, and
 * custom predicates. Other files: IPv4 forms, deep equality, function tests.
 *
 * @module
 */

import { preview } from "./_describe.ts";
import { isPlaceholder } from "./placeholder.ts";

/**
 * The outcome of comparing one answer.
 *
 * @example
 * ```ts
 * import type { Verdict } from "./compare.ts";
 * const verdict: Verdict = { pass: false, expected: "a whole number", problem: "got 3.5" };
 * ```
 */
export interface Verdict {
  /** Whether the answer is right. */
  readonly pass: boolean;
  /** What a right answer looks like, in words; never the answer itself. */
  readonly expected: string;
  /** What is wrong with this answer (absent when it passes). */
  readonly problem?: string;
  /** Per-field or per-case differences, first few only. */
  readonly details?: readonly string[];
  /** True when the answer is still a placeholder (`TODO`, `undefined`). */
  readonly notAnswered?: boolean;
}

/**
 * A reusable check of one answer against a hidden expected value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integer, type Comparator } from "./compare.ts";
 * const comparator: Comparator = integer(42);
 * assert.equal(comparator.compare("0x2a").pass, true);
 * ```
 */
export interface Comparator {
  /** What a right answer looks like, in words. */
  readonly expected: string;
  /** Texts that would reveal the answer; hints and messages must not contain them. */
  readonly secrets: readonly string[];
  /** Compare one answer. Never throws for a learner's value. */
  compare(answer: unknown): Verdict;
}

/**
 * Whether `value` is a {@link Comparator}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integer, isComparator } from "./compare.ts";
 * assert.ok(isComparator(integer(1)));
 * assert.ok(!isComparator(1));
 * ```
 */
export function isComparator(value: unknown): value is Comparator {
  return typeof value === "object" && value !== null &&
    typeof (value as Comparator).compare === "function" &&
    typeof (value as Comparator).expected === "string";
}

/** The "not answered yet" verdict shared by every comparator. */
export function notAnswered(expected: string): Verdict {
  return {
    pass: false,
    notAnswered: true,
    expected,
    problem: "not answered yet: replace TODO with your answer and run the cell again",
  };
}

/**
 * Options for {@link approx}.
 *
 * @example
 * ```ts
 * import type { ApproxOptions } from "./compare.ts";
 * const options: ApproxOptions = { relative: 0.05, unit: "ms" };
 * ```
 */
export interface ApproxOptions {
  /** Largest accepted |answer − expected|, in the answer's unit. @default 0 */
  absolute?: number;
  /** Largest accepted |answer − expected| / |expected|. @default 0.01 (1%) */
  relative?: number;
  /** Unit named in messages, e.g. "ms". @default "" */
  unit?: string;
  /** Words for a right answer. @default "a number within <tolerance> of the correct value" */
  describe?: string;
}

function toNumber(answer: unknown): number | undefined {
  if (typeof answer === "number") return answer;
  if (typeof answer === "bigint") return Number(answer);
  if (typeof answer === "string" && answer.trim() !== "" && Number.isFinite(Number(answer))) {
    return Number(answer);
  }
  return undefined;
}

/**
 * Accept a number close to `expected` — for physical quantities (delays, rates), where
 * rounding differs between learners. Passes when
 *
 *     |answer − expected| ≤ max(absolute, relative × |expected|)      (as Python's isclose)
 *
 * Numeric strings ("12.5") are accepted. A wrong answer learns whether it is too high or
 * too low, never by how much.
 *
 * @example Transmission delay of 1500 bytes at 100 Mbit/s, in µs
 * ```ts
 * import assert from "node:assert/strict";
 * import { approx } from "./compare.ts";
 * const delay = approx(120, { relative: 0.01, unit: "µs" });
 * assert.equal(delay.compare(120.4).pass, true);
 * assert.equal(delay.compare(12).problem, "your 12 µs is too low");
 * assert.ok(!delay.compare(12).expected.includes("120"));
 * ```
 */
export function approx(expected: number, options: ApproxOptions = {}): Comparator {
  const absolute = options.absolute ?? 0;
  const relative = options.relative ?? 0.01;
  const unit = options.unit ? ` ${options.unit}` : "";
  if (!Number.isFinite(expected)) {
    throw new RangeError(`approx() needs a finite expected number: got ${expected}. Pass one.`);
  }
  if (
    !(absolute >= 0 && relative >= 0) || (absolute === 0 && relative * Math.abs(expected) === 0)
  ) {
    throw new RangeError(
      `approx(${expected}) has no room for rounding: absolute ${absolute}, relative ${relative}. ` +
        `Pass a tolerance > 0, e.g. { absolute: 0.001 } when the expected value is 0.`,
    );
  }
  const tolerance = relative > 0 && absolute === 0
    ? `${relative * 100}%`
    : relative === 0
    ? `±${absolute}${unit}`
    : `±${absolute}${unit} or ${relative * 100}%`;
  const words = options.describe ?? `a number${unit} within ${tolerance} of the correct value`;
  return {
    expected: words,
    secrets: [String(expected)],
    compare(answer) {
      if (isPlaceholder(answer)) return notAnswered(words);
      const value = toNumber(answer);
      if (value === undefined || Number.isNaN(value)) {
        return { pass: false, expected: words, problem: `got ${preview(answer)}, not a number` };
      }
      const limit = Math.max(absolute, relative * Math.abs(expected));
      if (Math.abs(value - expected) <= limit) return { pass: true, expected: words };
      const direction = value > expected ? "high" : "low";
      return { pass: false, expected: words, problem: `your ${value}${unit} is too ${direction}` };
    },
  };
}

/**
 * Options for {@link integer}.
 *
 * @example
 * ```ts
 * import type { IntegerOptions } from "./compare.ts";
 * const options: IntegerOptions = { describe: "the checksum as a 16-bit number" };
 * ```
 */
export interface IntegerOptions {
  /** Words for a right answer. @default "a whole number (decimal, 0x hex or 0b binary)" */
  describe?: string;
}

/**
 * Parse an integer answer in any of its written forms: a number, a bigint, or text in
 * decimal, `0x` hex, `0b` binary or `0o` octal (case, spaces and `_` ignored). Returns
 * `undefined` when the answer is not a whole number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseIntegerAnswer } from "./compare.ts";
 * assert.equal(parseIntegerAnswer("0x1C46"), 7238n);
 * assert.equal(parseIntegerAnswer("0b1_0000"), 16n);
 * assert.equal(parseIntegerAnswer(7238), 7238n);
 * assert.equal(parseIntegerAnswer(3.5), undefined);
 * ```
 */
export function parseIntegerAnswer(answer: unknown): bigint | undefined {
  if (typeof answer === "bigint") return answer;
  if (typeof answer === "number") return Number.isSafeInteger(answer) ? BigInt(answer) : undefined;
  if (typeof answer !== "string") return undefined;
  const text = answer.trim().replace(/_/g, "").toLowerCase();
  const match = /^(-?)(0x[0-9a-f]+|0b[01]+|0o[0-7]+|[0-9]+)$/.exec(text);
  if (!match) return undefined;
  const magnitude = BigInt(match[2]);
  return match[1] === "-" ? -magnitude : magnitude;
}

/**
 * Accept exactly the integer `expected`, written in any base: `integer(7238)` accepts
 * `7238`, `"0x1c46"`, `"0b1110001000110"` and `7238n`. An answer off by one says so
 * (the classic fence-post slip in sequence numbers and host counts).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integer } from "./compare.ts";
 * const checksum = integer(0x1c46);
 * assert.equal(checksum.compare("0x1c46").pass, true);
 * assert.equal(checksum.compare(7238).pass, true);
 * assert.match(checksum.compare(7239).problem ?? "", /off by one/);
 * assert.match(checksum.compare(72.5).problem ?? "", /not a whole number/);
 * ```
 */
export function integer(expected: number | bigint, options: IntegerOptions = {}): Comparator {
  const target = parseIntegerAnswer(expected);
  if (target === undefined) {
    throw new RangeError(
      `integer() needs a whole expected number: got ${expected}. Use approx() for fractions.`,
    );
  }
  const words = options.describe ?? "a whole number (decimal, 0x hex or 0b binary)";
  const secrets = [target.toString(), `0x${target.toString(16)}`];
  return {
    expected: words,
    secrets,
    compare(answer) {
      if (isPlaceholder(answer)) return notAnswered(words);
      const value = parseIntegerAnswer(answer);
      if (value === undefined) {
        const bareHex = typeof answer === "string" &&
          /^\s*[0-9a-f]*[a-f][0-9a-f]*\s*$/i.test(answer);
        return {
          pass: false,
          expected: words,
          problem: bareHex
            ? `got ${preview(answer)}: write hexadecimal with a 0x prefix`
            : `got ${preview(answer)}, not a whole number`,
        };
      }
      if (value === target) return { pass: true, expected: words };
      const offByOne = value - target === 1n || target - value === 1n;
      return {
        pass: false,
        expected: words,
        problem: offByOne
          ? `your ${preview(answer)} is off by one`
          : `your ${preview(answer)} is not the right value`,
      };
    },
  };
}

/**
 * Options for {@link text}.
 *
 * @example
 * ```ts
 * import type { TextOptions } from "./compare.ts";
 * const options: TextOptions = { caseSensitive: true, whitespace: "exact" };
 * ```
 */
export interface TextOptions {
  /** Whether "ETH0" differs from "eth0". @default false */
  caseSensitive?: boolean;
  /** "collapse" runs of spaces to one and trims; "ignore" drops them; "exact" keeps them. @default "collapse" */
  whitespace?: "collapse" | "ignore" | "exact";
  /** Words for a right answer. @default "a short text (case and extra spaces do not matter)" */
  describe?: string;
}

/**
 * Accept a string equal to `expected` after normalising case and whitespace.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { text } from "./compare.ts";
 * const layer = text("Transport layer");
 * assert.equal(layer.compare("  transport   LAYER ").pass, true);
 * assert.equal(layer.compare("network layer").pass, false);
 * ```
 */
export function text(expected: string, options: TextOptions = {}): Comparator {
  const caseSensitive = options.caseSensitive ?? false;
  const whitespace = options.whitespace ?? "collapse";
  const normalize = (value: string) => {
    const spaced = whitespace === "collapse"
      ? value.trim().replace(/\s+/g, " ")
      : whitespace === "ignore"
      ? value.replace(/\s+/g, "")
      : value;
    return caseSensitive ? spaced : spaced.toLowerCase();
  };
  const target = normalize(expected);
  const words = options.describe ??
    `a short text${caseSensitive ? "" : " (case and extra spaces do not matter)"}`;
  return {
    expected: words,
    secrets: [expected],
    compare(answer) {
      if (isPlaceholder(answer)) return notAnswered(words);
      if (typeof answer !== "string") {
        return { pass: false, expected: words, problem: `got ${preview(answer)}, not a string` };
      }
      return normalize(answer) === target ? { pass: true, expected: words } : {
        pass: false,
        expected: words,
        problem: `your ${preview(answer)} is not the right text`,
      };
    },
  };
}

/**
 * A custom check: `predicate(answer)` returns `true` (right), `false` (wrong) or a string
 * saying what is wrong. A predicate that throws counts as wrong, with its message.
 *
 * @example Any address inside 10.0.0.0/24 except the network and broadcast
 * ```ts
 * import assert from "node:assert/strict";
 * import { satisfies } from "./compare.ts";
 * const host = satisfies("a usable host number from 1 to 254", (n) =>
 *   Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 254 ||
 *   "that is the network, the broadcast or outside the /24");
 * assert.equal(host.compare(7).pass, true);
 * assert.equal(host.compare(255).problem, "that is the network, the broadcast or outside the /24");
 * ```
 */
export function satisfies(
  expected: string,
  predicate: (answer: unknown) => boolean | string,
): Comparator {
  return {
    expected,
    secrets: [],
    compare(answer) {
      if (isPlaceholder(answer)) return notAnswered(expected);
      let outcome: boolean | string;
      try {
        outcome = predicate(answer);
      } catch (error) {
        outcome = error instanceof Error ? error.message : String(error);
      }
      if (outcome === true) return { pass: true, expected };
      return {
        pass: false,
        expected,
        problem: typeof outcome === "string" ? outcome : `your ${preview(answer)} is not right`,
      };
    },
  };
}
