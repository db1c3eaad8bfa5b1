/**
 * `cluster/display`: chapter 4's views — filter verdicts, score breakdowns, cluster
 * utilisation, preemption and the queue over time, as tidy rows, Plot marks and `show…()` charts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PLUGIN_COLORS } from "./mod.ts";
 * assert.equal(PLUGIN_COLORS.NodeResourcesFit, "#4e79a7");
 * ```
 *
 * @module
 */

// Filter matrix, score rows and bars, utilisation bars.
export * from "./scheduling_views.ts";
// Preemption (pods stacked per node, evicted and nominated) and the queue over time.
export * from "./queue_views.ts";
