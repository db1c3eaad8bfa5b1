/**
 * `cluster/api`: the objects the scheduler reads — quantities, Nodes, Pods — and the
 * YAML manifests they come from.
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod, podRequests } from "./mod.ts";
 * assert.equal(makeNode("n1", { cpu: "2" }).allocatable.cpu, 2000);
 * assert.equal(podRequests(makePod("p", { memory: "1Gi" })).memory, 2 ** 30);
 * ```
 *
 * @module
 */

// 1. Quantities: "500m", "1.5Gi", "1e3" parsed exactly and written canonically.
export * from "./quantity.ts";
// 2. Node and Pod, and the zod schemas of their manifests.
export * from "./objects.ts";
// 3. Multi-document YAML into nodes and pods, errors with field paths.
export * from "./manifest.ts";
// 4. Builders for tests and notebooks (makeNode, makePod).
export * from "./builders.ts";
// 5. Label selectors, node selector terms, tolerations.
export * from "./selectors.ts";
// 6. A pod's effective request: containers, init containers, overhead, scoring defaults.
export * from "./pod_resources.ts";
