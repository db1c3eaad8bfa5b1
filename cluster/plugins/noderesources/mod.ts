/**
 * `plugins/noderesources`: NodeResourcesFit (filter + LeastAllocated / MostAllocated /
 * RequestedToCapacityRatio scores) and NodeResourcesBalancedAllocation.
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { leastRequestedScore, NAME } from "./mod.ts";
 * assert.equal(NAME, "NodeResourcesFit");
 * assert.equal(leastRequestedScore(0, 4000), 100);
 * ```
 *
 * @module
 */

// 1. The scoring formulas as pure functions (least, most, shape, balanced).
export * from "./scorers.ts";
// 2. NodeResourcesFit: the filter and the strategy-based score.
export * from "./fit.ts";
// 3. NodeResourcesBalancedAllocation.
export * from "./balanced_allocation.ts";
