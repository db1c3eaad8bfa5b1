/**
 * Two small decisions of a scheduling cycle, after `pkg/scheduler/schedule_one.go`: how many
 * feasible nodes to look for before scoring (adaptive sampling of a big cluster), and which
 * of the best-scored nodes to take (reservoir sampling among ties).
 *
 * ```
 *   numFeasibleNodesToFind(N):                 (minFeasibleNodesToFind = 100)
 *     N < 100 → N
 *     p = percentageOfNodesToScore, or if 0: 50 − N/125 (integer), at least 5
 *     max(100, N × p / 100)
 *   selectHost: the highest total; the k-th tie replaces the choice with probability 1/k
 * ```
 *
 * @module
 */

import type { Random } from "@src/sim/mod.ts";

/**
 * schedule_one.go `minFeasibleNodesToFind`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MIN_FEASIBLE_NODES_TO_FIND } from "./select_host.ts";
 * assert.equal(MIN_FEASIBLE_NODES_TO_FIND, 100);
 * ```
 */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/**
 * schedule_one.go `minFeasibleNodesPercentageToFind`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND } from "./select_host.ts";
 * assert.equal(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 5);
 * ```
 */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * How many feasible nodes to find before scoring (schedule_one.go `numFeasibleNodesToFind`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { numFeasibleNodesToFind } from "./select_host.ts";
 * assert.equal(numFeasibleNodesToFind(0, 50), 50);      // small clusters: all
 * assert.equal(numFeasibleNodesToFind(0, 500), 230);    // 50 − 500/125 = 46 %
 * assert.equal(numFeasibleNodesToFind(0, 5000), 500);   // 50 − 40 = 10 %
 * assert.equal(numFeasibleNodesToFind(0, 6000), 300);   // floor of 5 %
 * ```
 */
export function numFeasibleNodesToFind(
  percentageOfNodesToScore: number,
  numAllNodes: number,
): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) {
      percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
    }
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

/**
 * selectHost: the node with the highest total; among ties each is equally likely
 * (reservoir sampling: the k-th tie replaces the choice with probability 1/k).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Random } from "@src/sim/mod.ts";
 * import { selectHost } from "./select_host.ts";
 * assert.equal(selectHost([{ node: "a", total: 10 }, { node: "b", total: 30 }], new Random(1)), "b");
 * ```
 */
export function selectHost(
  totals: readonly { node: string; total: number }[],
  random: Random,
): string {
  if (totals.length === 0) {
    throw new RangeError("selectHost needs at least one scored node (empty priority list)");
  }
  let selected = totals[0].node;
  let maxScore = totals[0].total;
  let ties = 1;
  for (const { node, total } of totals.slice(1)) {
    if (total > maxScore) {
      maxScore = total;
      selected = node;
      ties = 1;
    } else if (total === maxScore) {
      ties++;
      if (random.int(0, ties - 1) === 0) selected = node; // replace with probability 1/ties
    }
  }
  return selected;
}
