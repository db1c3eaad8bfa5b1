/**
 * `hostpath.csi.stacklab`: a node-local driver in the spirit of kubernetes-csi/csi-driver-host-path.
 * A volume is a directory on one node's disk, so its accessible_topology is that one node; there
 * is no attach step (no PUBLISH_UNPUBLISH_VOLUME) and no staging — spec.md Figure 8:
 *
 * ```
 *   CreateVolume ──▶ CREATED ──NodePublishVolume──▶ PUBLISHED   (bind-mount the directory)
 *   topology key "topology.hostpath.csi/node": volume on node-2 → only node-2 sees it
 * ```
 *
 * @module
 */

import { z } from "zod";
import { parseOptions } from "@src/options/mod.ts";
import { createEngineDriver } from "../_engine.ts";
import type { CsiDriver } from "../types.ts";

/**
 * The driver name (GetPluginInfo).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./hostpath.ts";
 * assert.equal(NAME, "hostpath.csi.stacklab");
 * ```
 */
export const NAME = "hostpath.csi.stacklab";
/**
 * Its topology key.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HOSTPATH_TOPOLOGY_KEY, hostpathDriver } from "./hostpath.ts";
 * const info = hostpathDriver().node("node-2")!.NodeGetInfo();
 * assert.equal(info.code === "OK" && info.value.accessible_topology.segments[HOSTPATH_TOPOLOGY_KEY], "node-2");
 * ```
 */
export const HOSTPATH_TOPOLOGY_KEY = "topology.hostpath.csi/node";
const GIB = 2 ** 30;

const optionsSchema = z.strictObject({
  nodes: z.array(z.string().min(1)).min(1).default(["node-1", "node-2", "node-3"]),
  capacityPerNodeBytes: z.number().int().positive().default(10 * GIB),
  maxVolumesPerNode: z.number().int().positive().default(100),
});

/**
 * Options of `hostpathDriver()`.
 *
 * @example
 * ```ts
 * import { hostpathDriver, type HostpathOptions } from "./hostpath.ts";
 * const options: HostpathOptions = { nodes: ["edge-1"], capacityPerNodeBytes: 2 ** 30 };
 * hostpathDriver(options);
 * ```
 */
export interface HostpathOptions {
  /** Node names. @default ["node-1", "node-2", "node-3"] */
  nodes?: string[];
  /** Disk space per node for volumes, bytes. @default 10 GiB */
  capacityPerNodeBytes?: number;
  /** Reported by NodeGetInfo (the scheduler counts against it). @default 100 */
  maxVolumesPerNode?: number;
}

/**
 * Create the hostpath driver.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hostpathDriver } from "./hostpath.ts";
 * const driver = hostpathDriver({ nodes: ["n1", "n2"] });
 * const created = driver.controller.CreateVolume({ name: "pvc-1",
 *   volume_capabilities: [{ mount: {}, access_mode: { mode: "SINGLE_NODE_WRITER" } }],
 *   accessibility_requirements: { preferred: [{ segments: { "topology.hostpath.csi/node": "n2" } }] } });
 * assert.equal(created.code === "OK" && created.value.volume.accessible_topology[0].segments["topology.hostpath.csi/node"], "n2");
 * ```
 */
export function hostpathDriver(options: HostpathOptions = {}): CsiDriver {
  const o = parseOptions(optionsSchema, options, "create the hostpath CSI driver");
  return createEngineDriver({
    name: NAME,
    vendorVersion: "1.0.0",
    topologyKey: HOSTPATH_TOPOLOGY_KEY,
    nodes: o.nodes.map((id) => ({ id, segment: id, maxVolumesPerNode: o.maxVolumesPerNode })),
    pools: Object.fromEntries(o.nodes.map((id) => [id, o.capacityPerNodeBytes])),
    minVolumeBytes: 1,
    maxVolumeBytes: o.capacityPerNodeBytes,
    accessModes: [
      "SINGLE_NODE_WRITER",
      "SINGLE_NODE_READER_ONLY",
      "SINGLE_NODE_SINGLE_WRITER",
      "SINGLE_NODE_MULTI_WRITER",
    ],
    controllerPublish: false,
    stage: false,
    idPrefix: "hostpath",
  });
}
