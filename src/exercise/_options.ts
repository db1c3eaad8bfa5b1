// Validating user-facing configuration (an exercise's options, a homework generator's
// options) with zod, and turning the first problem into an error in the house style:
// what failed, the current value, and the fix — naming the valid choices.
//
//   parseConfig(schema, {rotes: 5}, "generate subnetting homework")
//   → TypeError: Cannot generate subnetting homework: rotes is not an option
//     (got 5); valid options: addresses, routes, destinations, defaultRoute

import { z } from "zod";
import { preview } from "./_describe.ts";

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = (value as Record<PropertyKey, unknown>)?.[key];
  return value;
}

function pathName(path: readonly PropertyKey[]): string {
  return path.map((key, i) =>
    typeof key === "number" ? `[${key}]` : i ? `.${String(key)}` : String(key)
  )
    .join("") || "options";
}

const KINDS: Record<string, string> = {
  int: "a whole number",
  number: "a number",
  boolean: "true or false",
  string: "a text",
  array: "an array",
  object: "an object",
};

/** The option names of an object schema, in declaration order. */
export function optionNames(schema: z.ZodType): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * Parse `value` with `schema`; on failure throw a TypeError (wrong shape or unknown key)
 * or RangeError (out of range) naming the field, the value found and the fix.
 */
export function parseConfig<T extends z.ZodType>(
  schema: T,
  value: unknown,
  action: string,
): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const record = issue as unknown as Record<string, unknown>;
  const path = issue.path as PropertyKey[];
  const name = pathName(path);
  const found = preview(valueAt(value, path));
  switch (issue.code) {
    case "unrecognized_keys": {
      const key = (record.keys as string[])[0];
      const valid = optionNames(path.length === 0 ? schema : z.never());
      throw new TypeError(
        `Cannot ${action}: ${key} is not an option (got ${
          preview(valueAt(value, [...path, key]))
        }); ` +
          (valid.length ? `valid options: ${valid.join(", ")}` : "remove it or check its spelling"),
      );
    }
    case "too_small":
    case "too_big": {
      const small = issue.code === "too_small";
      const relation = small
        ? (record.inclusive === false ? ">" : "≥")
        : (record.inclusive === false ? "<" : "≤");
      const bound = small ? record.minimum : record.maximum;
      const what = record.origin === "array" || record.origin === "string" ? " length" : "";
      throw new RangeError(
        `Cannot ${action}: ${name}${what} must be ${relation} ${bound} (got ${found}); pass a value ${relation} ${bound}`,
      );
    }
    case "invalid_value":
      throw new RangeError(
        `Cannot ${action}: ${name} must be one of ${
          (record.values as unknown[]).map((v) => preview(v)).join(", ")
        } (got ${found}); pick one of those`,
      );
    case "invalid_type": {
      const expected = KINDS[String(record.expected)] ?? `a ${record.expected}`;
      throw new TypeError(
        `Cannot ${action}: ${name} must be ${expected} (got ${found}); pass ${expected}`,
      );
    }
    default:
      throw new TypeError(`Cannot ${action}: ${name} ${issue.message} (got ${found})`);
  }
}

export { z };
