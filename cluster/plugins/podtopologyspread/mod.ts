/**
 * `plugins/podtopologyspread`: the PodTopologySpread plugin — NAME, reasons, factory, and
 * the domain counting and skew helpers the homework reuses in its tests.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./mod.ts";
 * assert.equal(NAME, "PodTopologySpread");
 * ```
 *
 * @module
 */

// Filter (maxSkew, minDomains, DoNotSchedule) and Score (ScheduleAnyway).
export * from "./pod_topology_spread.ts";
