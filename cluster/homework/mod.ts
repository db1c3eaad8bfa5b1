/**
 * `cluster/homework`: chapter 4's seeded homework generators (scheduling), OSTEP style.
 * Each is `generate(seed, options)`, `solve(problem)`, `render(problem, solution?)` from
 * `src/exercise`; notebooks call `assign(generator, {learner})`, the command line loads
 * {@link homework} from this file, and the tests check the answers against the real plugins.
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { homework } from "./mod.ts";
 * assert.deepEqual(homework.list().map((g) => g.name), ["scheduler-scores", "topology-spread", "cni-ipam"]);
 * ```
 *
 * @module
 */

import { HomeworkRegistry } from "@src/exercise/mod.ts";
import { schedulerScores } from "./scheduler_scores.ts";
import { topologySpread } from "./topology_spread.ts";
import { cniIpam } from "./cni_ipam.ts";

// LeastAllocated and BalancedAllocation by hand; which node wins.
export * from "./scheduler_scores.ts";
// PodTopologySpread by hand: which nodes pass, the skew after placement.
export * from "./topology_spread.ts";
// host-local IPAM by hand: which address each container gets as pods come and go.
export * from "./cni_ipam.ts";

/**
 * Chapter 4's generators, in teaching order, for the command line and notebooks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { homework } from "./mod.ts";
 * assert.equal(homework.title, "Chapter 4: scheduling");
 * ```
 */
export const homework: HomeworkRegistry = new HomeworkRegistry([
  schedulerScores,
  topologySpread,
  cniIpam,
], {
  title: "Chapter 4: scheduling",
});
