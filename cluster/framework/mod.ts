/**
 * `cluster/framework`: the scheduling framework — statuses, extension-point interfaces,
 * NodeInfo and the snapshot, the normalize helper, profiles and the runtime that runs a
 * profile's plugins.
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_NODE_SCORE, unschedulable } from "./mod.ts";
 * assert.equal(MAX_NODE_SCORE, 100);
 * assert.equal(unschedulable("Too many pods").code, "Unschedulable");
 * ```
 *
 * @module
 */

// 1. Status codes and reasons: a plugin's verdict, never an exception.
export * from "./status.ts";
// 2. Extension points (PreFilter, Filter, PostFilter, PreScore, Score, Reserve, Bind), CycleState.
export * from "./interface.ts";
// 3. NodeInfo (requested, non-zero requested, ports) and the cycle's Snapshot.
export * from "./node_info.ts";
// 4. DefaultNormalizeScore.
export * from "./normalize.ts";
// 5. Profiles, default plugins and weights, the registry type.
export * from "./profile.ts";
// 6. The runtime: run a profile's plugins at each extension point.
export * from "./runtime.ts";
