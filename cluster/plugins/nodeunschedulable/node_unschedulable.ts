/**
 * NodeUnschedulable (`plugins/nodeunschedulable/node_unschedulable.go`): a cordoned node
 * (`spec.unschedulable`, set by `kubectl cordon`) takes no new pods unless the pod
 * tolerates the taint `node.kubernetes.io/unschedulable:NoSchedule`.
 *
 * @module
 */

import { type Pod, tolerates } from "@cluster/api/mod.ts";
import {
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type Status,
  unresolvable,
} from "@cluster/framework/mod.ts";

/**
 * Registry name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./node_unschedulable.ts";
 * assert.equal(NAME, "NodeUnschedulable");
 * ```
 */
export const NAME = "NodeUnschedulable";

/** Reason strings (`ErrReasonUnschedulable`). @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASONS } from "./node_unschedulable.ts";
 * assert.equal(REASONS.unschedulable, "node(s) were unschedulable");
 * ```
 */
export const REASONS = Object.freeze({ unschedulable: "node(s) were unschedulable" });

/** The taint a pod must tolerate to land on a cordoned node (core/v1 `TaintNodeUnschedulable`). */
const UNSCHEDULABLE_TAINT = {
  key: "node.kubernetes.io/unschedulable",
  value: "",
  effect: "NoSchedule",
} as const;

/**
 * The NodeUnschedulable plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, NodeInfo } from "@cluster/framework/mod.ts";
 * import { newNodeUnschedulable } from "./node_unschedulable.ts";
 * const cordoned = new NodeInfo(makeNode("n", { unschedulable: true }));
 * assert.equal(newNodeUnschedulable().filter(new CycleState(), makePod("p"), cordoned)?.code, "UnschedulableAndUnresolvable");
 * ```
 */
export function newNodeUnschedulable(_args?: unknown): FilterPlugin {
  return {
    name: NAME,
    filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | null {
      if (!node.node.unschedulable) return null;
      return pod.tolerations.some((t) => tolerates(t, UNSCHEDULABLE_TAINT))
        ? null
        : unresolvable(REASONS.unschedulable);
    },
  };
}
