/**
 * The resource scoring formulas of the NodeResourcesFit and BalancedAllocation plugins,
 * as pure functions of two parallel arrays: `requested[i]` (already on the node + the
 * pod) and `allocatable[i]`, one entry per configured resource, with its weight.
 * Integer arithmetic exactly as upstream (Go int64 division truncates).
 *
 * @module
 */

import { MAX_NODE_SCORE } from "@cluster/framework/mod.ts";

/**
 * A scored resource and its weight (`config.ResourceSpec`).
 *
 * @example
 * ```ts
 * import type { ResourceSpec } from "./scorers.ts";
 * const spec: ResourceSpec = { name: "cpu", weight: 1 };
 * ```
 */
export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

/**
 * A point of a RequestedToCapacityRatio shape: utilization 0–100 → score 0–10.
 *
 * @example
 * ```ts
 * import type { ShapePoint } from "./scorers.ts";
 * const point: ShapePoint = { utilization: 100, score: 10 };
 * ```
 */
export interface ShapePoint {
  readonly utilization: number;
  readonly score: number;
}

/**
 * least_allocated.go `leastRequestedScore`: the unused share, 0–100.
 *
 * ```
 *   capacity == 0 or requested > capacity → 0
 *   score = (capacity − requested) × MaxNodeScore / capacity      (integer division)
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { leastRequestedScore } from "./scorers.ts";
 * assert.equal(leastRequestedScore(3000, 4000), 25);
 * ```
 */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * most_allocated.go `mostRequestedScore`: the used share, 0–100 (requested capped at capacity,
 * since pods without requests count with the non-zero defaults).
 *
 * ```
 *   score = min(requested, capacity) × MaxNodeScore / capacity
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mostRequestedScore } from "./scorers.ts";
 * assert.equal(mostRequestedScore(3000, 4000), 75);
 * ```
 */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

/** Σ score(i) × weight(i) / Σ weight(i), skipping resources the node has none of. */
function weighted(
  resources: readonly ResourceSpec[],
  score: (requested: number, allocatable: number) => number,
) {
  return (requested: readonly number[], allocatable: readonly number[]): number => {
    let nodeScore = 0;
    let weightSum = 0;
    requested.forEach((r, i) => {
      if (allocatable[i] === 0) return;
      nodeScore += score(r, allocatable[i]) * resources[i].weight;
      weightSum += resources[i].weight;
    });
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

/**
 * least_allocated.go `leastResourceScorer`: the weighted mean of leastRequestedScore.
 *
 * ```
 *   score = Σ_i leastRequestedScore(req_i, alloc_i) × w_i / Σ_i w_i     (alloc_i > 0 only)
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { leastResourceScorer } from "./scorers.ts";
 * const score = leastResourceScorer([{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }]);
 * assert.equal(score([3000, 5000], [4000, 10000]), 37); // (25 + 50) / 2
 * ```
 */
export function leastResourceScorer(resources: readonly ResourceSpec[]) {
  return weighted(resources, leastRequestedScore);
}

/**
 * most_allocated.go `mostResourceScorer`: the weighted mean of mostRequestedScore.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mostResourceScorer } from "./scorers.ts";
 * const score = mostResourceScorer([{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }]);
 * assert.equal(score([3000, 5000], [4000, 10000]), 62); // (75 + 50) / 2 = 62.5 → 62
 * ```
 */
export function mostResourceScorer(resources: readonly ResourceSpec[]) {
  return weighted(resources, mostRequestedScore);
}

/**
 * helper/shape_score.go `BuildBrokenLinearFunction`: linear between the shape's points,
 * flat outside them.
 *
 * ```
 *   p ≤ u₀ → s₀;  p > u_{n−1} → s_{n−1};
 *   else s_{i−1} + (s_i − s_{i−1}) × (p − u_{i−1}) / (u_i − u_{i−1})   for the first u_i ≥ p
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { brokenLinearFunction } from "./scorers.ts";
 * const f = brokenLinearFunction([{ utilization: 0, score: 2 }, { utilization: 40, score: 10 }, { utilization: 100, score: 0 }]);
 * assert.deepEqual([f(20), f(70), f(110)], [6, 5, 0]);
 * ```
 */
export function brokenLinearFunction(shape: readonly ShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i].utilization) {
        if (i === 0) return shape[0].score;
        const a = shape[i - 1];
        const b = shape[i];
        return a.score +
          Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization));
      }
    }
    return shape[shape.length - 1].score;
  };
}

/**
 * config `MaxCustomPriorityScore`: shape scores are 0–10, scaled × MaxNodeScore / 10.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_CUSTOM_PRIORITY_SCORE } from "./scorers.ts";
 * assert.equal(MAX_CUSTOM_PRIORITY_SCORE, 10);
 * ```
 */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;

/**
 * requested_to_capacity_ratio.go `requestedToCapacityRatioScorer`: each resource's
 * utilization (0–100, integer) through the shape, weighted mean rounded to nearest;
 * resources scoring 0 are left out of the mean.
 *
 * ```
 *   u_i = requested_i > capacity_i ? 100 : requested_i × 100 / capacity_i
 *   s_i = shape(u_i)   with shape scores × (MaxNodeScore / MaxCustomPriorityScore)
 *   score = round( Σ s_i × w_i / Σ w_i )        over i with alloc_i > 0 and s_i > 0
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requestedToCapacityRatioScorer } from "./scorers.ts";
 * const spread = requestedToCapacityRatioScorer(
 *   [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }],
 *   [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }],
 * );
 * assert.equal(spread([3000, 5000], [4000, 10000]), 38); // (25 + 50) / 2 = 37.5 → 38
 * ```
 */
export function requestedToCapacityRatioScorer(
  resources: readonly ResourceSpec[],
  shape: readonly ShapePoint[],
) {
  const scale = MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE;
  const raw = brokenLinearFunction(
    shape.map((p) => ({ utilization: p.utilization, score: p.score * scale })),
  );
  const resourceScore = (requested: number, capacity: number) => {
    if (capacity === 0 || requested > capacity) return raw(100);
    if (requested <= 0) return raw(0);
    return raw(Math.trunc((requested * 100) / capacity));
  };
  return (requested: readonly number[], allocatable: readonly number[]): number => {
    let nodeScore = 0;
    let weightSum = 0;
    requested.forEach((r, i) => {
      if (allocatable[i] === 0) return;
      const score = resourceScore(r, allocatable[i]);
      if (score > 0) {
        nodeScore += score * resources[i].weight;
        weightSum += resources[i].weight;
      }
    });
    return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
  };
}

/**
 * balanced_allocation.go `balancedResourceScorer`: 100 × (1 − standard deviation of the
 * requested fractions). Favours nodes whose cpu and memory fill up evenly.
 *
 * ```
 *   f_i = min(requested_i / allocatable_i, 1)            (allocatable_i > 0 only)
 *   two resources:  std = |f₁ − f₂| / 2
 *   more:           std = √( Σ (f_i − mean)² / n )
 *   score = ⌊(1 − std) × MaxNodeScore⌋
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { balancedResourceScorer } from "./scorers.ts";
 * assert.equal(balancedResourceScorer([3000, 5000], [4000, 10000]), 87); // (1 − |0.75 − 0.5|/2) × 100
 * ```
 */
export function balancedResourceScorer(
  requested: readonly number[],
  allocatable: readonly number[],
): number {
  const fractions: number[] = [];
  let total = 0;
  requested.forEach((r, i) => {
    if (allocatable[i] === 0) return;
    const fraction = Math.min(r / allocatable[i], 1);
    total += fraction;
    fractions.push(fraction);
  });
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0] - fractions[1]) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}
