/**
 * `cluster/scheduler`: the scheduling cycle (sampling, round robin, filter, score,
 * selectHost), its explanation, the unschedulable message, and a queue for many pods.
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Scheduler } from "./mod.ts";
 * const scheduler = new Scheduler([makeNode("n1", { cpu: "2", memory: "2Gi" })], { seed: 7 });
 * assert.equal(scheduler.scheduleOne(makePod("p", { cpu: "1" })).node, "n1");
 * ```
 *
 * @module
 */

// 1. "0/N nodes are available: …" as upstream formats it.
export * from "./fit_error.ts";
// 2. One cycle: numFeasibleNodesToFind, filter, score, selectHost, bind, explanation.
export * from "./schedule_one.ts";
// 3. The queue: many pods in priority order, placement and utilisation rows.
export * from "./queue.ts";
