/**
 * Processes: simulated activities written as generator functions.
 *
 * A callback model splits one activity ("send, wait for the ACK, send again") into
 * many callbacks. A process keeps it as one straight-line function: the generator
 * pauses at each `yield` and the simulation resumes it later.
 *
 * ```
 *   yield ms(5)       sleep 5 ms of simulated time          (a non-negative integer)
 *   yield signal      wait until signal.fire(value)        → the yield returns value
 *   yield process     wait until that process finishes     → the yield returns its result
 *
 *   scheduled ──▶ running ──yield delay──▶ sleeping ──(timer)──┐
 *                  ▲  │  └─yield waitable─▶ waiting ──(wake)───┤
 *                  │  └─return──▶ finished                     │
 *                  └───────────────────────────────────────────┘
 *   cancel() from scheduled/sleeping/waiting ──▶ cancelled   (finally blocks run)
 *   an exception in the body ──▶ failed                    (and run() rethrows it)
 * ```
 *
 * Every resumption is an event on the heap, so processes and plain callbacks
 * interleave in (time, seq) order. Anything with a `wait(callback)` method that
 * returns a cancel function can be yielded (see {@linkcode Waitable}).
 *
 * @example A sender waiting for an acknowledgement
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms, Signal, Simulation } from "@src/sim/mod.ts";
 * const sim = new Simulation();
 * const ack = new Signal<number>(sim);
 * const log: string[] = [];
 * sim.process(function* () {
 *   log.push(`send at ${sim.now}`);
 *   const seq = yield ack;
 *   log.push(`ack ${seq} at ${sim.now}`);
 * });
 * sim.schedule(ms(20), () => ack.fire(1));
 * sim.run();
 * assert.deepEqual(log, ["send at 0", "ack 1 at 20000000"]);
 * ```
 *
 * @module
 */

import type { ScheduledEvent, Simulation } from "./simulation.ts";
import type { Time } from "./time.ts";
import { WaiterList } from "./_waiters.ts";

/**
 * Something a process can wait for. `wait(callback)` arranges for `callback(value)` to
 * run in an event when the thing happens, and returns a function that withdraws the
 * wait. `Signal` and `Process` implement it. (A callback called synchronously inside
 * `wait()` still works: the process then resumes in an event at `now`.)
 *
 * @example A custom waitable: a timer that reports when it went off
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation, type Waitable } from "@src/sim/mod.ts";
 * const sim = new Simulation();
 * const after = (delay: number): Waitable<number> => ({
 *   wait(callback) {
 *     const event = sim.schedule(delay, () => callback(sim.now));
 *     return () => event.cancel();
 *   },
 * });
 * sim.process(function* () {
 *   const firedAt = yield after(5);
 *   assert.equal(firedAt, 5);
 * });
 * sim.run();
 * ```
 */
export interface Waitable<T> {
  /** Register `callback`; return a function that cancels the registration. */
  wait(callback: (value: T) => void): () => void;
}

/**
 * What a process may `yield`: a delay in nanoseconds or a {@linkcode Waitable}.
 *
 * @example
 * ```ts
 * import { ms, type Yieldable } from "@src/sim/mod.ts";
 * const sleep: Yieldable = ms(5);
 * ```
 */
export type Yieldable = Time | Waitable<unknown>;

/**
 * The generator a process runs. The value sent back by `yield` is `unknown`: narrow
 * it where you know what you waited for (`const seq = (yield ack) as number`).
 *
 * @example
 * ```ts
 * import { ms, type ProcessBody } from "@src/sim/mod.ts";
 * function* blink(): ProcessBody<void> {
 *   yield ms(1);
 * }
 * ```
 */
export type ProcessBody<R> = Generator<Yieldable, R, unknown>;

/**
 * Where a process is in its life; see the diagram in the module comment.
 *
 * @example
 * ```ts
 * import type { ProcessState } from "@src/sim/mod.ts";
 * const state: ProcessState = "sleeping";
 * ```
 */
export type ProcessState =
  | "scheduled"
  | "running"
  | "sleeping"
  | "waiting"
  | "finished"
  | "cancelled"
  | "failed";

/**
 * Options for {@linkcode Process} and `Simulation.process()`.
 *
 * @example
 * ```ts
 * import type { ProcessOptions } from "@src/sim/mod.ts";
 * const options: ProcessOptions = { name: "tcp-sender" };
 * ```
 */
export interface ProcessOptions {
  /**
   * A label for traces and error messages.
   *
   * @default `sim.nextId("process")`, e.g. `"process-1"`
   */
  name?: string;
}

/**
 * A running generator driven by the simulation. Usually made by `sim.process()`.
 *
 * @example Join another process and read its result
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms, Process, Simulation } from "@src/sim/mod.ts";
 * const sim = new Simulation();
 * const boot = new Process(sim, function* () {
 *   yield ms(30);
 *   return "ready";
 * }, { name: "vm-boot" });
 * sim.process(function* () {
 *   const status = yield boot;
 *   assert.equal(status, "ready");
 *   assert.equal(sim.now, 30_000_000);
 * });
 * sim.run();
 * assert.equal(boot.name, "vm-boot");
 * ```
 */
export class Process<R = void> implements Waitable<R | undefined> {
  /** The label given in the options. */
  readonly name: string;
  /** The simulation that drives this process. */
  readonly sim: Simulation;
  #generator: ProcessBody<R>;
  #state: ProcessState = "scheduled";
  #result: R | undefined = undefined;
  #resumeValue: unknown = undefined;
  #wake: ScheduledEvent | null;
  #cancelWait: (() => void) | null = null;
  #joiners = new WaiterList<R | undefined>();

  /**
   * Schedule the first step of `body` (a generator, or a function returning one) at
   * `sim.now`. `TypeError` if `body` is not a generator.
   */
  constructor(
    sim: Simulation,
    body: ProcessBody<R> | (() => ProcessBody<R>),
    options: ProcessOptions = {},
  ) {
    const { name = sim.nextId("process") } = options;
    const generator = typeof body === "function" ? body() : body;
    if (
      generator === null || typeof generator !== "object" ||
      typeof generator.next !== "function" || typeof generator.return !== "function"
    ) {
      throw new TypeError(
        `Process "${name}" needs a generator: got ${typeof generator} ${String(generator)}. ` +
          `Write the body as function* () { yield ms(1); ... } (note the *).`,
      );
    }
    this.sim = sim;
    this.name = name;
    this.#generator = generator;
    this.#wake = sim.schedule(0, this.#advance);
  }

  /**
   * Where the process is in its life.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * const worker = sim.process(function* () { yield 10; });
   * assert.equal(worker.state, "scheduled");
   * sim.step();
   * assert.equal(worker.state, "sleeping");
   * sim.run();
   * assert.equal(worker.state, "finished");
   * ```
   */
  get state(): ProcessState {
    return this.#state;
  }

  /**
   * True once the process has finished, been cancelled or failed.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * const worker = sim.process(function* () { yield 10; });
   * sim.run();
   * assert.equal(worker.done, true);
   * ```
   */
  get done(): boolean {
    const state = this.#state;
    return state === "finished" || state === "cancelled" || state === "failed";
  }

  /**
   * The generator's return value once finished; `undefined` before that.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * const worker = sim.process(function* () { yield 10; return 42; });
   * sim.run();
   * assert.equal(worker.result, 42);
   * ```
   */
  get result(): R | undefined {
    return this.#result;
  }

  /**
   * Call `callback(result)` in an event once the process is done (at once, as the
   * next event at `now`, if it already is). A cancelled process passes `undefined`.
   * Returns a function that withdraws the wait. This makes `yield process` work.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * const worker = sim.process(function* () { yield 10; return "ok"; });
   * let seen: unknown;
   * worker.wait((result) => seen = result);
   * sim.run();
   * assert.equal(seen, "ok");
   * ```
   */
  wait(callback: (result: R | undefined) => void): () => void {
    if (this.done) {
      if (typeof callback !== "function") {
        throw new TypeError(
          `Process "${this.name}".wait() needs a callback function: got ${typeof callback}.`,
        );
      }
      const result = this.#result;
      const event = this.sim.schedule(0, () => callback(result));
      return () => {
        event.cancel();
      };
    }
    return this.#joiners.add(callback);
  }

  /**
   * Stop the process where it is paused: its pending wake-up is withdrawn and its
   * `finally` blocks run. Returns false if it was already done. A process cannot
   * cancel itself (return from the generator instead).
   *
   * @example Cancel a retransmission loop
   * ```ts
   * import assert from "node:assert/strict";
   * import { ms, Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * let sent = 0;
   * const sender = sim.process(function* () {
   *   for (;;) {
   *     sent++;
   *     yield ms(200);
   *   }
   * });
   * sim.schedule(ms(500), () => sender.cancel());
   * sim.run();
   * assert.equal(sent, 3);
   * assert.equal(sender.state, "cancelled");
   * ```
   */
  cancel(): boolean {
    if (this.done) return false;
    if (this.#state === "running") {
      throw new TypeError(
        `Process "${this.name}" cannot cancel itself while it runs. ` +
          `Return from its generator to end it.`,
      );
    }
    this.#wake?.cancel();
    this.#wake = null;
    this.#cancelWait?.();
    this.#cancelWait = null;
    this.#state = "cancelled";
    const step = this.#generator.return(undefined as R);
    if (!step.done) {
      throw new TypeError(
        `Process "${this.name}" yielded from a finally block while being cancelled. ` +
          `A cancelled process cannot wait; move the waiting out of the finally block.`,
      );
    }
    this.#joiners.wakeAll(this.sim, undefined);
    return true;
  }

  // Resume the generator with #resumeValue and act on what it yields next.
  #advance = (): void => {
    this.#wake = null;
    this.#state = "running";
    const input = this.#resumeValue;
    this.#resumeValue = undefined;
    let step: IteratorResult<Yieldable, R>;
    try {
      step = this.#generator.next(input);
    } catch (error) {
      this.#state = "failed";
      throw error;
    }
    if (step.done) {
      this.#state = "finished";
      this.#result = step.value;
      this.#joiners.wakeAll(this.sim, step.value);
      return;
    }
    const yielded = step.value;
    if (typeof yielded === "number") {
      if (!Number.isSafeInteger(yielded) || yielded < 0) {
        this.#state = "failed";
        throw new RangeError(
          `Process "${this.name}" yielded a delay of ${yielded} ns at ${this.sim.now} ns; ` +
            `a delay must be a non-negative whole number of nanoseconds. ` +
            `Build it with ms(), us() or Math.round().`,
        );
      }
      this.#state = "sleeping";
      this.#wake = this.sim.schedule(yielded, this.#advance);
      return;
    }
    if (yielded !== null && typeof yielded === "object" && typeof yielded.wait === "function") {
      const cancelWait = yielded.wait(this.#onWake);
      if (this.#wake === null) {
        this.#state = "waiting";
        this.#cancelWait = cancelWait;
      } else {
        this.#state = "scheduled"; // woken synchronously inside wait(); see #onWake
      }
      return;
    }
    this.#state = "failed";
    throw new TypeError(
      `Process "${this.name}" yielded ${typeof yielded} ${String(yielded)} at ` +
        `${this.sim.now} ns. Yield a delay in nanoseconds (yield ms(5)), a Signal, ` +
        `or a Process to wait for.`,
    );
  };

  #onWake = (value: unknown): void => {
    this.#cancelWait = null;
    this.#resumeValue = value;
    if (this.#state === "running") {
      // Called from inside the waitable's wait(): resume as an event instead of
      // re-entering the generator step that is still being set up.
      this.#wake = this.sim.schedule(0, this.#advance);
      return;
    }
    this.#advance();
  };
}
