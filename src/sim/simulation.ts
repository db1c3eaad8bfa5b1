/**
 * The discrete-event engine: one integer clock, one future event list, one loop.
 *
 * Every chapter's model (a TCP connection over a lossy link, a VM exit cost model,
 * a Kubernetes scheduler) is a set of callbacks and processes scheduled on a
 * `Simulation`. The loop is the whole idea of discrete-event simulation:
 *
 * ```
 *   while the event heap is not empty:
 *       (time, seq, callback) ← pop the smallest (time, seq)
 *       now ← time                    // the clock jumps; nothing happens in between
 *       callback()                    // may schedule more events at now or later
 * ```
 *
 * Time is an integer number of nanoseconds and moves only here, so a run is a pure
 * function of the model and its seed. Guard rails stop a runaway model: `run()`
 * executes at most `maxEvents` events and never passes `maxTime`, and says which
 * option to raise when it stops.
 *
 * @example A callback and a process sharing one clock
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms, Simulation } from "@src/sim/mod.ts";
 * const sim = new Simulation();
 * const log: string[] = [];
 * sim.schedule(ms(3), () => log.push(`timer at ${sim.now}`));
 * sim.process(function* () {
 *   yield ms(1);
 *   log.push(`process at ${sim.now}`);
 *   yield ms(5);
 *   log.push(`process at ${sim.now}`);
 * });
 * const result = sim.run();
 * assert.deepEqual(log, ["process at 1000000", "timer at 3000000", "process at 6000000"]);
 * assert.equal(result.reason, "empty");
 * ```
 *
 * @module
 */

import { EventHeap, type HeapEntry } from "./event_heap.ts";
import { DEFAULT_MAX_EVENTS, DEFAULT_MAX_TIME } from "./params.ts";
import { Process, type ProcessBody, type ProcessOptions } from "./process.ts";
import { assertDuration, formatTime, type Time } from "./time.ts";

/**
 * Something to do at a simulated instant. It runs inside the event loop with
 * `sim.now` set to its time.
 *
 * @example
 * ```ts
 * import type { EventCallback } from "@src/sim/mod.ts";
 * const tick: EventCallback = () => {};
 * ```
 */
export type EventCallback = () => void;

const PENDING = 0;
const FIRED = 1;
const CANCELLED = 2;

// Module-private doors into private fields, set in static blocks below. They keep
// the run loop off public API while staying plain function calls.
let takeCallback: (event: ScheduledEvent) => EventCallback;
let noteCancelled: (sim: Simulation) => void;
// Only this module holds the key, so only Simulation can construct a ScheduledEvent.
const INTERNAL: unique symbol = Symbol("ScheduledEvent");

/**
 * A handle on one scheduled callback: when it is due, and a way to cancel it.
 *
 * @example Cancel a retransmission timer
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms, Simulation } from "@src/sim/mod.ts";
 * const sim = new Simulation();
 * let fired = false;
 * const timer = sim.schedule(ms(200), () => fired = true);
 * assert.equal(timer.time, 200_000_000);
 * assert.equal(timer.cancel(), true);
 * assert.equal(timer.cancel(), false); // already cancelled
 * sim.run();
 * assert.equal(fired, false);
 * ```
 */
export class ScheduledEvent {
  /** The simulated time the callback is due, in nanoseconds. */
  readonly time: Time;
  #callback: EventCallback | null;
  #state = PENDING;
  #sim: Simulation;

  static {
    takeCallback = (event) => {
      const callback = event.#callback as EventCallback;
      event.#callback = null;
      event.#state = FIRED;
      return callback;
    };
  }

  /** Made by `Simulation.schedule()` and `Simulation.at()` only; `TypeError` otherwise. */
  constructor(key: typeof INTERNAL, sim: Simulation, time: Time, callback: EventCallback) {
    if (key !== INTERNAL) {
      throw new TypeError(
        "ScheduledEvent cannot be constructed directly: use sim.schedule() or sim.at().",
      );
    }
    this.#sim = sim;
    this.time = time;
    this.#callback = callback;
  }

  /**
   * True until the callback has run or been cancelled.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * const event = sim.schedule(5, () => {});
   * assert.equal(event.pending, true);
   * sim.run();
   * assert.equal(event.pending, false);
   * ```
   */
  get pending(): boolean {
    return this.#state === PENDING;
  }

  /**
   * True when `cancel()` removed the event before it ran.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * const event = sim.schedule(5, () => {});
   * event.cancel();
   * assert.equal(event.cancelled, true);
   * ```
   */
  get cancelled(): boolean {
    return this.#state === CANCELLED;
  }

  /**
   * Stop the callback from running. Returns true if it was pending, false if it had
   * already run or been cancelled. O(1): the heap drops it lazily.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * const event = sim.schedule(5, () => {});
   * assert.equal(event.cancel(), true);
   * assert.equal(sim.pending, 0);
   * ```
   */
  cancel(): boolean {
    if (this.#state !== PENDING) return false;
    this.#state = CANCELLED;
    this.#callback = null;
    noteCancelled(this.#sim);
    return true;
  }
}

/**
 * Options for {@linkcode Simulation.run}.
 *
 * @example
 * ```ts
 * import { ms, type RunOptions } from "@src/sim/mod.ts";
 * const options: RunOptions = { until: ms(100), maxEvents: 1_000_000 };
 * ```
 */
export interface RunOptions {
  /**
   * Stop cleanly before the first event due later than this time, and leave the
   * clock at `until`. Events due exactly at `until` run.
   *
   * @default {Infinity} (run until no events remain)
   */
  until?: Time;
  /**
   * Most events this call may execute; one more throws `SimulationLimitError`.
   *
   * @default {10_000_000} (`DEFAULT_MAX_EVENTS`)
   */
  maxEvents?: number;
  /**
   * Latest simulated time an event may run at; an event due later throws
   * `SimulationLimitError` (the horizon of a runaway model).
   *
   * @default `until` when given, else one simulated day (`DEFAULT_MAX_TIME`)
   */
  maxTime?: Time;
}

/**
 * Why {@linkcode Simulation.run} returned: `"empty"` (no events left), `"until"`
 * (reached the `until` time) or `"stopped"` (a callback called `sim.stop()`).
 *
 * @example
 * ```ts
 * import type { StopReason } from "@src/sim/mod.ts";
 * const reason: StopReason = "empty";
 * ```
 */
export type StopReason = "empty" | "until" | "stopped";

/**
 * What {@linkcode Simulation.run} reports when it returns.
 *
 * @example
 * ```ts
 * import type { RunResult } from "@src/sim/mod.ts";
 * const result: RunResult = { reason: "empty", events: 3, now: 42 };
 * ```
 */
export interface RunResult {
  /** Why the run ended. */
  readonly reason: StopReason;
  /** Events executed by this call. */
  readonly events: number;
  /** The clock when the call returned, in nanoseconds. */
  readonly now: Time;
}

/**
 * Which guard rail stopped a run.
 *
 * @example
 * ```ts
 * import type { SimulationLimit } from "@src/sim/mod.ts";
 * const limit: SimulationLimit = "maxEvents";
 * ```
 */
export type SimulationLimit = "maxEvents" | "maxTime";

/**
 * What {@linkcode SimulationLimitError} reports besides the limit's name.
 *
 * @example
 * ```ts
 * import type { SimulationLimitDetails } from "@src/sim/mod.ts";
 * const details: SimulationLimitDetails = { value: 100, now: 99, events: 100, next: 100 };
 * ```
 */
export interface SimulationLimitDetails {
  /** The limit's value for this run (events, or nanoseconds for maxTime). */
  readonly value: number;
  /** The clock when the run stopped, in nanoseconds. */
  readonly now: Time;
  /** Events executed by the stopped `run()` call. */
  readonly events: number;
  /** When the event that would have crossed the limit is due, in nanoseconds. */
  readonly next: Time;
}

/**
 * Thrown by `run()` when a guard rail stops the model. The event that would have
 * crossed the limit is still pending, so `run()` with a larger limit continues
 * exactly where this one stopped.
 *
 * @example Catch a runaway model and continue with a larger budget
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation, SimulationLimitError } from "@src/sim/mod.ts";
 * const sim = new Simulation();
 * const tick = () => { sim.schedule(1, tick); };
 * sim.schedule(0, tick);
 * assert.throws(() => sim.run({ maxEvents: 100 }), (error) => {
 *   assert.ok(error instanceof SimulationLimitError);
 *   assert.equal(error.limit, "maxEvents");
 *   assert.equal(error.value, 100);
 *   assert.match(error.message, /pass \{ maxEvents: 200 \} to run\(\)/);
 *   return true;
 * });
 * assert.equal(sim.now, 99);
 * ```
 */
export class SimulationLimitError extends RangeError {
  /** The option that stopped the run. */
  readonly limit: SimulationLimit;
  /** That option's value for this run. */
  readonly value: number;
  /** The clock when the run stopped, in nanoseconds. */
  readonly now: Time;
  /** Events executed by the stopped `run()` call. */
  readonly events: number;

  /** Built by `run()` when `limit` is crossed; the message names the option to raise. */
  constructor(limit: SimulationLimit, details: SimulationLimitDetails) {
    const { value, now, events, next } = details;
    const raised = value * 2;
    const message = limit === "maxEvents"
      ? `Simulation stopped after ${value} events (maxEvents) at ${formatTime(now)}. ` +
        `If the model is meant to run longer, pass { maxEvents: ${raised} } to run(); ` +
        `calling run() again continues from here.`
      : `Simulation stopped at ${formatTime(now)}: the next event is due at ` +
        `${formatTime(next)}, past maxTime = ${value} ns (${formatTime(value)}). ` +
        `If the model is meant to run longer, pass { maxTime: ${Math.max(raised, next)} } ` +
        `to run(); calling run() again continues from here.`;
    super(message);
    this.name = "SimulationLimitError";
    this.limit = limit;
    this.value = value;
    this.now = now;
    this.events = events;
  }
}

/**
 * The simulation engine: a clock (`now`), a future event list, and `run()`.
 *
 * @example Schedule, cancel and run to a horizon
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms, Simulation } from "@src/sim/mod.ts";
 * const sim = new Simulation();
 * const seen: number[] = [];
 * sim.schedule(ms(1), () => seen.push(sim.now));
 * sim.at(ms(5), () => seen.push(sim.now));
 * sim.schedule(ms(20), () => seen.push(sim.now));
 * const result = sim.run({ until: ms(10) });
 * assert.deepEqual(seen, [1_000_000, 5_000_000]);
 * assert.deepEqual(result, { reason: "until", events: 2, now: 10_000_000 });
 * assert.equal(sim.pending, 1);
 * ```
 */
export class Simulation {
  #now: Time = 0;
  #heap = new EventHeap<ScheduledEvent>();
  #cancelledInHeap = 0;
  #executed = 0;
  #running = false;
  #stopRequested = false;
  #idCounters = new Map<string, number>();

  static {
    noteCancelled = (sim) => {
      sim.#cancelledInHeap++;
      // Lazy deletion leaves cancelled events in the heap until they surface. When
      // they outnumber live ones (many cancelled timers), purge them in one O(n) pass.
      if (sim.#cancelledInHeap > 1024 && sim.#cancelledInHeap * 2 > sim.#heap.size) {
        sim.#heap.removeWhere((event) => !event.pending);
        sim.#cancelledInHeap = 0;
      }
    };
  }

  /**
   * The current simulated time in nanoseconds; starts at 0 and only the loop moves it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * assert.equal(sim.now, 0);
   * sim.schedule(7, () => {});
   * sim.run();
   * assert.equal(sim.now, 7);
   * ```
   */
  get now(): Time {
    return this.#now;
  }

  /**
   * Events still to run (cancelled ones excluded).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * sim.schedule(1, () => {});
   * sim.schedule(2, () => {}).cancel();
   * assert.equal(sim.pending, 1);
   * ```
   */
  get pending(): number {
    return this.#heap.size - this.#cancelledInHeap;
  }

  /**
   * Events executed so far, over all `run()` and `step()` calls.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * sim.schedule(1, () => {});
   * sim.run();
   * assert.equal(sim.eventCount, 1);
   * ```
   */
  get eventCount(): number {
    return this.#executed;
  }

  /**
   * Time of the next pending event, or `Infinity` when none is left.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * assert.equal(sim.nextTime(), Infinity);
   * sim.schedule(40, () => {});
   * assert.equal(sim.nextTime(), 40);
   * ```
   */
  nextTime(): Time {
    this.#dropCancelledTop();
    return this.#heap.peekTime();
  }

  /**
   * Run `callback` after `delay` nanoseconds (0 means "now, after events already
   * scheduled for now"). `delay` must be a non-negative integer, else `RangeError`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation, us } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * const event = sim.schedule(us(10), () => {});
   * assert.equal(event.time, 10_000);
   * assert.throws(() => sim.schedule(-1, () => {}), RangeError);
   * assert.throws(() => sim.schedule(0.5, () => {}), RangeError);
   * ```
   */
  schedule(delay: Time, callback: EventCallback): ScheduledEvent {
    if (!Number.isSafeInteger(delay) || delay < 0) assertDuration(delay, "schedule() delay");
    return this.#insert(this.#now + delay, callback);
  }

  /**
   * Run `callback` at absolute simulated time `time`. A time before `now` is a
   * `RangeError`: the model tried to change the past.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * sim.schedule(100, () => {
   *   assert.throws(() => sim.at(50, () => {}), /in the past/);
   * });
   * sim.at(100, () => {});
   * sim.run();
   * ```
   */
  at(time: Time, callback: EventCallback): ScheduledEvent {
    if (!Number.isSafeInteger(time) || time < 0) assertDuration(time, "at() time");
    if (time < this.#now) {
      throw new RangeError(
        `Cannot schedule at ${time} ns (${formatTime(time)}): that is in the past, the clock ` +
          `is at ${this.#now} ns (${formatTime(this.#now)}). Schedule at sim.now or later, ` +
          `or use sim.schedule(delay, callback) with a non-negative delay.`,
      );
    }
    return this.#insert(time, callback);
  }

  /**
   * Start a process: a generator that `yield`s a delay in nanoseconds to sleep, or a
   * `Signal`/`Process` to wait for it. Its first step runs at `now`, as an event.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ms, Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * const pinger = sim.process(function* () {
   *   for (let i = 0; i < 3; i++) yield ms(10);
   *   return sim.now;
   * }, { name: "pinger" });
   * sim.run();
   * assert.equal(pinger.result, 30_000_000);
   * assert.equal(pinger.state, "finished");
   * ```
   */
  process<R>(
    body: ProcessBody<R> | (() => ProcessBody<R>),
    options: ProcessOptions = {},
  ): Process<R> {
    return new Process(this, body, options);
  }

  /**
   * A fresh id from a per-prefix counter: `"pkt-1"`, `"pkt-2"`, … Ids are labels for
   * traces, never an ordering.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * assert.equal(sim.nextId("pkt"), "pkt-1");
   * assert.equal(sim.nextId("pkt"), "pkt-2");
   * assert.equal(sim.nextId("vm"), "vm-1");
   * ```
   */
  nextId(prefix: string): string {
    const next = (this.#idCounters.get(prefix) ?? 0) + 1;
    this.#idCounters.set(prefix, next);
    return `${prefix}-${next}`;
  }

  /**
   * Ask the current `run()` to return after the event now executing.
   *
   * @example Stop after the third customer
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * let served = 0;
   * const arrive = () => {
   *   if (++served === 3) sim.stop();
   *   sim.schedule(10, arrive);
   * };
   * sim.schedule(0, arrive);
   * assert.equal(sim.run().reason, "stopped");
   * assert.equal(sim.now, 20);
   * ```
   */
  stop(): void {
    this.#stopRequested = true;
  }

  /**
   * Execute the next pending event, ignoring the guard rails. Returns false when no
   * event is left. Handy for stepping through a model cell by cell.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * sim.schedule(5, () => {});
   * assert.equal(sim.step(), true);
   * assert.equal(sim.now, 5);
   * assert.equal(sim.step(), false);
   * ```
   */
  step(): boolean {
    this.#assertNotRunning("step()");
    this.#dropCancelledTop();
    const heap = this.#heap;
    if (heap.size === 0) return false;
    const time = heap.peekTime();
    const event = heap.pop() as ScheduledEvent;
    this.#now = time;
    this.#executed++;
    this.#running = true;
    try {
      takeCallback(event)();
    } finally {
      this.#running = false;
    }
    return true;
  }

  /**
   * Run events in (time, seq) order until none is left, `until` is reached, or a
   * callback calls `stop()`. Throws `SimulationLimitError` past `maxEvents` or
   * `maxTime`; an exception from a callback propagates with the clock at its event.
   *
   * @example Guard rails name the option to raise
   * ```ts
   * import assert from "node:assert/strict";
   * import { hours, Simulation, SimulationLimitError } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * sim.schedule(hours(30), () => {});
   * assert.throws(() => sim.run(), SimulationLimitError);
   * assert.equal(sim.run({ maxTime: hours(48) }).reason, "empty");
   * ```
   */
  run(options: RunOptions = {}): RunResult {
    this.#assertNotRunning("run()");
    const { until, maxEvents, maxTime } = readRunOptions(options);
    if (until < this.#now) {
      throw new RangeError(
        `run() option until is ${until} ns (${formatTime(until)}), before the clock at ` +
          `${this.#now} ns (${formatTime(this.#now)}). Pass an until of sim.now or later.`,
      );
    }
    const heap = this.#heap;
    let events = 0;
    let reason: StopReason;
    this.#running = true;
    this.#stopRequested = false;
    try {
      for (;;) {
        if (this.#stopRequested) {
          reason = "stopped";
          break;
        }
        const event = heap.peek();
        if (event === undefined) {
          reason = "empty";
          break;
        }
        if (!event.pending) {
          heap.pop();
          this.#cancelledInHeap--;
          continue;
        }
        const time = heap.peekTime();
        if (time > until) {
          reason = "until";
          break;
        }
        if (time > maxTime) {
          throw new SimulationLimitError("maxTime", {
            value: maxTime,
            now: this.#now,
            events,
            next: time,
          });
        }
        if (events === maxEvents) {
          throw new SimulationLimitError("maxEvents", {
            value: maxEvents,
            now: this.#now,
            events,
            next: time,
          });
        }
        heap.pop();
        this.#now = time;
        events++;
        takeCallback(event)();
      }
    } finally {
      this.#running = false;
      this.#stopRequested = false;
      this.#executed += events;
    }
    if (reason !== "stopped" && until !== Infinity) this.#now = until;
    return { reason, events, now: this.#now };
  }

  /**
   * The pending events in the order they will run: the future event list, for study.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * const sim = new Simulation();
   * sim.schedule(30, () => {});
   * sim.schedule(10, () => {});
   * assert.deepEqual(sim.futureEvents().map((entry) => entry.time), [10, 30]);
   * ```
   */
  futureEvents(): HeapEntry<ScheduledEvent>[] {
    return this.#heap.toArray().filter((entry) => entry.item.pending);
  }

  #insert(time: Time, callback: EventCallback): ScheduledEvent {
    if (typeof callback !== "function") {
      throw new TypeError(
        `Cannot schedule ${typeof callback} ${String(callback)}: a callback function is ` +
          `needed, e.g. sim.schedule(ms(1), () => { ... }).`,
      );
    }
    if (!Number.isSafeInteger(time)) {
      throw new RangeError(
        `Cannot schedule at ${time} ns: past the largest exact time ` +
          `${Number.MAX_SAFE_INTEGER} ns (about 104 days). Use a shorter delay.`,
      );
    }
    const event = new ScheduledEvent(INTERNAL, this, time, callback);
    this.#heap.push(time, event);
    return event;
  }

  #dropCancelledTop(): void {
    const heap = this.#heap;
    while (heap.size > 0 && !(heap.peek() as ScheduledEvent).pending) {
      heap.pop();
      this.#cancelledInHeap--;
    }
  }

  #assertNotRunning(what: string): void {
    if (this.#running) {
      throw new TypeError(
        `Cannot call ${what} from inside an event callback: the simulation is already ` +
          `running. Schedule more events instead, or call sim.stop() to end the run.`,
      );
    }
  }
}

function readRunOptions(options: RunOptions): Required<RunOptions> {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `run() options must be an object: got ${String(options)}. ` +
        `Pass e.g. { until: ms(100) } or nothing.`,
    );
  }
  const { until = Infinity, maxEvents = DEFAULT_MAX_EVENTS } = options;
  if (until !== Infinity) assertDuration(until, "run() option until");
  if (!Number.isSafeInteger(maxEvents) || maxEvents < 1) {
    throw new RangeError(
      `run() option maxEvents must be a positive integer: got ${maxEvents}. ` +
        `Pass e.g. { maxEvents: ${DEFAULT_MAX_EVENTS} } or leave it out.`,
    );
  }
  const maxTime = options.maxTime ?? (until === Infinity ? DEFAULT_MAX_TIME : until);
  assertDuration(maxTime, "run() option maxTime");
  return { until, maxEvents, maxTime };
}
