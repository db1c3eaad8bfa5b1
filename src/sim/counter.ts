/**
 * Counters: how many times each category occurred.
 *
 * Drops per reason, exits per kind (`HLT`, `IO`, `MMIO`), pods per node: a model
 * counts categories as it runs, then a notebook charts `counter.rows()` as bars.
 * Keys keep the order they were first seen, so the rows come out the same on every
 * run with the same seed.
 *
 * ```
 *   add("drop")  add("ok")  add("drop")
 *     ──▶ rows(): [{key: "drop", count: 2}, {key: "ok", count: 1}]
 * ```
 *
 * @example Count VM exits by reason
 * ```ts
 * import assert from "node:assert/strict";
 * import { Counter } from "@src/sim/mod.ts";
 * const exits = new Counter<string>();
 * for (const reason of ["IO", "HLT", "IO", "MMIO", "IO"]) exits.add(reason);
 * assert.equal(exits.get("IO"), 3);
 * assert.equal(exits.total, 5);
 * assert.deepEqual(exits.rows().map((row) => row.key), ["IO", "HLT", "MMIO"]);
 * ```
 *
 * @module
 */

/**
 * Key types a counter accepts: flat values, so rows stay JSON-safe.
 *
 * @example
 * ```ts
 * import type { CounterKey } from "@src/sim/mod.ts";
 * const key: CounterKey = "timeout";
 * ```
 */
export type CounterKey = string | number | boolean;

/**
 * One category as a flat row.
 *
 * @example
 * ```ts
 * import type { CounterRow } from "@src/sim/mod.ts";
 * const row: CounterRow<string> = { key: "drop", count: 2 };
 * ```
 */
export interface CounterRow<K extends CounterKey> {
  /** The category. */
  readonly key: K;
  /** How many times it was added (the sum of the amounts). */
  readonly count: number;
}

/**
 * A count per key, in first-seen order; see the module comment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Counter } from "@src/sim/mod.ts";
 * const bytes = new Counter<string>();
 * bytes.add("node-a", 1500);
 * bytes.add("node-b", 40);
 * bytes.add("node-a", 1500);
 * assert.deepEqual(bytes.rows(), [{ key: "node-a", count: 3000 }, { key: "node-b", count: 40 }]);
 * ```
 */
export class Counter<K extends CounterKey> {
  #counts = new Map<K, number>();
  #total = 0;

  /**
   * Add `amount` (default 1) to `key`'s count.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Counter } from "@src/sim/mod.ts";
   * const drops = new Counter<string>();
   * drops.add("queue-full");
   * drops.add("queue-full", 2);
   * assert.equal(drops.get("queue-full"), 3);
   * ```
   */
  add(key: K, amount = 1): void {
    const type = typeof key;
    if (type !== "string" && type !== "number" && type !== "boolean") {
      throw new TypeError(
        `Counter.add() needs a string, number or boolean key: got ${type} ${String(key)}. ` +
          `Use a label such as "timeout".`,
      );
    }
    if (typeof amount !== "number" || !Number.isFinite(amount)) {
      throw new RangeError(
        `Counter.add() amount must be a finite number: got ${String(amount)} for key ` +
          `${String(key)}. Leave it out to count 1.`,
      );
    }
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + amount);
    this.#total += amount;
  }

  /**
   * The count for `key`; 0 if never added.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Counter } from "@src/sim/mod.ts";
   * assert.equal(new Counter<string>().get("anything"), 0);
   * ```
   */
  get(key: K): number {
    return this.#counts.get(key) ?? 0;
  }

  /**
   * Sum of all counts.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Counter } from "@src/sim/mod.ts";
   * const counter = new Counter<number>();
   * counter.add(200);
   * counter.add(404, 2);
   * assert.equal(counter.total, 3);
   * ```
   */
  get total(): number {
    return this.#total;
  }

  /**
   * Number of distinct keys.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Counter } from "@src/sim/mod.ts";
   * const counter = new Counter<string>();
   * counter.add("a");
   * counter.add("a");
   * assert.equal(counter.size, 1);
   * ```
   */
  get size(): number {
    return this.#counts.size;
  }

  /**
   * One flat row per key, `{key, count}`, in first-seen order: ready for `Plot.barY`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Counter } from "@src/sim/mod.ts";
   * const counter = new Counter<string>();
   * counter.add("b");
   * counter.add("a");
   * assert.deepEqual(counter.rows(), [{ key: "b", count: 1 }, { key: "a", count: 1 }]);
   * ```
   */
  rows(): CounterRow<K>[] {
    return [...this.#counts].map(([key, count]) => ({ key, count }));
  }
}
