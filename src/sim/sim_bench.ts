/**
 * Benchmarks of the simulation core: how many events per second one core runs.
 *
 * Run with `deno bench src/sim/sim_bench.ts`. Each benchmark executes 10^6 events,
 * so events per second = 10^6 / (time per iteration); at 200 ms per iteration that
 * is 5 M events/s. The "hold model" is the classic event-list benchmark (Vaucher &
 * Duval 1975): a fixed number of pending events, each of which schedules one more
 * at now + a random delay, so the heap size stays constant while 10^6 events flow
 * through it. Delays come from a precomputed table so the PRNG is measured apart.
 *
 * @example Run one benchmark body by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { holdModel } from "./sim_bench.ts";
 * assert.equal(holdModel(10, 1000), 1000);
 * ```
 *
 * @module
 */

import { EventHeap, Random, Simulation } from "./mod.ts";

const EVENTS = 1_000_000;
const TABLE_SIZE = 4096; // a power of two, so `index & (TABLE_SIZE − 1)` wraps around
const DELAYS = new Float64Array(TABLE_SIZE);
const random = new Random("sim_bench");
for (let i = 0; i < TABLE_SIZE; i++) DELAYS[i] = Math.round(random.exponential(1 / 1000));

/**
 * Hold model with plain callbacks: `pending` events in flight, `events` executed.
 * Returns the number of events `run()` executed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { holdModel } from "./sim_bench.ts";
 * assert.equal(holdModel(3, 50), 50);
 * ```
 */
export function holdModel(pending: number, events: number): number {
  const sim = new Simulation();
  let next = 0;
  let executed = 0;
  const tick = () => {
    if (++executed === events) sim.stop();
    sim.schedule(DELAYS[next++ & (TABLE_SIZE - 1)], tick);
  };
  for (let i = 0; i < pending; i++) sim.schedule(DELAYS[i & (TABLE_SIZE - 1)], tick);
  return sim.run({ maxEvents: events }).events;
}

/**
 * Hold model with generator processes: `processes` loops that each sleep a table
 * delay, `events` resumptions in total. Returns the events `run()` executed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { processModel } from "./sim_bench.ts";
 * assert.equal(processModel(4, 100), 100);
 * ```
 */
export function processModel(processes: number, events: number): number {
  const sim = new Simulation();
  let executed = 0;
  for (let p = 0; p < processes; p++) {
    sim.process(function* () {
      let next = p;
      for (;;) {
        if (++executed === events) sim.stop();
        yield DELAYS[next++ & (TABLE_SIZE - 1)];
      }
    });
  }
  return sim.run({ maxEvents: events }).events;
}

/**
 * Hold model whose delays are drawn from `Random.exponential()` as a model would.
 * Returns the events `run()` executed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomHoldModel } from "./sim_bench.ts";
 * assert.equal(randomHoldModel(10, 100), 100);
 * ```
 */
export function randomHoldModel(pending: number, events: number): number {
  const sim = new Simulation();
  const delays = new Random(1);
  let executed = 0;
  const tick = () => {
    if (++executed === events) sim.stop();
    sim.schedule(Math.round(delays.exponential(1 / 1000)), tick);
  };
  for (let i = 0; i < pending; i++) sim.schedule(i, tick);
  return sim.run({ maxEvents: events }).events;
}

const options = { n: 10, warmup: 3 };

Deno.bench({
  ...options,
  name: "run() 10^6 callback events, 10 pending",
  group: "events",
  fn: () => void holdModel(10, EVENTS),
});

Deno.bench({
  ...options,
  name: "run() 10^6 callback events, 1000 pending",
  group: "events",
  baseline: true,
  fn: () => void holdModel(1000, EVENTS),
});

Deno.bench({
  ...options,
  name: "run() 10^6 callback events, 100000 pending",
  group: "events",
  fn: () => void holdModel(100_000, EVENTS),
});

Deno.bench({
  ...options,
  name: "run() 10^6 process resumptions, 100 processes",
  group: "events",
  fn: () => void processModel(100, EVENTS),
});

Deno.bench({
  ...options,
  name: "run() 10^6 events with exponential delays from Random, 1000 pending",
  group: "events",
  fn: () => void randomHoldModel(1000, EVENTS),
});

Deno.bench({
  ...options,
  name: "EventHeap 10^6 × (pop + push), 1000 entries",
  group: "parts",
  fn: () => {
    const heap = new EventHeap<number>();
    for (let i = 0; i < 1000; i++) heap.push(DELAYS[i], i);
    for (let i = 0; i < EVENTS; i++) {
      const time = heap.peekTime();
      const item = heap.pop() as number;
      heap.push(time + DELAYS[i & (TABLE_SIZE - 1)], item);
    }
  },
});

Deno.bench({
  ...options,
  name: "Random.next() × 10^6",
  group: "parts",
  fn: () => {
    const stream = new Random(1);
    let total = 0;
    for (let i = 0; i < EVENTS; i++) total += stream.next();
    if (total < 0) throw new Error("unreachable");
  },
});
