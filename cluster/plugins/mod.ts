/**
 * `cluster/plugins`: one folder per scheduler plugin (each exports NAME, reasons and a
 * factory) and the in-tree registry. Plugin folders export the same names (NAME,
 * REASONS), so import a folder's `mod.ts` as a namespace, as this door does.
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IN_TREE_REGISTRY, noderesources } from "./mod.ts";
 * assert.equal(noderesources.NAME, "NodeResourcesFit");
 * assert.equal(Object.keys(IN_TREE_REGISTRY).length, 11);
 * ```
 *
 * @module
 */

// Filters that need no arithmetic: cordoned nodes, spec.nodeName, host ports.
export * as nodeunschedulable from "./nodeunschedulable/mod.ts";
export * as nodename from "./nodename/mod.ts";
export * as nodeports from "./nodeports/mod.ts";
// Taints and tolerations: filter on NoSchedule/NoExecute, score PreferNoSchedule.
export * as tainttoleration from "./tainttoleration/mod.ts";
// Node selector and node affinity: required (filter), preferred (score).
export * as nodeaffinity from "./nodeaffinity/mod.ts";
// Resources: the Fit filter, LeastAllocated / MostAllocated / RequestedToCapacityRatio, Balanced.
export * as noderesources from "./noderesources/mod.ts";
// Topology spread: maxSkew across zones or nodes.
export * as podtopologyspread from "./podtopologyspread/mod.ts";
// Inter-pod affinity and anti-affinity: required (filter), preferred (score).
export * as interpodaffinity from "./interpodaffinity/mod.ts";
// Preemption (PostFilter): evict lower-priority pods so a higher-priority pod fits.
export * as defaultpreemption from "./defaultpreemption/mod.ts";
// Image locality: prefer nodes that already have the images.
export * as imagelocality from "./imagelocality/mod.ts";
// The registry of all of them.
export * from "./registry.ts";
