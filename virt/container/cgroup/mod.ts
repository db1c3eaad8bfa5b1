/**
 * `virt/container/cgroup`: how much a container may use. cgroup v2 puts processes in a
 * tree of groups; controllers enabled down the tree enforce cpu.max (bandwidth), cpu.weight
 * (shares), memory.high/max and pids.max.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { simulateBandwidth } from "@virt/container/cgroup/mod.ts";
 * const run = simulateBandwidth({ groups: [{ path: "/a", cpuMax: "25000 100000" }], threads: [{ group: "/a" }] });
 * assert.equal(run.stats["/a"].usage_usec, 250_000);
 * ```
 *
 * @module
 */

// 1. Tunables: default period, bandwidth slice, weight bounds, with sources.
export * from "./params.ts";
// 2. Interface files as text: cpu.max, cpu.weight, memory.*, pids.max, flat keyed files, subtree_control.
export * from "./interface_files.ts";
// 3. The hierarchy: mkdir/rmdir, controllers down the tree, no internal processes, read/write.
export * from "./hierarchy.ts";
// 4. cpu.weight: proportional shares of contended CPUs among siblings.
export * from "./weight.ts";
// 5. CFS bandwidth control: quota, period, slices, throttling, cpu.stat — simulated.
export * from "./bandwidth.ts";
// 6. Its options and result rows (timeline, periods, cpu.stat per cgroup).
export * from "./bandwidth_types.ts";
// 7. memory.high and memory.max: reclaim, throttling and OOM kills, a simple model.
export * from "./memory.ts";
