/**
 * `cluster/kubelet`: the node agent that closes the course — a pod the scheduler bound to a
 * node becomes a cgroup, a volume (CSI), a network namespace with an address (CNI), a pause
 * container and one OCI container per spec container, built from an image's layers
 * (`virt/container`).
 *
 * Read in this order: resources (QoS, shares, quota), the kubelet, the cluster.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { milliCpuToShares, qosClass } from "./mod.ts";
 * import { makePod } from "../api/mod.ts";
 * assert.equal(milliCpuToShares(500), 512);
 * assert.equal(qosClass(makePod("p")), "BestEffort");
 * ```
 *
 * @module
 */

// 1. From resources: to QoS class, cgroup path, cpu shares, CFS quota, memory limit.
export * from "./resources.ts";
// 2. The kubelet: pod cgroup, volumes, sandbox + CNI, images, containers; steps as rows.
export * from "./kubelet.ts";
// 3. A cluster: the scheduler and one kubelet per node, a pod from manifest to running.
export * from "./cluster.ts";
