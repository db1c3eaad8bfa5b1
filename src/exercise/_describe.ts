// Short, safe descriptions of a learner's value for check messages: `"abc"`, `42`, `0x1c46`,
// `[1, 2, 3]`, `Set {1, 2}`, `a function`. Never throws (a learner's object may have a
// throwing getter or a cycle), and cuts long text so a message stays one line.

import { TODO } from "./placeholder.ts";

const LIMIT = 80;

function cut(text: string): string {
  return text.length > LIMIT ? `${text.slice(0, LIMIT - 1)}…` : text;
}

function plain(value: unknown, depth: number): string {
  if (value === TODO) return "TODO";
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "function") return value.name ? `function ${value.name}` : "a function";
  if (depth > 2) return "…";
  if (Array.isArray(value)) return `[${value.map((item) => plain(item, depth + 1)).join(", ")}]`;
  if (value instanceof Uint8Array) return `Uint8Array [${[...value].join(", ")}]`;
  if (value instanceof Set) {
    return `Set {${[...value].map((item) => plain(item, depth + 1)).join(", ")}}`;
  }
  if (value instanceof Map) {
    const entries = [...value].map(([k, v]) => `${plain(k, depth + 1)} => ${plain(v, depth + 1)}`);
    return `Map {${entries.join(", ")}}`;
  }
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  const entries = Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => `${key}: ${plain(inner, depth + 1)}`);
  return `{${entries.join(", ")}}`;
}

/** A one-line description of any value, at most 80 characters. */
export function preview(value: unknown): string {
  try {
    return cut(plain(value, 0));
  } catch {
    return "a value that cannot be printed";
  }
}

/** "a number", "a string", "an array", … for type-mismatch messages. */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Set) return "a Set";
  if (value instanceof Map) return "a Map";
  const type = typeof value;
  return type === "undefined" ? "undefined" : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
