/**
 * Time-weighted averages: the mean of a level that holds between changes.
 *
 * "Mean number in the system" is not the mean of the samples you happened to log: a
 * queue that held 10 packets for 1 ms and 0 packets for 99 ms averaged 0.1, however
 * many times it changed. Each value counts for as long as it lasted:
 *
 * ```
 *   level
 *     3 │        ┌───┐
 *     2 │    ┌───┘   │
 *     1 │────┘       └──────┐
 *     0 │                   └────
 *       └────┴───┴───┴──────┴──── time
 *       t₀   t₁  t₂  t₃     t₄   t
 *
 *   integral(t) = Σ levelᵢ · (tᵢ₊₁ − tᵢ)        (the area under the steps)
 *   mean(t)     = integral(t) / (t − t₀)
 * ```
 *
 * With integer nanosecond times and integer levels every product and sum is an exact
 * integer below 2^53, so the area has no rounding error at all.
 *
 * @example Number of packets in a router queue
 * ```ts
 * import assert from "node:assert/strict";
 * import { TimeAverage } from "@src/sim/mod.ts";
 * const queue = new TimeAverage();
 * queue.add(0, +1);  // 1 packet from t=0
 * queue.add(10, +1); // 2 packets from t=10
 * queue.add(30, -2); // empty from t=30
 * // area = 1·10 + 2·20 + 0·10 = 50 over 40 ns
 * assert.equal(queue.mean(40), 1.25);
 * assert.equal(queue.max, 2);
 * ```
 *
 * @module
 */

import type { Time } from "./time.ts";

/**
 * Options for {@linkcode TimeAverage}.
 *
 * @example
 * ```ts
 * import type { TimeAverageOptions } from "@src/sim/mod.ts";
 * const options: TimeAverageOptions = { start: 0, value: 1 };
 * ```
 */
export interface TimeAverageOptions {
  /**
   * The time the average starts from.
   *
   * @default {0}
   */
  start?: Time;
  /**
   * The level at `start`.
   *
   * @default {0}
   */
  value?: number;
}

function checkFinite(value: number, what: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`TimeAverage ${what} must be a finite number: got ${String(value)}.`);
  }
}

/**
 * Accumulates the area under a step function of time; see the module comment.
 *
 * @example Utilisation of a link: busy (1) or idle (0)
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms, TimeAverage } from "@src/sim/mod.ts";
 * const busy = new TimeAverage();
 * busy.update(ms(2), 1);
 * busy.update(ms(5), 0);
 * assert.equal(busy.mean(ms(10)), 0.3);
 * ```
 */
export class TimeAverage {
  /** The time the average starts from. */
  readonly start: Time;
  #value: number;
  #last: Time;
  #area = 0;
  #max: number;

  /** An accumulator at level `value` from time `start`; `RangeError` if either is not finite. */
  constructor(options: TimeAverageOptions = {}) {
    const { start = 0, value = 0 } = options;
    checkFinite(start, "option start");
    checkFinite(value, "option value");
    this.start = start;
    this.#last = start;
    this.#value = value;
    this.#max = value;
  }

  /**
   * The current level.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TimeAverage } from "@src/sim/mod.ts";
   * const level = new TimeAverage({ value: 3 });
   * assert.equal(level.value, 3);
   * ```
   */
  get value(): number {
    return this.#value;
  }

  /**
   * The highest level seen so far.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TimeAverage } from "@src/sim/mod.ts";
   * const level = new TimeAverage();
   * level.update(1, 5);
   * level.update(2, 1);
   * assert.equal(level.max, 5);
   * ```
   */
  get max(): number {
    return this.#max;
  }

  /**
   * Set the level to `value` from `time` on. Times must not go backwards (`RangeError`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TimeAverage } from "@src/sim/mod.ts";
   * const level = new TimeAverage();
   * level.update(10, 4);
   * assert.throws(() => level.update(5, 1), RangeError);
   * ```
   */
  update(time: Time, value: number): void {
    this.#advance(time);
    checkFinite(value, "value");
    this.#value = value;
    if (value > this.#max) this.#max = value;
  }

  /**
   * Change the level by `delta` at `time`: `add(now, +1)` on arrival, `add(now, -1)`
   * on departure.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TimeAverage } from "@src/sim/mod.ts";
   * const inSystem = new TimeAverage();
   * inSystem.add(0, 1);
   * inSystem.add(4, -1);
   * assert.equal(inSystem.value, 0);
   * assert.equal(inSystem.mean(8), 0.5);
   * ```
   */
  add(time: Time, delta: number): void {
    this.update(time, this.#value + delta);
  }

  /**
   * Area under the level from `start` to `time` (≥ the last update): Σ level · duration.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TimeAverage } from "@src/sim/mod.ts";
   * const level = new TimeAverage({ value: 2 });
   * level.update(3, 5);
   * assert.equal(level.integral(4), 2 * 3 + 5 * 1);
   * ```
   */
  integral(time: Time): number {
    checkFinite(time, "time");
    if (time < this.#last) this.#backwards(time);
    return this.#area + this.#value * (time - this.#last);
  }

  /**
   * Time-weighted mean from `start` to `time`: integral(time) / (time − start). With
   * no time elapsed it is the current level.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TimeAverage } from "@src/sim/mod.ts";
   * const level = new TimeAverage({ start: 10, value: 1 });
   * level.update(20, 3);
   * assert.equal(level.mean(30), 2);
   * assert.equal(new TimeAverage({ value: 7 }).mean(0), 7);
   * ```
   */
  mean(time: Time): number {
    const area = this.integral(time);
    return time === this.start ? this.#value : area / (time - this.start);
  }

  #advance(time: Time): void {
    checkFinite(time, "time");
    const last = this.#last;
    if (time < last) this.#backwards(time);
    this.#area += this.#value * (time - last);
    this.#last = time;
  }

  #backwards(time: Time): never {
    throw new RangeError(
      `TimeAverage cannot go back in time: got ${time}, the last update was at ${this.#last}. ` +
        `Update it with the simulation clock (sim.now), which never decreases.`,
    );
  }
}
