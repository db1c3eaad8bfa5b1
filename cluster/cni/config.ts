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
import { jsonInput, nearestName, parseOptions } from "@src/options/mod.ts";

/** Semantic version as the spec uses it, e.g. `1.1.0`. */
const VERSION = z.string().regex(/^\d+\.\d+\.\d+$/, "must look like 1.1.0");

/**
 * A network name (SPEC.md §1 "name": must start with an alphanumeric, then [A-Za-z0-9_.-]).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NETWORK_NAME } from "./config.ts";
 * assert.ok(NETWORK_NAME.test("pods-1.v2"));
 * assert.ok(!NETWORK_NAME.test("-pods")); // must start with a letter or digit
 * ```
 */
export const NETWORK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * The `ipam` dictionary: `type` names the IPAM plugin; the rest is plugin-specific.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ipamConfigSchema } from "./config.ts";
 * assert.equal(ipamConfigSchema.parse({ type: "host-local", ranges: [] }).type, "host-local");
 * assert.equal(ipamConfigSchema.safeParse({ ranges: [] }).success, false); // no type
 * ```
 */
export const ipamConfigSchema = z.looseObject({ type: z.string().min(1) });

/**
 * One plugin configuration object (SPEC.md §1 "Plugin configuration objects").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pluginConfigSchema } from "./config.ts";
 * const bridge = pluginConfigSchema.parse({ type: "bridge", bridge: "cni0" });
 * assert.equal(bridge.bridge, "cni0"); // plugin-specific keys pass through
 * ```
 */
export const pluginConfigSchema = z.looseObject({
  type: z.string().min(1, 'must name the plugin binary, like "bridge"'),
  capabilities: z.record(z.string(), z.boolean()).optional(),
  ipam: ipamConfigSchema.optional(),
  dns: z.looseObject({}).optional(),
});

/**
 * A whole network configuration list (SPEC.md §1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { networkConfigListSchema } from "./config.ts";
 * const list = networkConfigListSchema.parse({ cniVersion: "1.1.0", name: "pods", plugins: [{ type: "loopback" }] });
 * assert.equal(list.disableGC, false); // defaults filled in
 * ```
 */
export const networkConfigListSchema = z.strictObject({
  cniVersion: VERSION,
  cniVersions: z.array(VERSION).optional(),
  name: z.string().regex(NETWORK_NAME, "must start with a letter or digit, then [A-Za-z0-9_.-]"),
  disableCheck: z.boolean().default(false),
  disableGC: z.boolean().default(false),
  loadOnlyInlinedPlugins: z.boolean().default(false),
  plugins: z.array(pluginConfigSchema).min(1, "must list at least one plugin"),
});

/**
 * One plugin configuration object after validation.
 *
 * @example
 * ```ts
 * import type { PluginConfig } from "./config.ts";
 * const portmap: PluginConfig = { type: "portmap", capabilities: { portMappings: true } };
 * ```
 */
export type PluginConfig = z.infer<typeof pluginConfigSchema>;
/**
 * A network configuration list after validation (defaults filled in).
 *
 * @example
 * ```ts
 * import type { NetworkConfigList } from "./config.ts";
 * const list: NetworkConfigList = {
 *   cniVersion: "1.1.0", name: "pods", disableCheck: false, disableGC: false,
 *   loadOnlyInlinedPlugins: false, plugins: [{ type: "loopback" }],
 * };
 * ```
 */
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
  const value = jsonInput(
    input,
    "parse the CNI network configuration list",
    `pass JSON text like {"cniVersion":"1.1.0","name":"pods","plugins":[…]}`,
  );
  explainMissingKeys(value);
  return parseOptions(
    networkConfigListSchema,
    value,
    "parse the CNI network configuration list",
    "",
  );
}

/**
 * A required key that is missing while a look-alike is present (`typ`, `Type`, `plugin`), or a
 * single plugin's config where a list is expected: say so, instead of "must be string (got
 * undefined)".
 */
function explainMissingKeys(value: unknown): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return;
  const fail = (where: string, key: string, found: string[], fix: string) => {
    const near = nearestName(key, found);
    if (near === undefined) return;
    throw new TypeError(
      `Cannot parse the CNI network configuration list: ${where}${key} is missing but ${where}${near} is there; did you mean "${key}"? ${fix}`,
    );
  };
  const list = value as Record<string, unknown>;
  const top = Object.keys(list);
  if (!("plugins" in list) && typeof list.type === "string") {
    throw new TypeError(
      `Cannot parse the CNI network configuration list: this is a single plug-in's configuration (type ${
        JSON.stringify(list.type)
      }) without plugins; wrap it: { cniVersion, name, plugins: [{ type: ${
        JSON.stringify(list.type)
      }, … }] }`,
    );
  }
  for (const key of ["cniVersion", "name", "plugins"]) {
    if (!(key in list)) fail("", key, top.filter((k) => !(k in networkConfigListSchema.shape)), "");
  }
  if (!Array.isArray(list.plugins)) return;
  list.plugins.forEach((plugin, i) => {
    if (typeof plugin !== "object" || plugin === null || "type" in plugin) return;
    fail(`plugins[${i}].`, "type", Object.keys(plugin), 'Name the plug-in binary, like "bridge".');
  });
}

/**
 * Spec versions this model's runtime understands, oldest first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RUNTIME_SPEC_VERSIONS } from "./config.ts";
 * assert.equal(RUNTIME_SPEC_VERSIONS.at(-1), "1.1.0");
 * ```
 */
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
