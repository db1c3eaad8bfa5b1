/**
 * User namespace ID maps: the text of `/proc/<pid>/uid_map` and `gid_map`, which say
 * which IDs inside a user namespace stand for which IDs in its parent. Each line is
 * "inside outside count":
 *
 * ```
 *   /proc/<pid>/uid_map              inside 0..999 ──► outside 100000..100999
 *            0     100000       1000
 *   ▲ ID inside  ▲ ID in the parent  ▲ length of the range
 * ```
 *
 * Rules (man 7 user_namespaces, "User and group ID mappings"; kernel/user_namespace.c
 * map_write): at most 340 lines (Linux ≥ 4.15), each three unsigned 32-bit numbers with
 * count > 0 and no range wrapping past 2³²; the inside ranges may not overlap each other,
 * nor the outside ranges; the file may be written only once. An ID with no mapping reads
 * as the overflow ID 65534 (/proc/sys/kernel/overflowuid). The kernel prints each line with
 * "%10u %10u %10u\n" (uid_m_show), which `formatIdMap` copies.
 *
 * Not modelled: the writer's privilege checks (CAP_SETUID in the parent namespace, or a
 * single line mapping the writer's own ID, plus "deny" in setgroups for gid_map).
 *
 * @module
 */

/**
 * One line of an ID map.
 *
 * @example
 * ```ts
 * import type { IdMapEntry } from "./id_map.ts";
 * const rootless: IdMapEntry = { inside: 0, outside: 1000, count: 1 };
 * ```
 */
export interface IdMapEntry {
  /** First ID inside the namespace. */
  readonly inside: number;
  /** First ID in the parent namespace. */
  readonly outside: number;
  /** Length of the range, > 0. */
  readonly count: number;
}

/**
 * Most lines an ID map may have (man 7 user_namespaces: 340 since Linux 4.15, 5 before).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_ID_MAP_LINES } from "./id_map.ts";
 * assert.equal(MAX_ID_MAP_LINES, 340);
 * ```
 */
export const MAX_ID_MAP_LINES = 340;

/**
 * The ID an unmapped ID reads as (/proc/sys/kernel/overflowuid and overflowgid default).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OVERFLOW_ID } from "./id_map.ts";
 * assert.equal(OVERFLOW_ID, 65534);
 * ```
 */
export const OVERFLOW_ID = 65534;

const U32 = 2 ** 32;

/**
 * Check the kernel's rules on a map; throws RangeError naming the line and the rule.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateIdMap } from "./id_map.ts";
 * validateIdMap([{ inside: 0, outside: 100000, count: 65536 }]);
 * assert.throws(
 *   () => validateIdMap([{ inside: 0, outside: 1000, count: 10 }, { inside: 5, outside: 2000, count: 1 }]),
 *   /line 2 overlaps line 1 inside/,
 * );
 * ```
 */
export function validateIdMap(entries: readonly IdMapEntry[]): void {
  if (entries.length === 0) {
    throw new RangeError('Invalid ID map: no lines; write at least one "inside outside count"');
  }
  if (entries.length > MAX_ID_MAP_LINES) {
    throw new RangeError(
      `Invalid ID map: ${entries.length} lines, more than the kernel's ${MAX_ID_MAP_LINES}; ` +
        "merge adjacent ranges",
    );
  }
  entries.forEach((entry, i) => {
    for (const field of ["inside", "outside", "count"] as const) {
      const value = entry[field];
      if (!Number.isInteger(value) || value < 0 || value >= U32) {
        throw new RangeError(
          `Invalid ID map: line ${i + 1} ${field} is ${value}; use an integer 0..4294967295`,
        );
      }
    }
    if (entry.count === 0) {
      throw new RangeError(`Invalid ID map: line ${i + 1} has count 0; a range needs count ≥ 1`);
    }
    // map_write: (first + count) must not wrap past 2^32 — in 32-bit arithmetic.
    if (entry.inside + entry.count >= U32 || entry.outside + entry.count >= U32) {
      throw new RangeError(
        `Invalid ID map: line ${i + 1} (${entry.inside} ${entry.outside} ${entry.count}) ` +
          "wraps past 4294967295; shorten count",
      );
    }
    for (let j = 0; j < i; j++) {
      const other = entries[j];
      for (const side of ["inside", "outside"] as const) {
        // two ranges [a, a+n) and [b, b+m) overlap iff a < b+m and b < a+n
        if (entry[side] < other[side] + other.count && other[side] < entry[side] + entry.count) {
          throw new RangeError(
            `Invalid ID map: line ${i + 1} overlaps line ${j + 1} ${side} ` +
              `(${entry[side]}+${entry.count} vs ${
                other[side]
              }+${other.count}); ranges must be disjoint`,
          );
        }
      }
    }
  });
}

/**
 * Parse the text written to uid_map/gid_map (spaces or tabs between fields, one range per
 * line, the last newline optional) and validate it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseIdMap } from "./id_map.ts";
 * assert.deepEqual(parseIdMap("0 1000 1\n1 100000 65536\n"), [
 *   { inside: 0, outside: 1000, count: 1 },
 *   { inside: 1, outside: 100000, count: 65536 },
 * ]);
 * assert.throws(() => parseIdMap("0 1000"), /line 1 "0 1000" has 2 fields/);
 * ```
 */
export function parseIdMap(text: string): IdMapEntry[] {
  if (typeof text !== "string") {
    throw new TypeError(`Cannot parse ID map: expected text, got ${typeof text}`);
  }
  const lines = text.replace(/\n$/, "").split("\n");
  const entries = lines.map((line, i) => {
    const fields = line.trim().split(/\s+/).filter((f) => f !== "");
    if (fields.length !== 3) {
      throw new SyntaxError(
        `Cannot parse ID map: line ${i + 1} ${JSON.stringify(line)} has ${fields.length} fields; ` +
          `write "inside outside count", e.g. "0 100000 65536"`,
      );
    }
    const [inside, outside, count] = fields.map((field) => {
      if (!/^\d+$/.test(field)) {
        throw new SyntaxError(
          `Cannot parse ID map: line ${i + 1} field ${JSON.stringify(field)} is not an unsigned ` +
            'decimal number; write three numbers 0…4294967295 per line, e.g. "0 100000 65536"',
        );
      }
      return Number(field);
    });
    return { inside, outside, count };
  });
  validateIdMap(entries);
  return entries;
}

/**
 * Format a map as the kernel prints it: "%10u %10u %10u\n" per line (uid_m_show).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatIdMap } from "./id_map.ts";
 * assert.equal(formatIdMap([{ inside: 0, outside: 0, count: 1 }]), "         0          0          1\n");
 * ```
 */
export function formatIdMap(entries: readonly IdMapEntry[]): string {
  const u = (n: number) => String(n).padStart(10);
  return entries.map((e) => `${u(e.inside)} ${u(e.outside)} ${u(e.count)}\n`).join("");
}

/**
 * Map an ID inside the namespace to the parent's ID: outside + (id − inside) for the line
 * whose range holds it, else the overflow ID 65534 (kernel/user_namespace.c map_id_down).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapIdOut } from "./id_map.ts";
 * const map = [{ inside: 0, outside: 100000, count: 1000 }];
 * assert.equal(mapIdOut(map, 42), 100042);
 * assert.equal(mapIdOut(map, 5000), 65534);
 * ```
 */
export function mapIdOut(entries: readonly IdMapEntry[], id: number): number {
  const line = entries.find((e) => id >= e.inside && id < e.inside + e.count);
  return line ? line.outside + (id - line.inside) : OVERFLOW_ID;
}

/**
 * Map a parent's ID into the namespace: inside + (id − outside), else 65534 (map_id_up).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapIdIn } from "./id_map.ts";
 * const map = [{ inside: 0, outside: 100000, count: 1000 }];
 * assert.equal(mapIdIn(map, 100042), 42);
 * assert.equal(mapIdIn(map, 0), 65534); // host root is nobody inside
 * ```
 */
export function mapIdIn(entries: readonly IdMapEntry[], id: number): number {
  const line = entries.find((e) => id >= e.outside && id < e.outside + e.count);
  return line ? line.inside + (id - line.outside) : OVERFLOW_ID;
}
