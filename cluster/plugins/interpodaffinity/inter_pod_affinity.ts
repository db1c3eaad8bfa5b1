/**
 * The InterPodAffinity plugin (`pkg/scheduler/framework/plugins/interpodaffinity/plugin.go`):
 * PreFilter + Filter from `filtering.ts`, PreScore + Score + NormalizeScore from
 * `scoring.ts`. Default weight 2 in the default profile (default_plugins.go).
 *
 * ```
 *   args (InterPodAffinityArgs, apis/config/v1/defaults.go):
 *     hardPodAffinityWeight              1      0–100, weight of existing pods' required affinity
 *     ignorePreferredTermsOfExistingPods false  skip scoring when the incoming pod has no preferences
 * ```
 *
 * @module
 */

import type { Pod } from "@cluster/api/mod.ts";
import type {
  CycleState,
  FilterPlugin,
  Handle,
  NodeInfo,
  NodeScore,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
  Status,
} from "@cluster/framework/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { filter, preFilter } from "./filtering.ts";
import { normalizeScore, preScore, score } from "./scoring.ts";

/**
 * Registry name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./inter_pod_affinity.ts";
 * assert.equal(NAME, "InterPodAffinity");
 * ```
 */
export const NAME = "InterPodAffinity";

/**
 * apis/config/v1 `DefaultHardPodAffinityWeight`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_HARD_POD_AFFINITY_WEIGHT } from "./inter_pod_affinity.ts";
 * assert.equal(DEFAULT_HARD_POD_AFFINITY_WEIGHT, 1);
 * ```
 */
export const DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

const Args = z.object({
  hardPodAffinityWeight: z.number().int().min(0).max(100).default(DEFAULT_HARD_POD_AFFINITY_WEIGHT),
  ignorePreferredTermsOfExistingPods: z.boolean().default(false),
}).strict();

/**
 * Arguments of {@link newInterPodAffinity}.
 *
 * @example
 * ```ts
 * import type { InterPodAffinityArgs } from "./inter_pod_affinity.ts";
 * const args: InterPodAffinityArgs = { hardPodAffinityWeight: 10 };
 * ```
 */
export interface InterPodAffinityArgs {
  /** Weight of an existing pod's required affinity term that selects the incoming pod. @default 1 */
  hardPodAffinityWeight?: number;
  /** Skip scoring when the incoming pod has no preferred terms. @default false */
  ignorePreferredTermsOfExistingPods?: boolean;
}

/**
 * The InterPodAffinity plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
 * import { newInterPodAffinity } from "./inter_pod_affinity.ts";
 * const oneWebPerNode = { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" }] };
 * const snapshot = new Snapshot([makeNode("n1"), makeNode("n2")], [makePod("web-0", { labels: { app: "web" }, nodeName: "n1" })]);
 * const plugin = newInterPodAffinity();
 * const state = new CycleState();
 * const pod = makePod("web-1", { labels: { app: "web" }, podAntiAffinity: oneWebPerNode });
 * assert.equal(plugin.preFilter(state, pod, { snapshot }), null);
 * assert.deepEqual(plugin.filter(state, pod, snapshot.get("n1"))?.reasons, ["node(s) didn't match pod anti-affinity rules"]);
 * assert.equal(plugin.filter(state, pod, snapshot.get("n2")), null);
 * ```
 */
export function newInterPodAffinity(
  args?: unknown,
):
  & PreFilterPlugin
  & FilterPlugin
  & PreScorePlugin
  & ScorePlugin
  & Required<Pick<ScorePlugin, "normalizeScore">> {
  const parsed = parseOptions(
    Args,
    (args ?? {}) as InterPodAffinityArgs,
    "configure InterPodAffinity",
  );
  return {
    name: NAME,
    preFilter: (state: CycleState, pod: Pod, handle: Handle): Status | null =>
      preFilter(state, pod, handle),
    filter: (state: CycleState, pod: Pod, node: NodeInfo): Status | null =>
      filter(state, pod, node),
    preScore: (state: CycleState, pod: Pod, _nodes: readonly NodeInfo[], handle: Handle) =>
      preScore(
        state,
        pod,
        handle,
        parsed.hardPodAffinityWeight,
        parsed.ignorePreferredTermsOfExistingPods,
      ),
    score: (state: CycleState, _pod: Pod, node: NodeInfo): number => score(state, node),
    normalizeScore: (state: CycleState, _pod: Pod, scores: NodeScore[]): void =>
      normalizeScore(state, scores),
  };
}
