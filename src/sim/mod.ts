/**
 * `src/sim`: the deterministic discrete-event simulation core every chapter uses.
 *
 * A model is callbacks and processes scheduled on a `Simulation`, drawing chance
 * from a seeded `Random`, logging flat rows to a `Trace`, and summarised with the
 * statistics helpers. Time is an integer count of nanoseconds that only the event
 * loop advances, events run in (time, sequence number) order, and the seed is
 * required: the same notebook gives the same numbers on every machine.
 *
 * The re-exports below are in teaching order: read the files top to bottom.
 *
 * @example An M/M/1 queue in a dozen lines
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms, Random, Signal, Simulation, TimeAverage } from "@src/sim/mod.ts";
 * const sim = new Simulation();
 * const random = new Random(1);
 * const inSystem = new TimeAverage();
 * const arrived = new Signal(sim);
 * let waiting = 0;
 * sim.process(function* () { // arrivals: λ = 0.8 per ms
 *   for (;;) {
 *     yield Math.round(random.exponential(0.8 / ms(1)));
 *     inSystem.add(sim.now, +1);
 *     waiting++;
 *     arrived.fire();
 *   }
 * });
 * sim.process(function* () { // server: μ = 1 per ms
 *   for (;;) {
 *     if (waiting === 0) yield arrived;
 *     yield Math.round(random.exponential(1 / ms(1)));
 *     waiting--;
 *     inSystem.add(sim.now, -1);
 *   }
 * });
 * sim.run({ until: ms(1000) });
 * assert.ok(inSystem.mean(sim.now) > 0);
 * ```
 *
 * @module
 */

// 1. Simulated time: integer nanoseconds, unit helpers and formatting.
export * from "./time.ts";
// 2. The future event list: a binary heap ordered by (time, sequence number).
export * from "./event_heap.ts";
// 3. The engine: clock, schedule/at, run/step, guard rails and their error.
export * from "./simulation.ts";
// 4. Processes: activities written as generators that yield delays or waitables.
export * from "./process.ts";
// 5. Signals: broadcast wake-ups for processes and callbacks.
export * from "./signal.ts";
// 6. Seeded randomness: xoshiro128** with forkable, independent streams.
export * from "./random.ts";
// 7. Traces: append-only flat rows for charts, tests and golden files.
export * from "./trace.ts";
// 8. Sample statistics: mean, variance, percentiles (numpy's linear method), summaries.
export * from "./stats.ts";
// 9. Streaming statistics in constant memory (Welford).
export * from "./running_stats.ts";
// 10. Time-weighted averages of a level, e.g. mean number in a queue.
export * from "./time_average.ts";
// 11. Histograms with equal-width bins, as rows for a bar chart.
export * from "./histogram.ts";
// 12. Counters of categories, as rows for a bar chart.
export * from "./counter.ts";
// 13. Tunables: the guard rails' defaults.
export * from "./params.ts";
