/**
 * The CNI drivers shipped with the model, and the registry table that maps a configuration's
 * `type` to a factory (the plug-in pattern of CONVENTIONS.md).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CNI_PLUGINS } from "./mod.ts";
 * assert.deepEqual(Object.keys(CNI_PLUGINS), ["loopback", "bridge", "host-local", "portmap"]);
 * ```
 *
 * @module
 */

import type { CniPluginFactory } from "../plugin.ts";
import { bridge, NAME as BRIDGE } from "./bridge.ts";
import { hostLocal, NAME as HOST_LOCAL } from "./host_local.ts";
import { loopback, NAME as LOOPBACK } from "./loopback.ts";
import { NAME as PORTMAP, portmap } from "./portmap.ts";

// 1. loopback: lo up in the pod.
export { loopback } from "./loopback.ts";
// 2. bridge: veth pair into the pod, bridge on the host, IPAM delegated.
export { bridge, DEFAULT_BRIDGE } from "./bridge.ts";
// 3. host-local: IPAM from ranges, one file per address.
export { DEFAULT_DATA_DIR, hostLocal, type HostLocalOptions, LINE_BREAK } from "./host_local.ts";
// 4. portmap: chained DNAT from host ports to the pod.
export { portmap, type PortMapping } from "./portmap.ts";

/**
 * The registry: configuration `type` → factory. Add your own entry to plug a driver in.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CNI_PLUGINS } from "./mod.ts";
 * assert.equal(CNI_PLUGINS["host-local"]().name, "host-local");
 * ```
 */
export const CNI_PLUGINS: Record<string, CniPluginFactory> = {
  [LOOPBACK]: loopback,
  [BRIDGE]: bridge,
  [HOST_LOCAL]: () => hostLocal(),
  [PORTMAP]: portmap,
};
