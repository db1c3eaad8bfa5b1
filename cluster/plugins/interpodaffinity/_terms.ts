/**
 * Pod (anti-)affinity terms, processed once per pod (upstream `framework.AffinityTerm`,
 * built by `NewPodInfo` in `pkg/scheduler/framework/types.go`).
 *
 * ```
 *   AffinityTerm { namespaces: Set, selector: LabelSelector | undefined, topologyKey }
 *   matches(target) = target.namespace ∈ namespaces  AND  selector selects target.labels
 *   namespaces = term.namespaces, or { owner pod's namespace } when empty
 *                (GetNamespacesFromPodAffinityTerm; namespaceSelector is not modelled)
 *   a missing labelSelector selects nothing (LabelSelectorAsSelector(nil) = Nothing)
 * ```
 *
 * @module
 */

import { matchesLabelSelector, type Pod, type PodAffinityTerm } from "@cluster/api/mod.ts";

/** A term ready to match pods.
 * @example
 * ```ts
 * import type { AffinityTerm } from "./_terms.ts";
 * const t: AffinityTerm = { namespaces: new Set(["default"]), selector: undefined, topologyKey: "zone" };
 * ```
 */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  readonly selector: PodAffinityTerm["labelSelector"];
  readonly topologyKey: string;
}

/** A preferred term with its weight.
 * @example
 * ```ts
 * import type { WeightedAffinityTerm } from "./_terms.ts";
 * const t: WeightedAffinityTerm = { namespaces: new Set(["default"]), selector: undefined, topologyKey: "zone", weight: 5 };
 * ```
 */
export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** A term of `owner` as an AffinityTerm (empty namespaces: the owner's).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makePod } from "@cluster/api/mod.ts";
 * import { affinityTerm } from "./_terms.ts";
 * const t = affinityTerm(makePod("p", { namespace: "shop" }), { namespaces: [], topologyKey: "zone" });
 * assert.deepEqual([...t.namespaces], ["shop"]);
 * ```
 */
export function affinityTerm(owner: Pod, term: PodAffinityTerm): AffinityTerm {
  return {
    namespaces: new Set(term.namespaces.length > 0 ? term.namespaces : [owner.namespace]),
    selector: term.labelSelector,
    topologyKey: term.topologyKey,
  };
}

/** Does the term select `target`? (`AffinityTerm.Matches`)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makePod } from "@cluster/api/mod.ts";
 * import { termMatches } from "./_terms.ts";
 * const t = { namespaces: new Set(["default"]), selector: { matchLabels: { app: "db" }, matchExpressions: [] }, topologyKey: "zone" };
 * assert.ok(termMatches(t, makePod("db-0", { labels: { app: "db" } })));
 * assert.ok(!termMatches(t, makePod("db-1", { labels: { app: "db" }, namespace: "other" })));
 * ```
 */
export function termMatches(term: AffinityTerm, target: Pod): boolean {
  return term.namespaces.has(target.namespace) &&
    matchesLabelSelector(term.selector, target.labels);
}

/** The four term lists of a pod (`PodInfo.Required/Preferred(Anti)AffinityTerms`).
 * @example
 * ```ts
 * import type { PodTerms } from "./_terms.ts";
 * const none: PodTerms = { requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] };
 * ```
 */
export interface PodTerms {
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
}

const cache = new WeakMap<Pod, PodTerms>();

/** A pod's processed terms (memoized per pod object; pods are immutable).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makePod } from "@cluster/api/mod.ts";
 * import { podTerms } from "./_terms.ts";
 * assert.equal(podTerms(makePod("p")).requiredAffinity.length, 0);
 * ```
 */
export function podTerms(pod: Pod): PodTerms {
  let terms = cache.get(pod);
  if (terms) return terms;
  const affinity = pod.affinity.podAffinity;
  const anti = pod.affinity.podAntiAffinity;
  const weighted = (list: { weight: number; podAffinityTerm: PodAffinityTerm }[] = []) =>
    list.map((w) => ({ ...affinityTerm(pod, w.podAffinityTerm), weight: w.weight }));
  terms = {
    requiredAffinity: (affinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      affinityTerm(pod, t)
    ),
    requiredAntiAffinity: (anti?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      affinityTerm(pod, t)
    ),
    preferredAffinity: weighted(affinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: weighted(anti?.preferredDuringSchedulingIgnoredDuringExecution),
  };
  cache.set(pod, terms);
  return terms;
}

/** "key=value": one topology domain, the key of the count maps.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { topologyPair } from "./_terms.ts";
 * assert.equal(topologyPair("zone", "a"), "zone=a");
 * ```
 */
export function topologyPair(key: string, value: string): string {
  return `${key}=${value}`;
}
