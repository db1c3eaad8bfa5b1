/**
 * Placeholders: how an exercise cell says "not answered yet".
 *
 * A learner's cell starts with `TODO` where the answer goes — a value
 * (`const checksum = TODO;`) or a function body (`return TODO;`). A check that meets
 * `TODO` (or `undefined`, the value of a forgotten `return`) reports "not answered yet"
 * instead of "wrong", and does not count an attempt, so hints do not escalate before
 * the learner has tried.
 *
 * Cells are not type-checked in the kernel, so `const answer: number = TODO` runs; in
 * type-checked code write `TODO as unknown as number`.
 *
 * @module
 */

/**
 * The placeholder an exercise cell holds until the learner answers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isPlaceholder, TODO } from "./placeholder.ts";
 * const answer: unknown = TODO; // the learner replaces this
 * assert.ok(isPlaceholder(answer));
 * ```
 */
export const TODO: unique symbol = Symbol.for("stacklab.exercise.TODO") as never;

/**
 * Whether `value` is an unanswered placeholder: `TODO` or `undefined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isPlaceholder, TODO } from "./placeholder.ts";
 * assert.ok(isPlaceholder(TODO));
 * assert.ok(isPlaceholder(undefined));
 * assert.ok(!isPlaceholder(0));
 * assert.ok(!isPlaceholder(null)); // null can be a real answer ("no route")
 * ```
 */
export function isPlaceholder(value: unknown): boolean {
  return value === TODO || value === undefined;
}
