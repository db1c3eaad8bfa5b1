/**
 * NodeResourcesFit (`pkg/scheduler/framework/plugins/noderesources/fit.go`): the Filter
 * that says whether the pod's requests fit in what the node has left, and the Score that
 * ranks nodes by a scoring strategy (LeastAllocated — the default — MostAllocated, or
 * RequestedToCapacityRatio with a shape).
 *
 * ```
 *   Filter:  pods on node + 1 > allocatable.pods              → "Too many pods"
 *            request.cpu > 0 and > allocatable.cpu − requested.cpu → "Insufficient cpu"
 *            same for memory, ephemeral-storage, extended resources ("Insufficient <name>")
 *            any of these → Unschedulable with all the reasons
 *   Score:   requested_i = node's non-zero requested + pod's non-zero request (cpu, memory)
 *                          node's requested + pod's request (others; skipped if the pod asks none)
 *            strategy(requested[], allocatable[])          see scorers.ts
 * ```
 *
 * @module
 */

import { type Pod, podRequests, type Resources } from "@cluster/api/mod.ts";
import {
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
  type Status,
  unschedulable,
} from "@cluster/framework/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import {
  leastResourceScorer,
  mostResourceScorer,
  requestedToCapacityRatioScorer,
  type ResourceSpec,
} from "./scorers.ts";

/**
 * Registry name (names.NodeResourcesFit).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./fit.ts";
 * assert.equal(NAME, "NodeResourcesFit");
 * ```
 */
export const NAME = "NodeResourcesFit";

/** fit.go reason strings. @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASONS } from "./fit.ts";
 * assert.equal(REASONS.insufficient("cpu"), "Insufficient cpu");
 * ```
 */
export const REASONS = Object.freeze({
  tooManyPods: "Too many pods",
  insufficient: (resource: string) => `Insufficient ${resource}`,
});

const Resource = z.object({ name: z.string().min(1), weight: z.number().int().min(1).max(100) });
/**
 * Arguments (`NodeResourcesFitArgs.scoringStrategy`), defaults from v1 defaults.go.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FitArgsSchema } from "./fit.ts";
 * assert.equal(FitArgsSchema.parse({}).scoringStrategy.type, "LeastAllocated");
 * ```
 */
export const FitArgsSchema = z.object({
  scoringStrategy: z.object({
    type: z.enum(["LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"]).default(
      "LeastAllocated",
    ),
    resources: z.array(Resource).min(1).default([{ name: "cpu", weight: 1 }, {
      name: "memory",
      weight: 1,
    }]),
    requestedToCapacityRatio: z.object({
      shape: z.array(z.object({
        utilization: z.number().int().min(0).max(100),
        score: z.number().int().min(0).max(10),
      })).min(1),
    }).optional(),
  }).default({
    type: "LeastAllocated",
    resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }],
  }),
}).strict();

/**
 * Arguments of NodeResourcesFit.
 *
 * @example
 * ```ts
 * import type { FitArgs } from "./fit.ts";
 * const args: FitArgs = { scoringStrategy: { type: "MostAllocated", resources: [{ name: "cpu", weight: 1 }] } };
 * ```
 */
export type FitArgs = z.input<typeof FitArgsSchema>;

const STATE_KEY = "PreScoreNodeResourcesFit";
const PRE_FILTER_KEY = "PreFilterNodeResourcesFit";
const FIRST = ["cpu", "memory", "ephemeral-storage"];

/**
 * The reasons a pod does not fit on a node (fit.go `fitsRequest`), in upstream order:
 * pods first, then cpu, memory, ephemeral-storage, then extended resources by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode } from "@cluster/api/mod.ts";
 * import { NodeInfo } from "@cluster/framework/mod.ts";
 * import { insufficientResources } from "./fit.ts";
 * const node = new NodeInfo(makeNode("n", { cpu: "1", memory: "1Gi" }));
 * assert.deepEqual(insufficientResources({ cpu: 2000, memory: 2 ** 29 }, node), ["Insufficient cpu"]);
 * ```
 */
export function insufficientResources(request: Resources, node: NodeInfo): string[] {
  const reasons: string[] = [];
  const allocatable = node.node.allocatable;
  if (node.pods.length + 1 > (allocatable.pods ?? 0)) reasons.push(REASONS.tooManyPods);
  const names = [
    ...FIRST,
    ...Object.keys(request).filter((r) => !FIRST.includes(r) && r !== "pods").sort(),
  ];
  for (const name of names) {
    const wanted = request[name] ?? 0;
    if (wanted > 0 && wanted > (allocatable[name] ?? 0) - (node.requested[name] ?? 0)) {
      reasons.push(REASONS.insufficient(name));
    }
  }
  return reasons;
}

/**
 * The NodeResourcesFit plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
 * import { newFit } from "./fit.ts";
 * const fit = newFit();
 * const snapshot = new Snapshot([makeNode("n1", { cpu: "1", memory: "1Gi" })]);
 * const status = fit.filter(new CycleState(), makePod("p", { cpu: "2" }), snapshot.nodes[0]);
 * assert.deepEqual(status?.reasons, ["Insufficient cpu"]);
 * ```
 */
export function newFit(
  args: unknown = {},
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const { scoringStrategy } = parseOptions(
    FitArgsSchema,
    args,
    `configure ${NAME}`,
    "NodeResourcesFitArgs.",
  );
  const resources: ResourceSpec[] = scoringStrategy.resources;
  let scorer: (requested: readonly number[], allocatable: readonly number[]) => number;
  if (scoringStrategy.type === "LeastAllocated") scorer = leastResourceScorer(resources);
  else if (scoringStrategy.type === "MostAllocated") scorer = mostResourceScorer(resources);
  else {
    const shape = scoringStrategy.requestedToCapacityRatio?.shape;
    if (!shape) {
      throw new TypeError(
        `Cannot configure ${NAME}: RequestedToCapacityRatio needs scoringStrategy.requestedToCapacityRatio.shape, ` +
          `e.g. [{utilization: 0, score: 0}, {utilization: 100, score: 10}]`,
      );
    }
    scorer = requestedToCapacityRatioScorer(resources, shape);
  }
  return {
    name: NAME,
    preFilter(state: CycleState, pod: Pod): Status | null {
      // fit.go PreFilter: compute the pod's requests once per cycle.
      state.write(PRE_FILTER_KEY, podRequests(pod));
      return null;
    },
    filter(state: CycleState, pod: Pod, node: NodeInfo): Status | null {
      const request = state.read<Resources>(PRE_FILTER_KEY) ?? podRequests(pod);
      const reasons = insufficientResources(request, node);
      return reasons.length === 0 ? null : unschedulable(...reasons);
    },
    preScore(state: CycleState, pod: Pod): Status | null {
      state.write(STATE_KEY, podRequests(pod, { nonZero: true }));
      return null;
    },
    score(state: CycleState, pod: Pod, node: NodeInfo): number {
      const request = state.read<Resources>(STATE_KEY) ?? podRequests(pod, { nonZero: true });
      return scorer(...requestedAndAllocatable(resources, request, node, false));
    },
  };
}

/**
 * resource_allocation.go `calculateResourceAllocatableRequest` for every configured
 * resource: `useRequested` picks the node's actual requests (BalancedAllocation) over the
 * non-zero ones (the Fit strategies); an extended resource the pod does not request is
 * (0, 0), which the scorers skip.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode } from "@cluster/api/mod.ts";
 * import { NodeInfo } from "@cluster/framework/mod.ts";
 * import { requestedAndAllocatable } from "./fit.ts";
 * const node = new NodeInfo(makeNode("n", { cpu: "4", memory: "10000" }));
 * const [requested, allocatable] = requestedAndAllocatable([{ name: "cpu", weight: 1 }], { cpu: 3000 }, node, false);
 * assert.deepEqual([requested, allocatable], [[3000], [4000]]);
 * ```
 */
export function requestedAndAllocatable(
  resources: readonly ResourceSpec[],
  podRequest: Resources,
  node: NodeInfo,
  useRequested: boolean,
): [number[], number[]] {
  const requested: number[] = [];
  const allocatable: number[] = [];
  for (const { name } of resources) {
    const podAmount = podRequest[name] ?? 0;
    if (name === "cpu" || name === "memory") {
      const onNode = useRequested ? node.requested[name] ?? 0 : node.nonZeroRequested[name];
      requested.push(onNode + podAmount);
      allocatable.push(node.node.allocatable[name] ?? 0);
    } else if (podAmount === 0) {
      requested.push(0);
      allocatable.push(0);
    } else {
      requested.push((node.requested[name] ?? 0) + podAmount);
      allocatable.push(node.node.allocatable[name] ?? 0);
    }
  }
  return [requested, allocatable];
}
