/**
 * NodeName (`plugins/nodename/node_name.go`): a pod that names its node
 * (`spec.nodeName`) fits only there.
 *
 * @module
 */

import type { Pod } from "@cluster/api/mod.ts";
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
 * import { NAME } from "./node_name.ts";
 * assert.equal(NAME, "NodeName");
 * ```
 */
export const NAME = "NodeName";

/** Reason strings (`ErrReason`). @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASONS } from "./node_name.ts";
 * assert.equal(REASONS.mismatch, "node(s) didn't match the requested node name");
 * ```
 */
export const REASONS = Object.freeze({ mismatch: "node(s) didn't match the requested node name" });

/**
 * The NodeName plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, NodeInfo } from "@cluster/framework/mod.ts";
 * import { newNodeName } from "./node_name.ts";
 * const status = newNodeName().filter(new CycleState(), makePod("p", { nodeName: "b" }), new NodeInfo(makeNode("a")));
 * assert.deepEqual(status?.reasons, ["node(s) didn't match the requested node name"]);
 * ```
 */
export function newNodeName(_args?: unknown): FilterPlugin {
  return {
    name: NAME,
    filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | null {
      return pod.nodeName === undefined || pod.nodeName === node.name
        ? null
        : unresolvable(REASONS.mismatch);
    },
  };
}
