/**
 * `virt/display`: chapter 2's views, built on `src/display` — a virtqueue drawn from
 * the bytes in guest memory, and VM exits placed on a simulated time axis.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ENTRY_STATES, exitCycles } from "@virt/display/mod.ts";
 * import { DEFAULT_COSTS } from "@virt/params.ts";
 * assert.equal(ENTRY_STATES.length, 6);
 * assert.equal(exitCycles("IOEVENTFD", "kernel", DEFAULT_COSTS), 1360 + 600);
 * ```
 *
 * @module
 */

// 1. A split virtqueue as cells (descriptor table, available ring, used ring) and cursors.
export * from "./virtqueue_view.ts";
// 2. Exits at their simulated time, and exits per second by reason.
export * from "./exit_timeline.ts";
