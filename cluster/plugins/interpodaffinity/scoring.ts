/**
 * InterPodAffinity, Score side (`pkg/scheduler/framework/plugins/interpodaffinity/scoring.go`).
 * Preferred terms are wishes, not rules: each adds (affinity) or subtracts (anti-affinity)
 * its weight to every node of the topology domain where a matching pod runs.
 *
 * ```
 *   PreScore: topologyScore[key][value] (value = the existing pod's node's label `key`)
 *     for every existing pod E on node N, incoming pod P:
 *       + w   each preferred affinity term of P that selects E
 *       − w   each preferred anti-affinity term of P that selects E
 *       + hardPodAffinityWeight (default 1)  each REQUIRED affinity term of E selecting P
 *       + w   each preferred affinity term of E that selects P          (symmetry)
 *       − w   each preferred anti-affinity term of E that selects P     (symmetry)
 *     no term matched anywhere → Skip
 *   Score(node)  = Σ over keys k with node label v: topologyScore[k][v]   (may be negative)
 *   Normalize:     min, max over the scored nodes;  diff = max − min
 *                  score = diff > 0 ? trunc(100 × (score − min) / diff) : 0
 * ```
 *
 * @module
 */

import type { Pod } from "@cluster/api/mod.ts";
import {
  type CycleState,
  type Handle,
  MAX_NODE_SCORE,
  newStatus,
  type NodeInfo,
  type NodeScore,
  type Status,
} from "@cluster/framework/mod.ts";
import { type AffinityTerm, podTerms, termMatches } from "./_terms.ts";

const PRE_SCORE_KEY = "PreScoreInterPodAffinity";

/**
 * PreScore's table: topology key → label value → summed weight.
 *
 * @example
 * ```ts
 * import type { TopologyScore } from "./scoring.ts";
 * const t: TopologyScore = new Map([["zone", new Map([["a", 5]])]]);
 * ```
 */
export type TopologyScore = Map<string, Map<string, number>>;

function processTerm(
  table: TopologyScore,
  term: AffinityTerm,
  weight: number,
  target: Pod,
  node: NodeInfo,
  multiplier: number,
): boolean {
  if (!termMatches(term, target)) return false;
  const value = node.node.labels[term.topologyKey];
  if (value === undefined) return false;
  const values = table.get(term.topologyKey) ?? new Map<string, number>();
  table.set(term.topologyKey, values);
  values.set(value, (values.get(value) ?? 0) + weight * multiplier);
  return true;
}

/**
 * Build the topology score table for `pod` (PreScore's work); null when no term matched.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Snapshot } from "@cluster/framework/mod.ts";
 * import { topologyScore } from "./scoring.ts";
 * const near = { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: { labelSelector: { matchLabels: { app: "db" } }, topologyKey: "zone" } }] };
 * const snapshot = new Snapshot([makeNode("a1", { labels: { zone: "a" } })], [makePod("db", { labels: { app: "db" }, nodeName: "a1" })]);
 * assert.deepEqual(topologyScore(makePod("web", { podAffinity: near }), snapshot, 1)?.get("zone")?.get("a"), 5);
 * ```
 */
export function topologyScore(
  pod: Pod,
  snapshot: { readonly nodes: readonly NodeInfo[] },
  hardPodAffinityWeight: number,
  ignorePreferredTermsOfExistingPods = false,
): TopologyScore | null {
  const incoming = podTerms(pod);
  const hasConstraints = incoming.preferredAffinity.length > 0 ||
    incoming.preferredAntiAffinity.length > 0;
  if (ignorePreferredTermsOfExistingPods && !hasConstraints) return null;
  const table: TopologyScore = new Map();
  let matched = false;
  for (const info of snapshot.nodes) {
    // Unless the incoming pod has preferred terms, only pods with affinity matter
    // (upstream: HavePodsWithAffinityList, nodeInfo.PodsWithAffinity).
    const pods = hasConstraints ? info.pods : info.podsWithAffinity;
    if (pods.length === 0 || Object.keys(info.node.labels).length === 0) continue;
    for (const existing of pods) {
      const theirs = podTerms(existing);
      for (const t of incoming.preferredAffinity) {
        matched = processTerm(table, t, t.weight, existing, info, 1) || matched;
      }
      for (const t of incoming.preferredAntiAffinity) {
        matched = processTerm(table, t, t.weight, existing, info, -1) || matched;
      }
      if (hardPodAffinityWeight > 0) {
        for (const t of theirs.requiredAffinity) {
          matched = processTerm(table, t, hardPodAffinityWeight, pod, info, 1) || matched;
        }
      }
      for (const t of theirs.preferredAffinity) {
        matched = processTerm(table, t, t.weight, pod, info, 1) || matched;
      }
      for (const t of theirs.preferredAntiAffinity) {
        matched = processTerm(table, t, t.weight, pod, info, -1) || matched;
      }
    }
  }
  return matched ? table : null;
}

/** PreScore: write the table, or Skip when no term matched anywhere.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
 * import { normalizeScore, preScore, score } from "./scoring.ts";
 * const away = { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" } }] };
 * const snapshot = new Snapshot([makeNode("n1"), makeNode("n2")], [makePod("web-0", { labels: { app: "web" }, nodeName: "n1" })]);
 * const state = new CycleState();
 * preScore(state, makePod("web-1", { podAntiAffinity: away }), { snapshot }, 1, false);
 * const scores = snapshot.nodes.map((n) => ({ name: n.name, score: score(state, n) }));
 * assert.deepEqual(scores.map((s) => s.score), [-10, 0]);
 * ```
 */
export function preScore(
  state: CycleState,
  pod: Pod,
  handle: Handle,
  hardPodAffinityWeight: number,
  ignorePreferredTermsOfExistingPods: boolean,
): Status | null {
  const table = topologyScore(
    pod,
    handle.snapshot,
    hardPodAffinityWeight,
    ignorePreferredTermsOfExistingPods,
  );
  if (table === null) return newStatus("Skip");
  state.write(PRE_SCORE_KEY, table);
  return null;
}

/** Score: Σ of the node's domains in the table.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
 * import { normalizeScore, preScore, score } from "./scoring.ts";
 * const away = { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" } }] };
 * const snapshot = new Snapshot([makeNode("n1"), makeNode("n2")], [makePod("web-0", { labels: { app: "web" }, nodeName: "n1" })]);
 * const state = new CycleState();
 * preScore(state, makePod("web-1", { podAntiAffinity: away }), { snapshot }, 1, false);
 * const scores = snapshot.nodes.map((n) => ({ name: n.name, score: score(state, n) }));
 * assert.equal(scores[1].score, 0);
 * ```
 */
export function score(state: CycleState, node: NodeInfo): number {
  const table = state.read<TopologyScore>(PRE_SCORE_KEY);
  if (!table) return 0;
  let total = 0;
  for (const [key, values] of table) {
    const value = node.node.labels[key];
    if (value !== undefined) total += values.get(value) ?? 0;
  }
  return total;
}

/**
 * Min-max normalization to 0–100 (scoring.go `NormalizeScore`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeMinMax } from "./scoring.ts";
 * const scores = [{ name: "a", score: 2 }, { name: "b", score: 10 }, { name: "c", score: 0 }];
 * normalizeMinMax(scores);
 * assert.deepEqual(scores.map((s) => s.score), [20, 100, 0]);
 * ```
 */
export function normalizeMinMax(scores: NodeScore[]): void {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) {
    if (s.score > max) max = s.score;
    if (s.score < min) min = s.score;
  }
  const diff = max - min;
  for (const s of scores) {
    // float64(MaxNodeScore) * (float64(score-min) / float64(diff)), truncated by int64()
    s.score = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((s.score - min) / diff)) : 0;
  }
}

/** NormalizeScore: nothing to do if PreScore found nothing, else min-max.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
 * import { normalizeScore, preScore, score } from "./scoring.ts";
 * const away = { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" } }] };
 * const snapshot = new Snapshot([makeNode("n1"), makeNode("n2")], [makePod("web-0", { labels: { app: "web" }, nodeName: "n1" })]);
 * const state = new CycleState();
 * preScore(state, makePod("web-1", { podAntiAffinity: away }), { snapshot }, 1, false);
 * const scores = snapshot.nodes.map((n) => ({ name: n.name, score: score(state, n) }));
 * normalizeScore(state, scores);
 * assert.deepEqual(scores.map((s) => s.score), [0, 100]);
 * ```
 */
export function normalizeScore(state: CycleState, scores: NodeScore[]): void {
  const table = state.read<TopologyScore>(PRE_SCORE_KEY);
  if (!table || table.size === 0) return;
  normalizeMinMax(scores);
}
