/**
 * Deep equality for structured answers — arrays, records, sets, maps, byte arrays —
 * reporting each differing field by its path (`[2].nextHop`, `.broadcast`) with the
 * learner's value, never the expected one.
 *
 *     expected { network: "10.0.0.0", hosts: 254 }
 *     answer   { network: "10.0.0.0", hosts: 256, mask: 24 }
 *     details  .hosts: your 256 is not right
 *              .mask: unexpected field (remove it)
 *
 * A leaf of the expected value may itself be a comparator (`{delay: approx(1.2)}`), so one
 * answer can mix exact fields with tolerant ones and equivalent forms.
 *
 * @module
 */

import { kindOf, preview } from "./_describe.ts";
import {
  approx,
  type ApproxOptions,
  type Comparator,
  isComparator,
  notAnswered,
  text,
  type TextOptions,
} from "./compare.ts";
import { isPlaceholder } from "./placeholder.ts";

/**
 * Options for {@link deepEqual}.
 *
 * @example
 * ```ts
 * import type { DeepEqualOptions } from "./deep_equal.ts";
 * const options: DeepEqualOptions = { numbers: { relative: 0.01 }, ignoreOrder: true };
 * ```
 */
export interface DeepEqualOptions {
  /** Compare every number leaf with this tolerance. @default exact (Object.is) */
  numbers?: ApproxOptions;
  /** Compare every string leaf with this normalisation. @default exact */
  strings?: TextOptions;
  /** Treat arrays as unordered (like sets of items). @default false */
  ignoreOrder?: boolean;
  /** Most differences listed. @default 5 */
  maxDetails?: number;
  /** Words for a right answer. @default "a value with the same fields and items as the correct one" */
  describe?: string;
}

type Settings = Required<Omit<DeepEqualOptions, "numbers" | "strings" | "describe">> & {
  numbers?: ApproxOptions;
  strings?: TextOptions;
};

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A canonical text key for set membership and unordered arrays. */
function key(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Set) return `Set${key([...value].map(key).sort())}`;
  if (Array.isArray(value)) return `[${value.map(key).join(",")}]`;
  if (isPlainRecord(value)) {
    return `{${
      Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${key(value[k])}`).join(",")
    }}`;
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function leafComparator(expected: unknown, settings: Settings): Comparator | undefined {
  if (isComparator(expected)) return expected;
  if (typeof expected === "number" && settings.numbers && Number.isFinite(expected)) {
    return approx(expected, settings.numbers);
  }
  if (typeof expected === "string" && settings.strings) return text(expected, settings.strings);
  return undefined;
}

function diff(expected: unknown, actual: unknown, path: string, out: string[], settings: Settings) {
  const at = path === "" ? "answer" : path;
  const comparator = leafComparator(expected, settings);
  if (comparator) {
    const verdict = comparator.compare(actual);
    if (!verdict.pass) out.push(`${at}: ${verdict.problem ?? "not right"}`);
    return;
  }
  if (isPlaceholder(actual) && expected !== undefined) {
    out.push(`${at}: not answered yet (still TODO or undefined)`);
    return;
  }
  if (expected === null || typeof expected !== "object") {
    if (Object.is(expected, actual)) return;
    if (typeof expected !== typeof actual || actual === null || expected === null) {
      out.push(`${at}: expected ${kindOf(expected)}, got ${kindOf(actual)} ${preview(actual)}`);
    } else {
      out.push(`${at}: your ${preview(actual)} is not right`);
    }
    return;
  }
  if (expected instanceof Uint8Array) {
    if (!(actual instanceof Uint8Array) && !Array.isArray(actual)) {
      out.push(`${at}: expected bytes (a Uint8Array or an array), got ${kindOf(actual)}`);
      return;
    }
    return diffArray([...expected], [...actual], at, path, out, settings);
  }
  if (expected instanceof Set) {
    if (!(actual instanceof Set) && !Array.isArray(actual)) {
      out.push(`${at}: expected a Set (or an array), got ${kindOf(actual)} ${preview(actual)}`);
      return;
    }
    return diffUnordered([...expected], [...actual], at, out);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      out.push(`${at}: expected an array, got ${kindOf(actual)} ${preview(actual)}`);
      return;
    }
    if (settings.ignoreOrder) return diffUnordered(expected, actual, at, out);
    return diffArray(expected, actual, at, path, out, settings);
  }
  const expectedEntries = expected instanceof Map
    ? new Map(expected)
    : new Map(Object.entries(expected));
  let actualEntries: Map<unknown, unknown>;
  if (expected instanceof Map && actual instanceof Map) actualEntries = new Map(actual);
  else if (typeof actual === "object" && actual !== null && !Array.isArray(actual)) {
    actualEntries = new Map(Object.entries(actual));
  } else {
    out.push(
      `${at}: expected ${kindOf(expected)} with fields, got ${kindOf(actual)} ${preview(actual)}`,
    );
    return;
  }
  for (const [name, inner] of expectedEntries) {
    const child = `${path}.${String(name)}`;
    if (!actualEntries.has(name)) out.push(`${child}: missing field`);
    else diff(inner, actualEntries.get(name), child, out, settings);
  }
  for (const name of actualEntries.keys()) {
    if (!expectedEntries.has(name)) {
      out.push(`${path}.${String(name)}: unexpected field (remove it)`);
    }
  }
}

function diffArray(
  expected: unknown[],
  actual: unknown[],
  at: string,
  path: string,
  out: string[],
  settings: Settings,
) {
  if (expected.length !== actual.length) {
    out.push(`${at}: has ${actual.length} items; the correct answer has ${expected.length}`);
  }
  const common = Math.min(expected.length, actual.length);
  for (let i = 0; i < common; i++) diff(expected[i], actual[i], `${path}[${i}]`, out, settings);
}

function diffUnordered(expected: unknown[], actual: unknown[], at: string, out: string[]) {
  const remaining = new Map<string, number>();
  for (const item of expected) remaining.set(key(item), (remaining.get(key(item)) ?? 0) + 1);
  const extra: unknown[] = [];
  for (const item of actual) {
    const count = remaining.get(key(item)) ?? 0;
    if (count > 0) remaining.set(key(item), count - 1);
    else extra.push(item);
  }
  const missing = [...remaining.values()].reduce((a, b) => a + b, 0);
  if (extra.length > 0) {
    out.push(`${at}: ${extra.length} item(s) should not be there: ${preview(extra)}`);
  }
  if (missing > 0) out.push(`${at}: ${missing} item(s) of the correct answer are missing`);
}

/** Leaf values of `expected` that would reveal it (strings and numbers). */
function leaves(expected: unknown, out: string[]): string[] {
  if (isComparator(expected)) out.push(...expected.secrets);
  else if (typeof expected === "string" || typeof expected === "number") out.push(String(expected));
  else if (expected instanceof Map) { for (const value of expected.values()) leaves(value, out); }
  else if (expected instanceof Set || Array.isArray(expected)) {
    for (const value of expected) leaves(value, out);
  } else if (isPlainRecord(expected)) {
    for (const value of Object.values(expected)) leaves(value, out);
  }
  return out;
}

/**
 * Accept a value deep-equal to `expected`, listing the first few differing fields.
 *
 * @example A routing decision
 * ```ts
 * import assert from "node:assert/strict";
 * import { deepEqual, ipv4Prefix } from "./mod.ts";
 * const decision = deepEqual({ route: ipv4Prefix("10.1.0.0/16"), nextHop: "r2", hops: 3 });
 * assert.equal(decision.compare({ route: "10.1.0.0 255.255.0.0", nextHop: "r2", hops: 3 }).pass, true);
 * const wrong = decision.compare({ route: "10.1.0.0/16", nextHop: "r1", hops: "3" });
 * assert.deepEqual(wrong.details, [
 *   '.nextHop: your "r1" is not right',
 *   '.hops: expected a number, got a string "3"',
 * ]);
 * ```
 */
export function deepEqual(expected: unknown, options: DeepEqualOptions = {}): Comparator {
  const settings: Settings = {
    numbers: options.numbers,
    strings: options.strings,
    ignoreOrder: options.ignoreOrder ?? false,
    maxDetails: options.maxDetails ?? 5,
  };
  const words = options.describe ?? "a value with the same fields and items as the correct one";
  return {
    expected: words,
    secrets: leaves(expected, []),
    compare(answer) {
      if (isPlaceholder(answer)) return notAnswered(words);
      const out: string[] = [];
      diff(expected, answer, "", out, settings);
      if (out.length === 0) return { pass: true, expected: words };
      const shown = out.slice(0, settings.maxDetails);
      if (out.length > shown.length) shown.push(`… and ${out.length - shown.length} more`);
      const problem = out.length === 1 ? "one part differs" : `${out.length} parts differ`;
      return { pass: false, expected: words, problem, details: shown };
    },
  };
}
