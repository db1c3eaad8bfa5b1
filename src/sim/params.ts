/**
 * Tunables of the simulation core, in one place (like xv6's `param.h`).
 *
 * Every guard rail that stops a runaway model reads its default from here, so a
 * chapter that needs a bigger budget passes an option instead of editing this file.
 * The numbers are estimates chosen for a notebook on one core, not measurements of
 * any real system.
 *
 * @example Read a default
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_MAX_EVENTS } from "@src/sim/params.ts";
 * assert.equal(DEFAULT_MAX_EVENTS, 10_000_000);
 * ```
 *
 * @module
 */

/**
 * Events one `run()` call may execute before it stops with `SimulationLimitError`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_MAX_EVENTS } from "@src/sim/params.ts";
 * assert.ok(DEFAULT_MAX_EVENTS > 1_000_000);
 * ```
 */
export const DEFAULT_MAX_EVENTS = 10_000_000; // estimate: ~2 s of wall time at 5 M events/s

/**
 * Simulated time (ns) past which `run()` stops with `SimulationLimitError` when no
 * `until` is given: one simulated day.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_MAX_TIME } from "@src/sim/params.ts";
 * assert.equal(DEFAULT_MAX_TIME, 24 * 3600 * 1e9);
 * ```
 */
export const DEFAULT_MAX_TIME = 86_400_000_000_000; // estimate: longer than any chapter's model

/**
 * Rows a `Trace` accepts before `push()` throws; Observable Plot is slow well below this.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_TRACE_CAPACITY } from "@src/sim/params.ts";
 * assert.equal(DEFAULT_TRACE_CAPACITY, 1_000_000);
 * ```
 */
export const DEFAULT_TRACE_CAPACITY = 1_000_000; // estimate: ~100 MB of small rows

/**
 * Slots the event heap allocates up front; it doubles when full.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { INITIAL_HEAP_CAPACITY } from "@src/sim/params.ts";
 * assert.equal(INITIAL_HEAP_CAPACITY, 1024);
 * ```
 */
export const INITIAL_HEAP_CAPACITY = 1024; // estimate: fits a small model without growing
