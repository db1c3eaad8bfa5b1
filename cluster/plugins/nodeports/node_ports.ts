/**
 * NodePorts (`plugins/nodeports/node_ports.go`): a pod asking for a host port fits only
 * where no placed pod holds it. Ports conflict on the same protocol and port when the
 * host IPs are equal or either is 0.0.0.0 (`HostPortInfo.CheckConflict`).
 *
 * @module
 */

import type { Pod } from "@cluster/api/mod.ts";
import {
  type CycleState,
  type FilterPlugin,
  hostPorts,
  type NodeInfo,
  type Status,
  unschedulable,
} from "@cluster/framework/mod.ts";

/**
 * Registry name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./node_ports.ts";
 * assert.equal(NAME, "NodePorts");
 * ```
 */
export const NAME = "NodePorts";

/** Reason strings (`ErrReason`). @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASONS } from "./node_ports.ts";
 * assert.match(REASONS.conflict, /free ports/);
 * ```
 */
export const REASONS = Object.freeze({
  conflict: "node(s) didn't have free ports for the requested pod ports",
});

function conflicts(wanted: string, used: Set<string>): boolean {
  const [protocol, ip, port] = wanted.split("/");
  for (const key of used) {
    const [p, i, n] = key.split("/");
    if (p === protocol && n === port && (i === ip || i === "0.0.0.0" || ip === "0.0.0.0")) {
      return true;
    }
  }
  return false;
}

/**
 * The NodePorts plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, NodeInfo } from "@cluster/framework/mod.ts";
 * import { newNodePorts } from "./node_ports.ts";
 * const node = new NodeInfo(makeNode("n"), [makePod("a", { hostPorts: [8080] })]);
 * assert.equal(newNodePorts().filter(new CycleState(), makePod("b", { hostPorts: [8080] }), node)?.code, "Unschedulable");
 * ```
 */
export function newNodePorts(_args?: unknown): FilterPlugin {
  return {
    name: NAME,
    filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | null {
      return hostPorts(pod).some((p) => conflicts(p, node.usedPorts))
        ? unschedulable(REASONS.conflict)
        : null;
    },
  };
}
