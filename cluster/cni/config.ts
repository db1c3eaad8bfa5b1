/**
 * CNI network configuration lists: the JSON file an administrator drops in
 * `/etc/cni/net.d/` and the runtime reads before calling any plugin.
 *
 * SPEC.md 1.1.0 §1 "Network configuration format":
 *
 * ```
 * { "cniVersion": "1.1.0",            ← spec version of this file
 *   "cniVersions": ["1.0.0","1.1.0"], ← (1.1.0) versions it is valid for; the runtime picks the highest it knows
 *   "name": "dbnet",                  ← unique network name: alphanumerics, then [A-Za-z0-9_.-]
 *   "disableCheck": false,            ← true: the runtime must not call CHECK
 *   "disableGC": false,               ← (1.1.0) true: the runtime must not call GC
 *   "plugins": [                      ← executed in order on ADD, in reverse on DEL
 *     { "type": "bridge", "bridge": "cni0", "ipam": { "type": "host-local", … } },
 *     { "type": "portmap", "capabilities": { "portMappings": true } } ] }
 * ```
 *
 * Each plugin object has a `type` (the binary name) and any plugin-specific fields; the
 * well-known optional keys are `capabilities`, `ipam`, `dns` (SPEC.md §1 "Plugin configuration
 * objects"). Parse with `parseNetworkConfigList(textOrObject)`; a typo names the field path.
 *
 * @module
 */

import { z } from "zod";
import { parseOptions } from "@src/options/mod.ts";

/** Semantic version as the spec uses it, e.g. `1.1.0`. */
const VERSION = z.string().regex(/^\d+\.\d+\.\d+$/, "must look like 1.1.0");

/** A network name (SPEC.md §1 "name": must start with an alphanumeric, then [A-Za-z0-9_.-]). */
export const NETWORK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The `ipam` dictionary: `type` names the IPAM plugin; the rest is plugin-specific. */
export const ipamConfigSchema = z.looseObject({ type: z.string().min(1) });

/** One plugin configuration object (SPEC.md §1 "Plugin configuration objects"). */
export const pluginConfigSchema = z.looseObject({
  type: z.string().min(1, 'must name the plugin binary, like "bridge"'),
  capabilities: z.record(z.string(), z.boolean()).optional(),
  ipam: ipamConfigSchema.optional(),
  dns: z.looseObject({}).optional(),
});

/** A whole network configuration list (SPEC.md §1). */
export const networkConfigListSchema = z.strictObject({
  cniVersion: VERSION,
  cniVersions: z.array(VERSION).optional(),
  name: z.string().regex(NETWORK_NAME, "must start with a letter or digit, then [A-Za-z0-9_.-]"),
  disableCheck: z.boolean().default(false),
  disableGC: z.boolean().default(false),
  loadOnlyInlinedPlugins: z.boolean().default(false),
  plugins: z.array(pluginConfigSchema).min(1, "must list at least one plugin"),
});

/** One plugin configuration object after validation. */
export type PluginConfig = z.infer<typeof pluginConfigSchema>;
/** A network configuration list after validation (defaults filled in). */
export type NetworkConfigList = z.infer<typeof networkConfigListSchema>;

/**
 * Parse a network configuration list from JSON text or an object. Throws `SyntaxError` for
 * text that is not JSON, `TypeError`/`RangeError` naming the field path for a wrong field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseNetworkConfigList } from "./config.ts";
 * const list = parseNetworkConfigList('{"cniVersion":"1.1.0","name":"pods","plugins":[{"type":"loopback"}]}');
 * assert.equal(list.disableCheck, false);
 * assert.throws(() => parseNetworkConfigList({ cniVersion: "1.1.0", name: "pods", plugins: [{}] }),
 *   /plugins\[0\]\.type must be string/);
 * assert.throws(() => parseNetworkConfigList("{nope"), SyntaxError);
 * ```
 */
export function parseNetworkConfigList(input: string | unknown): NetworkConfigList {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new SyntaxError(
        `Cannot parse the CNI network configuration list: ${(error as Error).message}; ` +
          `pass JSON text like {"cniVersion":"1.1.0","name":"pods","plugins":[…]}`,
      );
    }
  }
  return parseOptions(
    networkConfigListSchema,
    value,
    "parse the CNI network configuration list",
    "",
  );
}

/** Spec versions this model's runtime understands, oldest first. */
export const RUNTIME_SPEC_VERSIONS = ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"] as const;

/**
 * The spec version the runtime uses for a list (SPEC.md 1.1.0 §1 "cniVersions": choose the
 * highest version in `cniVersions` that the runtime supports, else `cniVersion`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { negotiateVersion } from "./config.ts";
 * assert.equal(negotiateVersion({ cniVersion: "1.0.0", cniVersions: ["1.0.0", "1.1.0", "9.0.0"] }), "1.1.0");
 * assert.equal(negotiateVersion({ cniVersion: "0.4.0" }), "0.4.0");
 * ```
 */
export function negotiateVersion(
  list: { cniVersion: string; cniVersions?: readonly string[] },
  supported: readonly string[] = RUNTIME_SPEC_VERSIONS,
): string {
  const usable = (list.cniVersions ?? []).filter((v) => supported.includes(v));
  if (usable.length === 0) return list.cniVersion;
  return usable.sort(compareVersions).at(-1)!;
}

/**
 * Compare two `major.minor.patch` versions numerically (negative, 0, positive).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareVersions } from "./config.ts";
 * assert.ok(compareVersions("0.10.0", "0.4.0") > 0);
 * ```
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
