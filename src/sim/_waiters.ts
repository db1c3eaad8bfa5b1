/**
 * Private helper: a first-in, first-out list of callbacks waiting for something
 * (a `Signal` to fire, a `Process` to finish). Waking schedules each callback as its
 * own event at the current instant, in the order they started waiting, so wake-ups
 * go through the heap like everything else and stay deterministic.
 *
 * @module
 */

import type { ScheduledEvent, Simulation } from "./simulation.ts";

interface Waiter<T> {
  readonly callback: (value: T) => void;
  event: ScheduledEvent | null; // set once woken; cancelling it stops the wake-up
}

/** Callbacks waiting on one thing; see the module comment. */
export class WaiterList<T> {
  #waiters: Waiter<T>[] = [];

  /** How many callbacks are waiting (not yet woken). */
  get size(): number {
    return this.#waiters.length;
  }

  /** Add a waiter; the returned function withdraws it, before or after the wake-up. */
  add(callback: (value: T) => void): () => void {
    if (typeof callback !== "function") {
      throw new TypeError(
        `wait() needs a callback function: got ${typeof callback} ${String(callback)}. ` +
          `Pass e.g. (value) => { ... }, or yield the signal from a process.`,
      );
    }
    const waiter: Waiter<T> = { callback, event: null };
    this.#waiters.push(waiter);
    return () => {
      if (waiter.event !== null) {
        waiter.event.cancel();
        return;
      }
      const index = this.#waiters.indexOf(waiter);
      if (index >= 0) this.#waiters.splice(index, 1);
    };
  }

  /** Schedule every current waiter at `sim.now` with `value`; returns how many. */
  wakeAll(sim: Simulation, value: T): number {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) {
      waiter.event = sim.schedule(0, () => waiter.callback(value));
    }
    return waiters.length;
  }
}
