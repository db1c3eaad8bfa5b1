/**
 * Function answers, tested on a table of cases. When the learner's answer is a function
 * (`function checksum(words) { … }`), the check calls it on each case in order and stops
 * at the first wrong one, reporting its inputs, the expected output and the actual one —
 * the answer is the function, so showing one case's output gives nothing away.
 *
 *     case 2 of 4: checksum([0x4500, 0x0073]) returned 0x4573, expected 0xba8c
 *
 * If the function throws, the learner sees one friendly sentence that points at their
 * cell, not a stack trace into this library:
 *
 *     Your function threw TypeError: words.reduce is not a function while computing
 *     case 2 (input checksum(17)). Check how your function handles this input, in the
 *     cell where you defined it.
 *
 * A function that returns `TODO` (or `undefined`, a forgotten `return`) on the first case
 * is "not answered yet". Functions run synchronously: a returned promise is reported.
 *
 * @module
 */

import { preview } from "./_describe.ts";
import { type Comparator, isComparator, notAnswered, type Verdict } from "./compare.ts";
import { deepEqual } from "./deep_equal.ts";
import { isPlaceholder, TODO } from "./placeholder.ts";

/**
 * One test case: the arguments to call with and the expected result (a value, compared
 * deep-equal, or a comparator such as `approx(…)`).
 *
 * @example
 * ```ts
 * import type { FunctionCase } from "./function_cases.ts";
 * const example: FunctionCase = { args: [[0x0001, 0xf203]], expected: 0xf204 };
 * ```
 */
export interface FunctionCase {
  /** Arguments, in order. */
  readonly args: readonly unknown[];
  /** The right result, or a comparator for it. */
  readonly expected: unknown;
  /** A name for the case in messages. @default the call, e.g. "sum([1, 2])" */
  readonly label?: string;
}

/**
 * Options for {@link cases}.
 *
 * @example
 * ```ts
 * import type { CasesOptions } from "./function_cases.ts";
 * const options: CasesOptions = { name: "checksum", show: (value) => `0x${Number(value).toString(16)}` };
 * ```
 */
export interface CasesOptions {
  /** The function's name in messages. @default the function's own name, else "f" */
  name?: string;
  /** How to print inputs and outputs. @default a short JSON-like preview */
  show?: (value: unknown) => string;
  /** Words for a right answer. @default "a function that returns the right value for every test case" */
  describe?: string;
}

function friendlyError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `the value ${preview(error)}`;
}

/**
 * Accept a function that gives the expected result on every case.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cases } from "./function_cases.ts";
 * const add = cases([{ args: [1, 2], expected: 3 }, { args: [2, 2], expected: 4 }]);
 * assert.equal(add.compare((a: number, b: number) => a + b).pass, true);
 * assert.equal(
 *   add.compare((a: number, b: number) => a * b).problem,
 *   "case 1 of 2: f(1, 2) returned 2, expected 3",
 * );
 * const broken = add.compare((a: { x: number }) => a.x.toFixed());
 * assert.match(broken.problem ?? "", /^Your function threw TypeError: .* while computing case 1/);
 * ```
 */
export function cases(table: readonly FunctionCase[], options: CasesOptions = {}): Comparator {
  if (!Array.isArray(table) || table.length === 0) {
    throw new RangeError(
      `cases() needs a non-empty array of {args, expected}: got ${preview(table)}. ` +
        `Add at least one test case.`,
    );
  }
  table.forEach((entry, index) => {
    if (!Array.isArray(entry?.args)) {
      throw new TypeError(
        `cases(): case ${index + 1} has no args array (got ${preview(entry)}). ` +
          `Write {args: [input], expected: output}.`,
      );
    }
  });
  const show = options.show ?? preview;
  const words = options.describe ?? "a function that returns the right value for every test case";
  const checks = table.map((entry) =>
    isComparator(entry.expected) ? entry.expected : deepEqual(entry.expected)
  );
  return {
    expected: words,
    secrets: [],
    compare(answer): Verdict {
      if (isPlaceholder(answer)) return notAnswered(words);
      if (typeof answer !== "function") {
        return { pass: false, expected: words, problem: `got ${preview(answer)}, not a function` };
      }
      const name = options.name ?? (answer.name || "f");
      for (let i = 0; i < table.length; i++) {
        const entry = table[i];
        const call = entry.label ?? `${name}(${entry.args.map(show).join(", ")})`;
        const where = `case ${i + 1} of ${table.length}`;
        let result: unknown;
        try {
          result = answer(...entry.args);
        } catch (error) {
          if (error === TODO) return notAnswered(words);
          return {
            pass: false,
            expected: words,
            problem: `Your function threw ${friendlyError(error)} while computing case ${
              i + 1
            } (input ${call}). Check how your function handles this input, in the cell where you defined it.`,
          };
        }
        // A first case that returns TODO or nothing: the body is still a placeholder.
        if (i === 0 && isPlaceholder(result) && entry.expected !== undefined) {
          return notAnswered(words);
        }
        if (result instanceof Promise) {
          result.catch(() => {}); // do not leave an unhandled rejection behind
          return {
            pass: false,
            expected: words,
            problem:
              `${where}: ${call} returned a Promise; remove "async" and return the value itself`,
          };
        }
        const verdict = checks[i].compare(result);
        if (!verdict.pass) {
          const expected = isComparator(entry.expected)
            ? entry.expected.expected
            : show(entry.expected);
          return {
            pass: false,
            expected: words,
            problem: `${where}: ${call} returned ${
              result === undefined ? "undefined (is a return missing?)" : show(result)
            }, expected ${expected}`,
            details: verdict.details,
          };
        }
      }
      return { pass: true, expected: words };
    },
  };
}
