/**
 * `netblock.csi.stacklab`: a network block-storage driver in the spirit of cloud disks (AWS EBS,
 * GCE PD CSI drivers). A volume lives in one zone; the controller attaches it to one node at a
 * time (PUBLISH_UNPUBLISH_VOLUME), each node can hold at most `max_volumes_per_node` attached
 * disks, and the node formats and mounts it once per node (STAGE_UNSTAGE_VOLUME) before
 * bind-mounting it into pods — spec.md Figure 6:
 *
 * ```
 *  CreateVolume → CREATED ─ControllerPublish→ NODE_READY ─NodeStage→ VOL_READY ─NodePublish→ PUBLISHED
 *  zone-a pool 100 GiB, zone-b pool 100 GiB;  node-a1, node-a2 in zone-a; node-b1 in zone-b
 *  max_volumes_per_node = 2 → the third ControllerPublish to one node is RESOURCE_EXHAUSTED
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
 * import { NAME } from "./netblock.ts";
 * assert.equal(NAME, "netblock.csi.stacklab");
 * ```
 */
export const NAME = "netblock.csi.stacklab";
/**
 * Its topology key (the well-known Kubernetes zone label).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { netblockDriver, ZONE_TOPOLOGY_KEY } from "./netblock.ts";
 * const info = netblockDriver().node("node-b1")!.NodeGetInfo();
 * assert.equal(info.code === "OK" && info.value.accessible_topology.segments[ZONE_TOPOLOGY_KEY], "zone-b");
 * ```
 */
export const ZONE_TOPOLOGY_KEY = "topology.kubernetes.io/zone";
const GIB = 2 ** 30;

const optionsSchema = z.strictObject({
  zones: z.record(z.string(), z.number().int().positive()).default({
    "zone-a": 100 * GIB,
    "zone-b": 100 * GIB,
  }),
  nodes: z.array(z.strictObject({ id: z.string().min(1), zone: z.string().min(1) })).min(1).default(
    [
      { id: "node-a1", zone: "zone-a" },
      { id: "node-a2", zone: "zone-a" },
      { id: "node-b1", zone: "zone-b" },
    ],
  ),
  maxVolumesPerNode: z.number().int().positive().default(2),
  minVolumeBytes: z.number().int().positive().default(GIB),
  maxVolumeBytes: z.number().int().positive().default(64 * GIB),
});

/**
 * Options of `netblockDriver()`.
 *
 * @example
 * ```ts
 * import { netblockDriver, type NetblockOptions } from "./netblock.ts";
 * const options: NetblockOptions = { maxVolumesPerNode: 1, nodes: [{ id: "n1", zone: "zone-a" }] };
 * netblockDriver(options);
 * ```
 */
export interface NetblockOptions {
  /** Capacity per zone, bytes. @default {"zone-a": 100 GiB, "zone-b": 100 GiB} */
  zones?: Record<string, number>;
  /** Nodes and their zones. @default node-a1, node-a2 in zone-a; node-b1 in zone-b */
  nodes?: { id: string; zone: string }[];
  /** Attach limit per node. @default 2 */
  maxVolumesPerNode?: number;
  /** Smallest disk; smaller requests are rounded up. @default 1 GiB */
  minVolumeBytes?: number;
  /** Largest disk; larger requests are OUT_OF_RANGE. @default 64 GiB */
  maxVolumeBytes?: number;
}

/**
 * Create the network block driver.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { netblockDriver } from "./netblock.ts";
 * const driver = netblockDriver();
 * const big = driver.controller.CreateVolume({ name: "huge", capacity_range: { required_bytes: 2 ** 40 },
 *   volume_capabilities: [{ block: {}, access_mode: { mode: "SINGLE_NODE_WRITER" } }] });
 * assert.equal(big.code, "OUT_OF_RANGE");
 * ```
 */
export function netblockDriver(options: NetblockOptions = {}): CsiDriver {
  const o = parseOptions(optionsSchema, options, "create the netblock CSI driver");
  for (const node of o.nodes) {
    if (!(node.zone in o.zones)) {
      throw new RangeError(
        `Cannot create the netblock CSI driver: node ${node.id} is in zone ${node.zone}, which has no pool; ` +
          `add it to zones (have ${Object.keys(o.zones).join(", ")})`,
      );
    }
  }
  return createEngineDriver({
    name: NAME,
    vendorVersion: "1.0.0",
    topologyKey: ZONE_TOPOLOGY_KEY,
    nodes: o.nodes.map((n) => ({
      id: n.id,
      segment: n.zone,
      maxVolumesPerNode: o.maxVolumesPerNode,
    })),
    pools: o.zones,
    minVolumeBytes: o.minVolumeBytes,
    maxVolumeBytes: o.maxVolumeBytes,
    accessModes: ["SINGLE_NODE_WRITER", "SINGLE_NODE_READER_ONLY"],
    controllerPublish: true,
    stage: true,
    idPrefix: "netblock",
  });
}
