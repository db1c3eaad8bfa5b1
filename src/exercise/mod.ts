/**
 * `src/exercise`: self-checks for notebooks and seeded homework with answer keys.
 *
 * An exercise is a cell the learner edits (a value or a function, starting as `TODO`)
 * followed by a check cell; the check compares with a comparator, counts attempts, gives
 * hints that get more specific, and fails the cell on a wrong answer. Homework is OSTEP
 * style: `generate(seed, options)`, `solve(problem)`, `render(problem, solution?)`, the
 * same for notebooks, the command line and tests. Chapter generators live in their
 * chapter (`stack/homework/`) and reach the command line through a registry.
 *
 * Read in this order:
 *
 * @example A self-check in three cells
 * ```ts
 * import assert from "node:assert/strict";
 * import { exercise, integer, TODO } from "./mod.ts";
 * const ex = exercise("hosts-in-a-26", {
 *   prompt: "How many usable host addresses does a /26 have?",
 *   check: integer(62),
 *   hints: ["A /26 leaves 32 − 26 = 6 host bits.", "Two addresses are reserved: network and broadcast."],
 * });
 * let answer: unknown = TODO;        // the learner's cell
 * assert.throws(() => ex.check(answer), /not answered yet/);
 * answer = 2 ** 6 - 2;
 * assert.equal(String(ex.check(answer)), "✓ hosts-in-a-26: correct, first try");
 * ```
 *
 * @module
 */

// 1. Placeholders: TODO marks an answer the learner has not written yet.
export * from "./placeholder.ts";
// 2. Comparators and verdicts: numbers with tolerance, integers in any base, text, predicates.
export * from "./compare.ts";
// 3. Equivalent forms: IPv4 addresses and prefixes written any of several ways.
export * from "./forms.ts";
// 4. Deep equality for arrays, records, sets and maps, with per-field differences.
export * from "./deep_equal.ts";
// 5. Function answers tested on a table of cases; a learner's exception becomes a sentence.
export * from "./function_cases.ts";
// 6. Check results: the ✓/✗ card and the CheckFailed error that marks a cell as failed.
export * from "./result.ts";
// 7. Exercises: prompt, check, escalating hints, attempt counts, gated solutions.
export * from "./exercise.ts";
// 8. Seeded homework: generators, learner seeds, registries, sheets for notebooks.
export * from "./homework.ts";
// The contract every chapter checks on its homework registry (determinism, variety).
export * from "./registry_check.ts";
// 9. The homework command line (a chapter's entry file passes its registry in).
export * from "./cli.ts";
