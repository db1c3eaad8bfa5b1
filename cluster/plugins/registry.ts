/**
 * The in-tree registry (`pkg/scheduler/framework/plugins/registry.go`, `NewInTreeRegistry`):
 * plugin name → factory, for every plugin this model has. Add your own with
 * `{ ...IN_TREE_REGISTRY, MyPlugin: (args) => ({ name: "MyPlugin", score: … }) }`.
 *
 * @module
 */

import type { Registry } from "@cluster/framework/mod.ts";
import { newDefaultPreemption } from "./defaultpreemption/mod.ts";
import { newImageLocality } from "./imagelocality/mod.ts";
import { newInterPodAffinity } from "./interpodaffinity/mod.ts";
import { newNodeAffinity } from "./nodeaffinity/mod.ts";
import { newNodeName } from "./nodename/mod.ts";
import { newNodePorts } from "./nodeports/mod.ts";
import { newBalancedAllocation, newFit } from "./noderesources/mod.ts";
import { newNodeUnschedulable } from "./nodeunschedulable/mod.ts";
import { newPodTopologySpread } from "./podtopologyspread/mod.ts";
import { newTaintToleration } from "./tainttoleration/mod.ts";

/**
 * Every in-tree plugin of this model.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_PLUGINS } from "@cluster/framework/mod.ts";
 * import { IN_TREE_REGISTRY } from "./registry.ts";
 * assert.ok(DEFAULT_PLUGINS.every((p) => p.name in IN_TREE_REGISTRY));
 * ```
 */
export const IN_TREE_REGISTRY: Registry = Object.freeze({
  NodeUnschedulable: newNodeUnschedulable,
  NodeName: newNodeName,
  TaintToleration: newTaintToleration,
  NodeAffinity: newNodeAffinity,
  NodePorts: newNodePorts,
  NodeResourcesFit: newFit,
  PodTopologySpread: newPodTopologySpread,
  InterPodAffinity: newInterPodAffinity,
  DefaultPreemption: newDefaultPreemption,
  NodeResourcesBalancedAllocation: newBalancedAllocation,
  ImageLocality: newImageLocality,
});
