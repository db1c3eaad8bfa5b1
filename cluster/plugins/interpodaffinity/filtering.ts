/**
 * InterPodAffinity, Filter side (`pkg/scheduler/framework/plugins/interpodaffinity/filtering.go`).
 * Pods attract or repel pods: "run me in the same zone as a `db` pod" (affinity), "never two
 * `web` pods on one node" (anti-affinity). A *topology domain* is a (topologyKey, value)
 * pair of node labels, e.g. (zone, zone-a) or (kubernetes.io/hostname, node-1).
 *
 * ```
 *   PreFilter counts, over every node and every pod on it (node with label key=v → pair):
 *     existingAntiAffinityCounts[pair]  += 1 per required anti-affinity term of an EXISTING pod
 *                                           that selects the incoming pod   (symmetry)
 *     affinityCounts[pair]              += 1 per required affinity term of the INCOMING pod,
 *                                           for existing pods matching ALL of those terms
 *     antiAffinityCounts[pair]          += 1 per required anti-affinity term of the incoming
 *                                           pod that selects the existing pod
 *     no required terms and no existing anti-affinity counts → Skip
 *
 *   Filter(node), in this order:
 *     affinity:   every term's topologyKey is a label of the node (else fail), and
 *                 affinityCounts[(key, node[key])] > 0 for every term — unless no pod anywhere
 *                 matches (affinityCounts empty) and the pod matches its own terms (the first
 *                 pod of a group)      → UnschedulableAndUnresolvable "…didn't match pod affinity rules"
 *     anti:       antiAffinityCounts[(key, node[key])] > 0 for some term
 *                                      → Unschedulable "…didn't match pod anti-affinity rules"
 *     existing:   existingAntiAffinityCounts[pair] > 0 for some label pair of the node
 *                                      → Unschedulable "…didn't satisfy existing pods anti-affinity rules"
 * ```
 *
 * @module
 */

import type { Pod } from "@cluster/api/mod.ts";
import {
  type CycleState,
  type Handle,
  newStatus,
  type NodeInfo,
  type Status,
  unresolvable,
  unschedulable,
} from "@cluster/framework/mod.ts";
import { type AffinityTerm, type PodTerms, podTerms, termMatches, topologyPair } from "./_terms.ts";

/**
 * Reason strings (filtering.go `ErrReason…`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASONS } from "./filtering.ts";
 * assert.equal(REASONS.affinityRulesNotMatch, "node(s) didn't match pod affinity rules");
 * ```
 */
export const REASONS = Object.freeze({
  existingAntiAffinityRulesNotMatch: "node(s) didn't satisfy existing pods anti-affinity rules",
  affinityRulesNotMatch: "node(s) didn't match pod affinity rules",
  antiAffinityRulesNotMatch: "node(s) didn't match pod anti-affinity rules",
});

const PRE_FILTER_KEY = "PreFilterInterPodAffinity";

/**
 * PreFilter's counts: topology pair "key=value" → count.
 *
 * @example
 * ```ts
 * import type { PreFilterCounts } from "./filtering.ts";
 * const counts: PreFilterCounts = { terms: { requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] }, existingAntiAffinity: new Map(), affinity: new Map(), antiAffinity: new Map() };
 * ```
 */
export interface PreFilterCounts {
  readonly terms: PodTerms;
  readonly existingAntiAffinity: Map<string, number>;
  readonly affinity: Map<string, number>;
  readonly antiAffinity: Map<string, number>;
}

function add(map: Map<string, number>, key: string, value: number): void {
  const next = (map.get(key) ?? 0) + value;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

function matchesAll(target: Pod, terms: readonly AffinityTerm[]): boolean {
  return terms.length > 0 && terms.every((t) => termMatches(t, target));
}

/**
 * Count the topology pairs for `pod` over the snapshot (PreFilter's work).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Snapshot } from "@cluster/framework/mod.ts";
 * import { countTopologyPairs } from "./filtering.ts";
 * const spread = { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "zone" }] };
 * const existing = makePod("web-0", { labels: { app: "web" }, nodeName: "a1" });
 * const snapshot = new Snapshot([makeNode("a1", { labels: { zone: "a" } })], [existing]);
 * const counts = countTopologyPairs(makePod("web-1", { labels: { app: "web" }, podAntiAffinity: spread }), snapshot);
 * assert.deepEqual([...counts.antiAffinity], [["zone=a", 1]]);
 * ```
 */
export function countTopologyPairs(
  pod: Pod,
  snapshot: { readonly nodes: readonly NodeInfo[] },
): PreFilterCounts {
  // (Pods never appear in podsWithRequiredAntiAffinity without such terms, so the loop
  // below over that list sees the same existing-anti-affinity matches as over all pods.)
  const terms = podTerms(pod);
  const counts: PreFilterCounts = {
    terms,
    existingAntiAffinity: new Map(),
    affinity: new Map(),
    antiAffinity: new Map(),
  };
  const incomingHasTerms = terms.requiredAffinity.length > 0 ||
    terms.requiredAntiAffinity.length > 0;
  for (const info of snapshot.nodes) {
    const labels = info.node.labels;
    // Without required terms of its own, only existing pods with required anti-affinity
    // matter (upstream lists HavePodsWithRequiredAntiAffinity nodes only).
    for (const existing of incomingHasTerms ? info.pods : info.podsWithRequiredAntiAffinity) {
      // getExistingAntiAffinityCounts: existing pods' required anti-affinity selecting `pod`.
      for (const term of podTerms(existing).requiredAntiAffinity) {
        const value = labels[term.topologyKey];
        if (value !== undefined && termMatches(term, pod)) {
          add(counts.existingAntiAffinity, topologyPair(term.topologyKey, value), 1);
        }
      }
      // getIncomingAffinityAntiAffinityCounts: updateWithAffinityTerms (ALL terms must match).
      if (matchesAll(existing, terms.requiredAffinity)) {
        for (const term of terms.requiredAffinity) {
          const value = labels[term.topologyKey];
          if (value !== undefined) add(counts.affinity, topologyPair(term.topologyKey, value), 1);
        }
      }
      // updateWithAntiAffinityTerms: each matching term counts.
      for (const term of terms.requiredAntiAffinity) {
        const value = labels[term.topologyKey];
        if (value !== undefined && termMatches(term, existing)) {
          add(counts.antiAffinity, topologyPair(term.topologyKey, value), 1);
        }
      }
    }
  }
  return counts;
}

/** PreFilter: compute the counts; Skip when there is nothing to check.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
 * import { preFilter } from "./filtering.ts";
 * const snapshot = new Snapshot([makeNode("n1")]);
 * assert.equal(preFilter(new CycleState(), makePod("p"), { snapshot })?.code, "Skip");
 * ```
 */
export function preFilter(state: CycleState, pod: Pod, handle: Handle): Status | null {
  const counts = countTopologyPairs(pod, handle.snapshot);
  if (
    counts.existingAntiAffinity.size === 0 && counts.terms.requiredAffinity.length === 0 &&
    counts.terms.requiredAntiAffinity.length === 0
  ) {
    return newStatus("Skip");
  }
  state.write(PRE_FILTER_KEY, counts);
  return null;
}

function satisfyPodAffinity(pod: Pod, counts: PreFilterCounts, node: NodeInfo): boolean {
  let podsExist = true;
  for (const term of counts.terms.requiredAffinity) {
    const value = node.node.labels[term.topologyKey];
    if (value === undefined) return false; // all topology labels must exist on the node
    if ((counts.affinity.get(topologyPair(term.topologyKey, value)) ?? 0) <= 0) podsExist = false;
  }
  if (!podsExist) {
    // The first pod of a group with affinity to itself may go anywhere with the labels.
    return counts.affinity.size === 0 && matchesAll(pod, counts.terms.requiredAffinity);
  }
  return true;
}

function satisfyPodAntiAffinity(counts: PreFilterCounts, node: NodeInfo): boolean {
  for (const term of counts.terms.requiredAntiAffinity) {
    const value = node.node.labels[term.topologyKey];
    if (
      value !== undefined &&
      (counts.antiAffinity.get(topologyPair(term.topologyKey, value)) ?? 0) > 0
    ) {
      return false;
    }
  }
  return true;
}

function satisfyExistingPodsAntiAffinity(counts: PreFilterCounts, node: NodeInfo): boolean {
  if (counts.existingAntiAffinity.size === 0) return true;
  return !Object.entries(node.node.labels).some(([key, value]) =>
    (counts.existingAntiAffinity.get(topologyPair(key, value)) ?? 0) > 0
  );
}

/** Filter: affinity, then anti-affinity, then the existing pods' anti-affinity (after preFilter).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
 * import { filter, preFilter } from "./filtering.ts";
 * const near = { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "db" } }, topologyKey: "zone" }] };
 * const snapshot = new Snapshot([makeNode("a1", { labels: { zone: "a" } }), makeNode("b1", { labels: { zone: "b" } })], [makePod("db", { labels: { app: "db" }, nodeName: "a1" })]);
 * const state = new CycleState();
 * const pod = makePod("web", { podAffinity: near });
 * preFilter(state, pod, { snapshot });
 * assert.equal(filter(state, pod, snapshot.get("a1")), null);
 * assert.equal(filter(state, pod, snapshot.get("b1"))?.code, "UnschedulableAndUnresolvable");
 * ```
 */
export function filter(state: CycleState, pod: Pod, node: NodeInfo): Status | null {
  const counts = state.read<PreFilterCounts>(PRE_FILTER_KEY);
  if (!counts) {
    return {
      code: "Error",
      reasons: ["InterPodAffinity: PreFilter state missing; run PreFilter first"],
    };
  }
  if (!satisfyPodAffinity(pod, counts, node)) return unresolvable(REASONS.affinityRulesNotMatch);
  if (!satisfyPodAntiAffinity(counts, node)) {
    return unschedulable(REASONS.antiAffinityRulesNotMatch);
  }
  if (!satisfyExistingPodsAntiAffinity(counts, node)) {
    return unschedulable(REASONS.existingAntiAffinityRulesNotMatch);
  }
  return null;
}
