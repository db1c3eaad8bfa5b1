/**
 * Signals: a broadcast "this happened" that processes and callbacks can wait for.
 *
 * A signal has no memory. `fire(value)` wakes everyone waiting at that instant, each
 * in its own event at `now`, in the order they began to wait; whoever starts waiting
 * afterwards waits for the next `fire()`. It is the condition variable of the
 * simulation world: "a packet arrived", "the link went idle", "a pod was bound".
 *
 * ```
 *   waiters: [ A, B ]   ──fire(v)──▶  heap gets  (now, s) A(v)   (now, s+1) B(v)
 *   waiters: [ ]                      a later wait() waits for the next fire()
 * ```
 *
 * @example Wake an idle server when work arrives
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms, Signal, Simulation } from "@src/sim/mod.ts";
 * const sim = new Simulation();
 * const work = new Signal<string>(sim, { name: "work" });
 * const done: string[] = [];
 * sim.process(function* () {
 *   for (;;) {
 *     const job = (yield work) as string;
 *     yield ms(1);
 *     done.push(`${job}@${sim.now}`);
 *   }
 * });
 * sim.schedule(ms(10), () => work.fire("a"));
 * sim.schedule(ms(20), () => work.fire("b"));
 * sim.run();
 * assert.deepEqual(done, ["a@11000000", "b@21000000"]);
 * ```
 *
 * @module
 */

import type { Waitable } from "./process.ts";
import type { Simulation } from "./simulation.ts";
import { WaiterList } from "./_waiters.ts";

/**
 * Options for {@linkcode Signal}.
 *
 * @example
 * ```ts
 * import type { SignalOptions } from "@src/sim/mod.ts";
 * const options: SignalOptions = { name: "link-idle" };
 * ```
 */
export interface SignalOptions {
  /**
   * A label for traces and debugging.
   *
   * @default `sim.nextId("signal")`, e.g. `"signal-1"`
   */
  name?: string;
}

/**
 * A broadcast event carrying a value of type `T`; see the module comment.
 *
 * @example Callbacks wait too
 * ```ts
 * import assert from "node:assert/strict";
 * import { Signal, Simulation } from "@src/sim/mod.ts";
 * const sim = new Simulation();
 * const linkUp = new Signal(sim);
 * let upAt = -1;
 * linkUp.wait(() => upAt = sim.now);
 * sim.schedule(500, () => linkUp.fire());
 * sim.run();
 * assert.equal(upAt, 500);
 * ```
 */
export class Signal<T = void> implements Waitable<T> {
  /** The label given in the options. */
  readonly name: string;
  /** The simulation whose events deliver the wake-ups. */
  readonly sim: Simulation;
  #waiters = new WaiterList<T>();

  /** A signal whose wake-ups run as events of `sim`. */
  constructor(sim: Simulation, options: SignalOptions = {}) {
    const { name = sim.nextId("signal") } = options;
    this.sim = sim;
    this.name = name;
  }

  /**
   * How many processes and callbacks wait for the next `fire()`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Signal, Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * const signal = new Signal(sim);
   * signal.wait(() => {});
   * assert.equal(signal.waiting, 1);
   * ```
   */
  get waiting(): number {
    return this.#waiters.size;
  }

  /**
   * Call `callback(value)` in an event at the next `fire()`; once only. Returns a
   * function that withdraws the wait (even after the fire, before the wake-up runs).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Signal, Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * const signal = new Signal<number>(sim);
   * const seen: number[] = [];
   * const withdraw = signal.wait((value) => seen.push(value));
   * withdraw();
   * signal.fire(1);
   * sim.run();
   * assert.deepEqual(seen, []);
   * ```
   */
  wait(callback: (value: T) => void): () => void {
    return this.#waiters.add(callback);
  }

  /**
   * Wake everyone waiting now with `value`; returns how many were woken. The wake-ups
   * run as events at `now`, after the event that fired.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Signal, Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * const signal = new Signal<string>(sim);
   * signal.wait(() => {});
   * signal.wait(() => {});
   * assert.equal(signal.fire("go"), 2);
   * assert.equal(signal.fire("again"), 0);
   * ```
   */
  fire(value: T): number {
    return this.#waiters.wakeAll(this.sim, value);
  }
}
