/**
 * `plugins/interpodaffinity`: the InterPodAffinity plugin — pods that attract (affinity) or
 * repel (anti-affinity) other pods within a topology domain (node, zone, region).
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME, REASONS } from "./mod.ts";
 * assert.equal(NAME, "InterPodAffinity");
 * assert.equal(REASONS.antiAffinityRulesNotMatch, "node(s) didn't match pod anti-affinity rules");
 * ```
 *
 * @module
 */

// 1. Filter: required terms, the existing pods' anti-affinity (symmetry), reason strings.
export * from "./filtering.ts";
// 2. Score: preferred terms, hardPodAffinityWeight, min-max normalization.
export * from "./scoring.ts";
// 3. The plugin: NAME, arguments, factory.
export * from "./inter_pod_affinity.ts";
