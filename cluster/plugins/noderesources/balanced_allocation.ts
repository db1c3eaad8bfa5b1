/**
 * NodeResourcesBalancedAllocation (`noderesources/balanced_allocation.go`): score nodes by
 * how evenly the pod would leave their cpu and memory used (see `balancedResourceScorer`).
 * Uses actual requests, not the non-zero defaults; a best-effort pod (no requests at all)
 * is skipped at PreScore (kubernetes#129138) so such pods do not pile onto one node.
 *
 * @module
 */

import { type Pod, podRequests, type Resources } from "@cluster/api/mod.ts";
import {
  type CycleState,
  newStatus,
  type NodeInfo,
  type PreScorePlugin,
  type ScorePlugin,
  type Status,
} from "@cluster/framework/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { requestedAndAllocatable } from "./fit.ts";
import { balancedResourceScorer } from "./scorers.ts";

/**
 * Registry name (names.NodeResourcesBalancedAllocation).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BALANCED_ALLOCATION_NAME } from "./balanced_allocation.ts";
 * assert.equal(BALANCED_ALLOCATION_NAME, "NodeResourcesBalancedAllocation");
 * ```
 */
export const BALANCED_ALLOCATION_NAME = "NodeResourcesBalancedAllocation";

const Args = z.object({
  resources: z.array(
    z.object({ name: z.string().min(1), weight: z.number().int().min(1).max(100) }),
  )
    .min(1).default([{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }]),
}).strict();

const STATE_KEY = "PreScoreNodeResourcesBalancedAllocation";

/**
 * The BalancedAllocation plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, NodeInfo } from "@cluster/framework/mod.ts";
 * import { newBalancedAllocation } from "./balanced_allocation.ts";
 * const plugin = newBalancedAllocation();
 * const pod = makePod("p", { cpu: "3", memory: "5000" });
 * const node = new NodeInfo(makeNode("n1", { cpu: "4", memory: "10000" }));
 * assert.equal(plugin.score(new CycleState(), pod, node), 87);
 * ```
 */
export function newBalancedAllocation(args: unknown = {}): PreScorePlugin & ScorePlugin {
  const { resources } = parseOptions(Args, args, `configure ${BALANCED_ALLOCATION_NAME}`);
  const requestList = (pod: Pod) => podRequests(pod);
  const bestEffort = (request: Resources) => resources.every((r) => (request[r.name] ?? 0) === 0);
  return {
    name: BALANCED_ALLOCATION_NAME,
    preScore(state: CycleState, pod: Pod): Status | null {
      const request = requestList(pod);
      if (bestEffort(request)) return newStatus("Skip");
      state.write(STATE_KEY, request);
      return null;
    },
    score(state: CycleState, pod: Pod, node: NodeInfo): number {
      const request = state.read<Resources>(STATE_KEY) ?? requestList(pod);
      if (bestEffort(request)) return 0;
      return balancedResourceScorer(...requestedAndAllocatable(resources, request, node, true));
    },
  };
}
