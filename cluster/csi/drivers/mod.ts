/**
 * The CSI drivers shipped with the model, and the registry table name → factory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CSI_DRIVERS } from "./mod.ts";
 * assert.deepEqual(Object.keys(CSI_DRIVERS), ["hostpath.csi.stacklab", "netblock.csi.stacklab"]);
 * assert.equal(CSI_DRIVERS["netblock.csi.stacklab"]().name, "netblock.csi.stacklab");
 * ```
 *
 * @module
 */

import type { CsiDriverFactory } from "../types.ts";
import { hostpathDriver, NAME as HOSTPATH } from "./hostpath.ts";
import { NAME as NETBLOCK, netblockDriver } from "./netblock.ts";

// 1. hostpath: node-local directories, no attach, no staging (Figure 8).
export { HOSTPATH_TOPOLOGY_KEY, hostpathDriver, type HostpathOptions } from "./hostpath.ts";
// 2. netblock: zonal network disks, attach limits, staging (Figure 6).
export { netblockDriver, type NetblockOptions, ZONE_TOPOLOGY_KEY } from "./netblock.ts";

/**
 * The registry: driver name → factory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CSI_DRIVERS } from "./mod.ts";
 * assert.equal(CSI_DRIVERS["hostpath.csi.stacklab"]().nodeIds.length, 3);
 * ```
 */
export const CSI_DRIVERS: Record<string, CsiDriverFactory> = {
  [HOSTPATH]: (options) => hostpathDriver(options),
  [NETBLOCK]: (options) => netblockDriver(options),
};
