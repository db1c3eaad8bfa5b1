/**
 * `cluster`: chapter 4, scheduling. A Kubernetes-style scheduler — the API objects it reads,
 * the framework's extension points, the upstream plugins with their formulas, the
 * scheduling cycle — and the two driver-like plug-in interfaces a node uses to start a pod:
 * CNI for its network and CSI for its volumes.
 *
 * Read in this order: objects and quantities, the framework, the plugins, the scheduler,
 * then CNI and CSI, then the kubelet that uses them all. Charts come from `cluster/display/mod.ts`, homework from
 * `cluster/homework/mod.ts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod, Scheduler } from "@cluster/mod.ts";
 * const nodes = ["a", "b"].map((name) => makeNode(name, { cpu: "4", memory: "8Gi" }));
 * const scheduler = new Scheduler(nodes, { seed: 1 });
 * const result = scheduler.scheduleOne(makePod("web", { cpu: "500m", memory: "1Gi" }));
 * assert.ok(result.node === "a" || result.node === "b");
 * ```
 *
 * @module
 */

// 1. API objects: quantities, nodes and pods, YAML manifests.
export * from "./api/mod.ts";
// 2. The scheduling framework: extension points, Status, NodeInfo, profiles.
export * from "./framework/mod.ts";
// 3. The in-tree plugins, one folder each, and their registry.
export * from "./plugins/mod.ts";
// 4. The scheduler: one cycle (filter, score, select), the queue, FailedScheduling messages.
export * from "./scheduler/mod.ts";
// 5. CNI: network configuration lists, the plug-in protocol, drivers, the runtime.
export * from "./cni/mod.ts";
// 6. CSI: Identity, Controller and Node services, the volume lifecycle, drivers.
export * from "./csi/mod.ts";
// 7. The kubelet and a whole cluster: a pod from manifest to running containers.
export * from "./kubelet/mod.ts";
