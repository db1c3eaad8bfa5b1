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
// 2. Sampling a big cluster (numFeasibleNodesToFind) and choosing among ties (selectHost).
export * from "./select_host.ts";
// 3. One cycle: filter, score, select, bind, preemption on failure, explanation.
export * from "./schedule_one.ts";
// 4. Many pods in priority order, one pass: placement and utilisation rows.
export * from "./queue.ts";
// 5. The queue over time: activeQ, backoffQ (1 s doubling to 10 s), unschedulable pods, events.
export * from "./scheduling_queue.ts";
