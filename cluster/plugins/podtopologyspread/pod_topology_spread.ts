/**
 * PodTopologySpread (`pkg/scheduler/framework/plugins/podtopologyspread/`: filtering.go,
 * scoring.go, common.go): spread pods matching a label selector evenly across topology
 * domains (zones, nodes, racks).
 *
 * ```
 *   domains of key K: values of label K on the nodes that match the pod's nodeSelector /
 *   required node affinity (nodeAffinityPolicy Honor) and carry every constraint's key
 *   count(K=v) = pods on those nodes with the pod's namespace matching the selector
 *
 *   Filter (whenUnsatisfiable: DoNotSchedule), for node n with K=v:
 *     n lacks K                        → UnschedulableAndUnresolvable (missing required label)
 *     globalMin = min_v count(K=v), or 0 if the number of domains < minDomains
 *     skew = count(K=v) + (pod matches its own selector ? 1 : 0) − globalMin
 *     skew > maxSkew                   → Unschedulable
 *
 *   Score (whenUnsatisfiable: ScheduleAnyway), over the feasible nodes:
 *     weight_c = ln(number of domains of c among feasible nodes + 2)
 *     raw(n) = round( Σ_c count_c(n) × weight_c + (maxSkew_c − 1) )
 *     normalized(n) = 100 × (max + min − raw(n)) / max       (nodes lacking a key: 0)
 * ```
 *
 * System-default constraints (for pods without any) are not modelled: such pods Skip.
 *
 * @module
 */

import { matchesLabelSelector, type Pod, type TopologySpreadConstraint } from "@cluster/api/mod.ts";
import {
  type CycleState,
  type FilterPlugin,
  type Handle,
  MAX_NODE_SCORE,
  newStatus,
  type NodeInfo,
  type NodeScore,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
  type Status,
  unresolvable,
  unschedulable,
} from "@cluster/framework/mod.ts";
import { matchesRequiredAffinity } from "../nodeaffinity/mod.ts";

/**
 * Registry name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./pod_topology_spread.ts";
 * assert.equal(NAME, "PodTopologySpread");
 * ```
 */
export const NAME = "PodTopologySpread";

/** Reason strings (common.go / filtering.go). @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASONS } from "./pod_topology_spread.ts";
 * assert.equal(REASONS.constraintsNotMatch, "node(s) didn't match pod topology spread constraints");
 * ```
 */
export const REASONS = Object.freeze({
  constraintsNotMatch: "node(s) didn't match pod topology spread constraints",
  nodeLabelNotMatch:
    "node(s) didn't match pod topology spread constraints (missing required label)",
});

const HOSTNAME = "kubernetes.io/hostname";
const FILTER_KEY = "PreFilterPodTopologySpread";
const SCORE_KEY = "PreScorePodTopologySpread";

/** `countPodsMatchSelector`: pods in the namespace whose labels the selector selects. */
function countMatching(
  pods: readonly Pod[],
  constraint: TopologySpreadConstraint,
  namespace: string,
): number {
  let count = 0;
  for (const pod of pods) {
    if (pod.namespace === namespace && matchesLabelSelector(constraint.labelSelector, pod.labels)) {
      count++;
    }
  }
  return count;
}

const hasAllKeys = (node: NodeInfo, constraints: readonly TopologySpreadConstraint[]) =>
  constraints.every((c) => node.node.labels[c.topologyKey] !== undefined);

/**
 * Per-domain counts of matching pods for each constraint (the filter's PreFilter state).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Snapshot } from "@cluster/framework/mod.ts";
 * import { domainCounts } from "./pod_topology_spread.ts";
 * const spread = { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" as const,
 *   labelSelector: { matchLabels: { app: "web" }, matchExpressions: [] } };
 * const pod = makePod("p", { labels: { app: "web" }, topologySpreadConstraints: [spread] });
 * const nodes = [makeNode("a", { labels: { zone: "1" } }), makeNode("b", { labels: { zone: "2" } })];
 * const snapshot = new Snapshot(nodes, [makePod("x", { labels: { app: "web" }, nodeName: "a" })]);
 * assert.deepEqual([...domainCounts(pod, pod.topologySpreadConstraints, snapshot.nodes)[0]], [["1", 1], ["2", 0]]);
 * ```
 */
export function domainCounts(
  pod: Pod,
  constraints: readonly TopologySpreadConstraint[],
  nodes: readonly NodeInfo[],
): Map<string, number>[] {
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of nodes) {
    if (!matchesRequiredAffinity(pod, node.node) || !hasAllKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      const value = node.node.labels[c.topologyKey];
      counts[i].set(
        value,
        (counts[i].get(value) ?? 0) + countMatching(node.pods, c, pod.namespace),
      );
    });
  }
  return counts;
}

/**
 * The skew a node would have for one constraint if the pod went there (filtering.go).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { skewIfPlaced } from "./pod_topology_spread.ts";
 * const counts = new Map([["1", 2], ["2", 0]]);
 * assert.equal(skewIfPlaced(counts, "1", true, undefined), 3);
 * assert.equal(skewIfPlaced(counts, "2", true, undefined), 1);
 * ```
 */
export function skewIfPlaced(
  counts: ReadonlyMap<string, number>,
  domain: string,
  selfMatch: boolean,
  minDomains: number | undefined,
): number {
  let globalMin = counts.size === 0 ? Number.POSITIVE_INFINITY : Math.min(...counts.values());
  if (counts.size < (minDomains ?? 1)) globalMin = 0;
  return (counts.get(domain) ?? 0) + (selfMatch ? 1 : 0) - globalMin;
}

interface ScoreState {
  readonly constraints: readonly TopologySpreadConstraint[];
  readonly ignored: Set<string>;
  readonly weights: number[];
  readonly counts: Map<string, number>[];
}

/**
 * The PodTopologySpread plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
 * import { newPodTopologySpread } from "./pod_topology_spread.ts";
 * const spread = { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" as const,
 *   labelSelector: { matchLabels: { app: "web" }, matchExpressions: [] } };
 * const web = (name: string, node?: string) => makePod(name, { labels: { app: "web" }, nodeName: node, topologySpreadConstraints: [spread] });
 * const snapshot = new Snapshot([makeNode("a", { labels: { zone: "1" } }), makeNode("b", { labels: { zone: "2" } })], [web("x", "a")]);
 * const plugin = newPodTopologySpread();
 * const state = new CycleState();
 * plugin.preFilter(state, web("p"), { snapshot });
 * assert.equal(plugin.filter(state, web("p"), snapshot.nodes[0], { snapshot })?.code, "Unschedulable"); // skew 2
 * assert.equal(plugin.filter(state, web("p"), snapshot.nodes[1], { snapshot }), null);                   // skew 0
 * ```
 */
export function newPodTopologySpread(
  _args?: unknown,
):
  & PreFilterPlugin
  & FilterPlugin
  & PreScorePlugin
  & ScorePlugin
  & Required<Pick<ScorePlugin, "normalizeScore">> {
  return {
    name: NAME,
    preFilter(state: CycleState, pod: Pod, handle: Handle): Status | null {
      const constraints = pod.topologySpreadConstraints.filter((c) =>
        c.whenUnsatisfiable === "DoNotSchedule"
      );
      if (constraints.length === 0) return newStatus("Skip");
      state.write(FILTER_KEY, {
        constraints,
        counts: domainCounts(pod, constraints, handle.snapshot.nodes),
      });
      return null;
    },
    filter(state: CycleState, pod: Pod, node: NodeInfo, handle?: Handle): Status | null {
      let saved = state.read<
        { constraints: TopologySpreadConstraint[]; counts: Map<string, number>[] }
      >(FILTER_KEY);
      if (!saved) {
        const constraints = pod.topologySpreadConstraints.filter((c) =>
          c.whenUnsatisfiable === "DoNotSchedule"
        );
        saved = {
          constraints,
          counts: domainCounts(pod, constraints, handle?.snapshot.nodes ?? [node]),
        };
      }
      for (const [i, c] of saved.constraints.entries()) {
        const domain = node.node.labels[c.topologyKey];
        if (domain === undefined) return unresolvable(REASONS.nodeLabelNotMatch);
        const selfMatch = matchesLabelSelector(c.labelSelector, pod.labels);
        if (skewIfPlaced(saved.counts[i], domain, selfMatch, c.minDomains) > c.maxSkew) {
          return unschedulable(REASONS.constraintsNotMatch);
        }
      }
      return null;
    },
    preScore(
      state: CycleState,
      pod: Pod,
      nodes: readonly NodeInfo[],
      handle: Handle,
    ): Status | null {
      const constraints = pod.topologySpreadConstraints.filter((c) =>
        c.whenUnsatisfiable === "ScheduleAnyway"
      );
      if (constraints.length === 0) return newStatus("Skip");
      const ignored = new Set(nodes.filter((n) => !hasAllKeys(n, constraints)).map((n) => n.name));
      const counts = constraints.map(() => new Map<string, number>());
      const weights = constraints.map((c, i) => {
        let size = 0;
        for (const node of nodes) {
          if (ignored.has(node.name) || c.topologyKey === HOSTNAME) continue;
          const value = node.node.labels[c.topologyKey];
          if (!counts[i].has(value)) {
            counts[i].set(value, 0);
            size++;
          }
        }
        if (c.topologyKey === HOSTNAME) size = nodes.length - ignored.size;
        return Math.log(size + 2); // scoring.go topologyNormalizingWeight
      });
      for (const node of handle.snapshot.nodes) {
        if (!matchesRequiredAffinity(pod, node.node) || !hasAllKeys(node, constraints)) continue;
        constraints.forEach((c, i) => {
          const value = node.node.labels[c.topologyKey];
          const current = counts[i].get(value);
          if (current === undefined) return;
          counts[i].set(value, current + countMatching(node.pods, c, pod.namespace));
        });
      }
      state.write(SCORE_KEY, { constraints, ignored, weights, counts } satisfies ScoreState);
      return null;
    },
    score(state: CycleState, pod: Pod, node: NodeInfo): number {
      const s = state.read<ScoreState>(SCORE_KEY);
      if (!s || s.ignored.has(node.name)) return 0;
      let score = 0;
      s.constraints.forEach((c, i) => {
        const value = node.node.labels[c.topologyKey];
        if (value === undefined) return;
        const count = c.topologyKey === HOSTNAME
          ? countMatching(node.pods, c, pod.namespace)
          : s.counts[i].get(value) ?? 0;
        score += count * s.weights[i] + (c.maxSkew - 1); // scoring.go scoreForCount
      });
      return Math.round(score);
    },
    normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): void {
      const s = state.read<ScoreState>(SCORE_KEY);
      if (!s) return;
      let min = Number.MAX_SAFE_INTEGER;
      let max = 0;
      for (const { name, score } of scores) {
        if (s.ignored.has(name)) continue;
        min = Math.min(min, score);
        max = Math.max(max, score);
      }
      for (const entry of scores) {
        if (s.ignored.has(entry.name)) entry.score = 0;
        else if (max === 0) entry.score = MAX_NODE_SCORE;
        else entry.score = Math.trunc((MAX_NODE_SCORE * (max + min - entry.score)) / max);
      }
    },
  };
}
