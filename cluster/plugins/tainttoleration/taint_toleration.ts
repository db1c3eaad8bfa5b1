/**
 * TaintToleration (`pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go`).
 *
 * ```
 *   Filter: the first NoSchedule/NoExecute taint the pod does not tolerate
 *           → UnschedulableAndUnresolvable "node(s) had untolerated taint {key: value}"
 *   Score:  raw = number of PreferNoSchedule taints not tolerated by the pod's tolerations
 *           whose effect is "" or PreferNoSchedule
 *           NormalizeScore: DefaultNormalizeScore(100, reverse) — fewer such taints, higher score
 * ```
 *
 * @module
 */

import { findUntoleratedTaint, type Pod, tolerates } from "@cluster/api/mod.ts";
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
 * import { NAME } from "./taint_toleration.ts";
 * assert.equal(NAME, "TaintToleration");
 * ```
 */
export const NAME = "TaintToleration";

/** Reason strings (taint_toleration.go `Filter`). @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASONS } from "./taint_toleration.ts";
 * assert.equal(REASONS.untolerated("gpu", "true"), "node(s) had untolerated taint {gpu: true}");
 * ```
 */
export const REASONS = Object.freeze({
  untolerated: (key: string, value: string) => `node(s) had untolerated taint {${key}: ${value}}`,
});

/**
 * The TaintToleration plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, NodeInfo } from "@cluster/framework/mod.ts";
 * import { newTaintToleration } from "./taint_toleration.ts";
 * const node = new NodeInfo(makeNode("n1", { taints: [{ key: "gpu", value: "true", effect: "NoSchedule" }] }));
 * const status = newTaintToleration().filter(new CycleState(), makePod("p"), node);
 * assert.deepEqual(status?.reasons, ["node(s) had untolerated taint {gpu: true}"]);
 * ```
 */
export function newTaintToleration(
  _args?: unknown,
): FilterPlugin & ScorePlugin & Required<Pick<ScorePlugin, "normalizeScore">> {
  return {
    name: NAME,
    filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | null {
      const taint = findUntoleratedTaint(
        node.node.taints,
        pod.tolerations,
        (t) => t.effect === "NoSchedule" || t.effect === "NoExecute",
      );
      return taint ? unresolvable(REASONS.untolerated(taint.key, taint.value)) : null;
    },
    score(_state: CycleState, pod: Pod, node: NodeInfo): number {
      const tolerations = pod.tolerations.filter((t) =>
        t.effect === "" || t.effect === "PreferNoSchedule"
      );
      return node.node.taints.filter((taint) =>
        taint.effect === "PreferNoSchedule" && !tolerations.some((t) => tolerates(t, taint))
      ).length;
    },
    normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): void {
      defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    },
  };
}
