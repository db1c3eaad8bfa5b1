/**
 * NodeAffinity (`pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go`).
 *
 * ```
 *   Filter: node labels ⊇ pod.spec.nodeSelector
 *           AND (no required affinity OR some requiredDuringScheduling… term matches)
 *           else UnschedulableAndUnresolvable "node(s) didn't match Pod's node affinity/selector"
 *   Score:  raw = Σ weight of the preferredDuringScheduling… terms the node matches
 *           NormalizeScore: DefaultNormalizeScore(100, not reversed)
 * ```
 *
 * @module
 */

import { matchesNodeSelectorTerm, type Node, type Pod } from "@cluster/api/mod.ts";
import {
  type CycleState,
  defaultNormalizeScore,
  type FilterPlugin,
  MAX_NODE_SCORE,
  type NodeInfo,
  type NodeScore,
  type ScorePlugin,
  type Status,
  unresolvable,
} from "@cluster/framework/mod.ts";

/**
 * Registry name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./node_affinity.ts";
 * assert.equal(NAME, "NodeAffinity");
 * ```
 */
export const NAME = "NodeAffinity";

/** Reason strings (node_affinity.go `ErrReasonPod`). @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASONS } from "./node_affinity.ts";
 * assert.match(REASONS.pod, /node affinity\/selector/);
 * ```
 */
export const REASONS = Object.freeze({ pod: "node(s) didn't match Pod's node affinity/selector" });

/**
 * Does the node satisfy the pod's nodeSelector and required node affinity?
 * (component-helpers `GetRequiredNodeAffinity(pod).Match(node)`; PodTopologySpread uses it too.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { matchesRequiredAffinity } from "./node_affinity.ts";
 * const pod = makePod("p", { nodeSelector: { zone: "a" } });
 * assert.ok(matchesRequiredAffinity(pod, makeNode("n", { labels: { zone: "a" } })));
 * ```
 */
export function matchesRequiredAffinity(pod: Pod, node: Node): boolean {
  for (const [key, value] of Object.entries(pod.nodeSelector)) {
    if (node.labels[key] !== value) return false;
  }
  const required = pod.affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return required.nodeSelectorTerms.some((term) =>
    matchesNodeSelectorTerm(term, node.labels, node.name)
  );
}

/**
 * The NodeAffinity plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, NodeInfo } from "@cluster/framework/mod.ts";
 * import { newNodeAffinity } from "./node_affinity.ts";
 * const pod = makePod("p", { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
 *   { weight: 5, preference: { matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }] } }] } });
 * const node = new NodeInfo(makeNode("n", { labels: { disk: "ssd" } }));
 * assert.equal(newNodeAffinity().score(new CycleState(), pod, node), 5);
 * ```
 */
export function newNodeAffinity(
  _args?: unknown,
): FilterPlugin & ScorePlugin & Required<Pick<ScorePlugin, "normalizeScore">> {
  return {
    name: NAME,
    filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | null {
      return matchesRequiredAffinity(pod, node.node) ? null : unresolvable(REASONS.pod);
    },
    score(_state: CycleState, pod: Pod, node: NodeInfo): number {
      const preferred =
        pod.affinity.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
      let total = 0;
      for (const term of preferred) {
        if (matchesNodeSelectorTerm(term.preference, node.node.labels, node.name)) {
          total += term.weight;
        }
      }
      return total;
    },
    normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): void {
      defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    },
  };
}
