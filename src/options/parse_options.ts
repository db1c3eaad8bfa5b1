/**
 * Validating user-facing options with zod, and turning the first problem into an
 * error in the house style: what failed, the current value, and the fix. Shared by
 * every area (`src/display`, `stack/`, `virt/`), so a learner's typo reads the same
 * everywhere.
 *
 * ```
 * parseOptions(schema, {barWidth: -3}, "create a progress bar")
 * → RangeError: Cannot create a progress bar: option barWidth must be ≥ 1 (got -3);
 *   pass a value ≥ 1
 * ```
 *
 * @module
 */

import { z } from "zod";

function preview(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (typeof value === "bigint") return `${value}n`;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = (value as Record<PropertyKey, unknown>)?.[key];
  return value;
}

function describePath(prefix: string, path: PropertyKey[]): string {
  let text = prefix;
  for (const key of path) {
    text += typeof key === "number" ? `[${key}]` : text === "" ? String(key) : `.${String(key)}`;
  }
  return text === "" ? "options" : prefix === "" ? `option ${text}` : text;
}

/**
 * Parse `value` with `schema`; on failure throw a TypeError (wrong shape) or RangeError
 * (out of range) naming the field path, the value found and the fix.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseOptions, z } from "./parse_options.ts";
 * const schema = z.object({ loss: z.number().min(0).max(1).default(0) }).strict();
 * assert.deepEqual(parseOptions(schema, {}, "connect a to b"), { loss: 0 });
 * assert.throws(() => parseOptions(schema, { loss: 2 }, "connect a to b"),
 *   /Cannot connect a to b: option loss must be ≤ 1 \(got 2\); pass a value ≤ 1/);
 * ```
 */
export function parseOptions<T extends z.ZodType>(
  schema: T,
  value: unknown,
  action: string,
  prefix = "",
): z.output<T> {
  const result = schema.safeParse(value ?? {}); // no options at all means "all defaults"
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path as PropertyKey[];
  const found = preview(valueAt(value, path));
  const name = (keys: PropertyKey[]) => describePath(prefix, keys);
  const record = issue as unknown as Record<string, unknown>;
  switch (issue.code) {
    case "invalid_type":
      throw new TypeError(
        `Cannot ${action}: ${name(path)} must be ${record.expected} (got ${found}); ` +
          `pass ${/^[aeiou]/.test(String(record.expected)) ? "an" : "a"} ${record.expected}`,
      );
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? record.minimum : record.maximum;
      const inclusive = record.inclusive !== false;
      const relation = issue.code === "too_small"
        ? (inclusive ? "≥" : ">")
        : (inclusive ? "≤" : "<");
      const what = record.origin === "array" || record.origin === "string" ? "length " : "";
      throw new RangeError(
        `Cannot ${action}: ${name(path)} ${what}must be ${relation} ${bound} (got ${found}); ` +
          `pass a value ${relation} ${bound}`,
      );
    }
    case "unrecognized_keys": {
      const keys = record.keys as string[];
      throw new TypeError(
        `Cannot ${action}: ${name([...path, keys[0]])} is not a known option ` +
          `(got ${preview(valueAt(value, [...path, keys[0]]))}); remove it or check its spelling`,
      );
    }
    case "invalid_value":
      throw new RangeError(
        `Cannot ${action}: ${name(path)} must be one of ${preview(record.values)} ` +
          `(got ${found}); pick one of those`,
      );
    default:
      throw new TypeError(`Cannot ${action}: ${name(path)} ${issue.message} (got ${found})`);
  }
}

/** zod, re-exported so schemas and the parser come from one import. */
export { z };

/**
 * JSON text or an already-parsed value: text is parsed, anything else is returned as is.
 * Unparseable text is a SyntaxError "Cannot <action>: <JSON.parse's reason>; <fix>".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonInput } from "./parse_options.ts";
 * assert.deepEqual(jsonInput('{"a":1}', "read x", "pass JSON"), { a: 1 });
 * assert.deepEqual(jsonInput({ a: 1 }, "read x", "pass JSON"), { a: 1 });
 * assert.throws(() => jsonInput("{a:1}", "read x", "quote the keys"), /^SyntaxError: Cannot read x: .*; quote the keys$/);
 * ```
 */
export function jsonInput(input: unknown, action: string, fix: string): unknown {
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input);
  } catch (error) {
    throw new SyntaxError(`Cannot ${action}: ${(error as Error).message}; ${fix}`);
  }
}
