/**
 * Traces: the append-only record of what a model did, as flat rows.
 *
 * Models do not draw charts; they push tidy rows such as `{t, host, layer, bytes}`
 * into a `Trace`. Charts (Observable Plot marks take an array of flat objects),
 * tests and golden files all read the same rows, so what is plotted is what is
 * checked. Rows are frozen and only appended: a trace is a log, not a table to edit.
 *
 * ```
 *   push({t: 0,    host: "a", bytes: 1500})   rows[0]
 *   push({t: 1200, host: "b", bytes: 40})     rows[1]   ──▶ Plot.dot(trace.rows, {x: "t"})
 *   push(...)                                 rows[n]   ──▶ JSON.stringify(trace), goldens
 * ```
 *
 * @example Record and query
 * ```ts
 * import assert from "node:assert/strict";
 * import { Trace } from "@src/sim/mod.ts";
 * const trace = new Trace<{ t: number; host: string; bytes: number }>();
 * trace.push({ t: 0, host: "a", bytes: 1500 });
 * trace.push({ t: 1200, host: "b", bytes: 40 });
 * assert.equal(trace.length, 2);
 * assert.deepEqual(trace.where({ host: "b" }).map((row) => row.bytes), [40]);
 * assert.deepEqual(trace.column("t"), [0, 1200]);
 * ```
 *
 * @module
 */

import { DEFAULT_TRACE_CAPACITY } from "./params.ts";

/**
 * A value a trace row may hold: flat and JSON-safe.
 *
 * @example
 * ```ts
 * import type { TraceValue } from "@src/sim/mod.ts";
 * const layer: TraceValue = "tcp";
 * ```
 */
export type TraceValue = string | number | boolean | null;

/**
 * The shape every row type must have: each field a {@linkcode TraceValue}. Works with
 * interfaces as well as type aliases.
 *
 * @example
 * ```ts
 * import type { FlatRow } from "@src/sim/mod.ts";
 * interface Packet { t: number; host: string }
 * const fits: FlatRow<Packet> = { t: 0, host: "a" };
 * ```
 */
export type FlatRow<Row> = { readonly [K in keyof Row]: TraceValue };

/**
 * Options for {@linkcode Trace}.
 *
 * @example
 * ```ts
 * import type { TraceOptions } from "@src/sim/mod.ts";
 * const options: TraceOptions = { capacity: 10_000 };
 * ```
 */
export interface TraceOptions {
  /**
   * Most rows the trace accepts; one more push throws `RangeError`, catching a model
   * that logs in a runaway loop before it eats the notebook's memory.
   *
   * @default {1_000_000} (`DEFAULT_TRACE_CAPACITY`)
   */
  capacity?: number;
}

/**
 * An append-only list of flat rows.
 *
 * @example Rows are frozen
 * ```ts
 * import assert from "node:assert/strict";
 * import { Trace } from "@src/sim/mod.ts";
 * const trace = new Trace<{ t: number; event: string }>({ capacity: 10 });
 * trace.push({ t: 5, event: "syn" });
 * assert.ok(Object.isFrozen(trace.rows[0]));
 * assert.equal(JSON.stringify(trace), '[{"t":5,"event":"syn"}]');
 * ```
 */
export class Trace<Row extends FlatRow<Row>> {
  /** Most rows this trace accepts. */
  readonly capacity: number;
  #rows: Row[] = [];

  /** An empty trace; `RangeError` if `capacity` is not a positive integer. */
  constructor(options: TraceOptions = {}) {
    const { capacity = DEFAULT_TRACE_CAPACITY } = options;
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Trace option capacity must be a positive integer: got ${capacity}. ` +
          `Pass e.g. { capacity: 100000 } or leave it out.`,
      );
    }
    this.capacity = capacity;
  }

  /**
   * How many rows have been pushed.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Trace } from "@src/sim/mod.ts";
   * const trace = new Trace<{ t: number }>();
   * assert.equal(trace.length, 0);
   * ```
   */
  get length(): number {
    return this.#rows.length;
  }

  /**
   * All rows in push order. The array is the trace's own (no copy): read it, pass it
   * to Plot, but do not modify it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Trace } from "@src/sim/mod.ts";
   * const trace = new Trace<{ t: number }>();
   * trace.push({ t: 1 });
   * assert.deepEqual(trace.rows, [{ t: 1 }]);
   * ```
   */
  get rows(): readonly Row[] {
    return this.#rows;
  }

  /**
   * Append a row (frozen on the way in). Throws `TypeError` when a field is not a
   * string, number, boolean or null, and `RangeError` when the trace is full.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Trace } from "@src/sim/mod.ts";
   * const trace = new Trace<{ t: number }>({ capacity: 1 });
   * trace.push({ t: 1 });
   * assert.throws(() => trace.push({ t: 2 }), /capacity: 2/);
   * ```
   */
  push(row: Row): void {
    const rows = this.#rows;
    if (rows.length >= this.capacity) {
      throw new RangeError(
        `Trace is full at its capacity of ${this.capacity} rows. If the model is meant to ` +
          `log more, pass { capacity: ${this.capacity * 2} } to new Trace(); otherwise ` +
          `log less often.`,
      );
    }
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new TypeError(
        `Trace.push() needs a flat object row: got ${
          Array.isArray(row) ? "an array" : String(row)
        }. ` +
          `Pass e.g. { t: sim.now, host: "a", bytes: 1500 }.`,
      );
    }
    for (const key in row) {
      const value: unknown = row[key];
      const type = typeof value;
      if (type !== "number" && type !== "string" && type !== "boolean" && value !== null) {
        throw new TypeError(
          `Trace rows must be flat: field "${key}" is ${
            type === "object" ? "an object" : type
          } at row ${rows.length}. Store a string, number, boolean or null ` +
            `(spread nested fields into their own columns, use null for missing).`,
        );
      }
    }
    rows.push(Object.freeze(row));
  }

  /**
   * Rows for which `predicate` returns true, in push order (a new array).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Trace } from "@src/sim/mod.ts";
   * const trace = new Trace<{ t: number; bytes: number }>();
   * trace.push({ t: 0, bytes: 1500 });
   * trace.push({ t: 1, bytes: 40 });
   * assert.equal(trace.filter((row) => row.bytes > 100).length, 1);
   * ```
   */
  filter(predicate: (row: Row, index: number) => boolean): Row[] {
    return this.#rows.filter(predicate);
  }

  /**
   * Rows whose fields equal every field of `match` (`===`), in push order.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Trace } from "@src/sim/mod.ts";
   * const trace = new Trace<{ t: number; host: string; layer: string }>();
   * trace.push({ t: 0, host: "a", layer: "ip" });
   * trace.push({ t: 1, host: "a", layer: "tcp" });
   * trace.push({ t: 2, host: "b", layer: "tcp" });
   * assert.deepEqual(trace.where({ host: "a", layer: "tcp" }).map((row) => row.t), [1]);
   * ```
   */
  where(match: Partial<Row>): Row[] {
    const keys = Object.keys(match) as (keyof Row)[];
    return this.#rows.filter((row) => keys.every((key) => row[key] === match[key]));
  }

  /**
   * One field of every row, in push order: `trace.column("bytes")`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Trace } from "@src/sim/mod.ts";
   * const trace = new Trace<{ t: number; bytes: number }>();
   * trace.push({ t: 0, bytes: 10 });
   * trace.push({ t: 1, bytes: 20 });
   * assert.deepEqual(trace.column("bytes"), [10, 20]);
   * ```
   */
  column<K extends keyof Row>(key: K): Row[K][] {
    return this.#rows.map((row) => row[key]);
  }

  /**
   * The rows, so `JSON.stringify(trace)` writes them as a JSON array.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Trace } from "@src/sim/mod.ts";
   * const trace = new Trace<{ t: number }>();
   * trace.push({ t: 3 });
   * assert.equal(JSON.stringify(trace), '[{"t":3}]');
   * ```
   */
  toJSON(): readonly Row[] {
    return this.#rows;
  }

  /**
   * Iterate the rows in push order: `for (const row of trace)`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Trace } from "@src/sim/mod.ts";
   * const trace = new Trace<{ t: number }>();
   * trace.push({ t: 1 });
   * trace.push({ t: 2 });
   * assert.deepEqual([...trace].map((row) => row.t), [1, 2]);
   * ```
   */
  [Symbol.iterator](): IterableIterator<Row> {
    return this.#rows[Symbol.iterator]();
  }
}
