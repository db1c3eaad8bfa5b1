/**
 * `csi`: the Container Storage Interface as a plug-in extension point. Three services
 * (Identity, Controller, Node) with the spec's messages and gRPC status codes, the volume
 * lifecycle state machine, two drivers (node-local hostpath, zonal network block storage with
 * attach limits) in a registry, and the Kubernetes components that drive them for a pod.
 *
 * Read in this order: status codes, the service interfaces, the lifecycle, the drivers and
 * registry, the orchestrator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CSI_DRIVERS, CsiCluster } from "./mod.ts";
 * const cluster = new CsiCluster(CSI_DRIVERS["hostpath.csi.stacklab"]());
 * assert.ok(cluster.startPod("p", { name: "c", capacityBytes: 1024 }).ok);
 * ```
 *
 * @module
 */

// 1. gRPC status codes and CsiResult objects.
export * from "./status.ts";
// 2. Identity, Controller and Node services: messages named as in spec.md.
export * from "./types.ts";
// 3. The volume lifecycle: CREATED → NODE_READY → VOL_READY → PUBLISHED.
export * from "./lifecycle.ts";
// 4. Drivers and the registry table.
export * from "./drivers/mod.ts";
// 5. Provisioner, attacher and kubelet driving a pod's volume, recording every call.
export * from "./orchestrator.ts";
