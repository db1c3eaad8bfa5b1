/**
 * The OCI runtime configuration, `config.json` in a bundle, as a zod schema: the subset a
 * container runtime needs to build namespaces and a cgroup and to run one process
 * (opencontainers/runtime-spec config.md and config-linux.md). Fields outside the subset
 * (capabilities, rlimits, maskedPaths, seccomp…) are kept untouched, so `runc spec`'s
 * default file parses as is.
 *
 * ```
 *   config.json
 *   ├── ociVersion                     "1.0.2-dev"
 *   ├── process { terminal, user{uid,gid}, args[], env[], cwd }
 *   ├── root { path, readonly }        the rootfs directory, relative to the bundle
 *   ├── hostname, mounts[]
 *   ├── hooks { prestart, createRuntime, createContainer, startContainer, poststart, poststop }
 *   └── linux { namespaces[{type, path?}], uidMappings[], gidMappings[],
 *               resources{cpu{shares,quota,period}, memory{limit}, pids{limit}}, cgroupsPath }
 * ```
 *
 * @module
 */

import { jsonInput, parseOptions, z } from "@src/options/mod.ts";

const IdMapping = z.object({
  containerID: z.number().int().min(0),
  hostID: z.number().int().min(0),
  size: z.number().int().min(1),
});

const Hook = z.looseObject({
  path: z.string().regex(/^\//, "an absolute path"),
  args: z.array(z.string()).optional(),
  env: z.array(z.string()).optional(),
  timeout: z.number().int().min(1).optional(),
});

/** The config-linux.md namespace type names. */
const NAMESPACE_TYPES = [
  "pid",
  "network",
  "mount",
  "ipc",
  "uts",
  "user",
  "cgroup",
  "time",
] as const;

/**
 * The zod schema of config.json (the subset; other fields pass through).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConfigSchema } from "./config.ts";
 * assert.ok(ConfigSchema.safeParse({ ociVersion: "1.0.2", root: { path: "rootfs" } }).success);
 * ```
 */
export const ConfigSchema = z.looseObject({
  ociVersion: z.string().regex(/^\d+\.\d+\.\d+/, "a SemVer version like 1.0.2"),
  process: z.looseObject({
    terminal: z.boolean().default(false),
    user: z.looseObject({ uid: z.number().int().min(0), gid: z.number().int().min(0) }),
    args: z.array(z.string()).min(1),
    env: z.array(z.string().regex(/^[^=]+=/, 'a "KEY=value" string')).default([]),
    cwd: z.string().regex(/^\//, "an absolute path"),
  }).optional(),
  root: z.looseObject({ path: z.string().min(1), readonly: z.boolean().default(false) })
    .optional(),
  hostname: z.string().optional(),
  mounts: z.array(z.looseObject({
    destination: z.string(),
    type: z.string().optional(),
    source: z.string().optional(),
    options: z.array(z.string()).optional(),
  })).default([]),
  hooks: z.looseObject({
    prestart: z.array(Hook).optional(),
    createRuntime: z.array(Hook).optional(),
    createContainer: z.array(Hook).optional(),
    startContainer: z.array(Hook).optional(),
    poststart: z.array(Hook).optional(),
    poststop: z.array(Hook).optional(),
  }).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  linux: z.looseObject({
    namespaces: z.array(z.object({
      type: z.enum(NAMESPACE_TYPES),
      path: z.string().optional(),
    })).default([]),
    uidMappings: z.array(IdMapping).optional(),
    gidMappings: z.array(IdMapping).optional(),
    resources: z.looseObject({
      cpu: z.looseObject({
        shares: z.number().int().min(0).optional(),
        quota: z.number().int().optional(),
        period: z.number().int().min(0).optional(),
      }).optional(),
      memory: z.looseObject({ limit: z.number().int().optional() }).optional(),
      pids: z.looseObject({ limit: z.number().int().optional() }).optional(),
    }).optional(),
    cgroupsPath: z.string().optional(),
  }).optional(),
});

/**
 * A parsed config.json.
 *
 * @example
 * ```ts
 * import type { RuntimeConfig } from "./config.ts";
 * type Kinds = NonNullable<RuntimeConfig["linux"]>["namespaces"][number]["type"]; // "pid" | "network" | …
 * ```
 */
export type RuntimeConfig = z.output<typeof ConfigSchema>;

/**
 * Parse config.json text or an object; errors name the field path ("config.process.args")
 * and the fix. JSON syntax errors are SyntaxError.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseConfig } from "./config.ts";
 * const config = parseConfig('{"ociVersion":"1.0.2","process":{"user":{"uid":0,"gid":0},"args":["sh"],"cwd":"/"}}');
 * assert.equal(config.process!.terminal, false);
 * assert.throws(() => parseConfig({ ociVersion: "1.0.2", process: { user: { uid: 0, gid: 0 }, args: [], cwd: "/" } }),
 *   /config.process.args length must be ≥ 1/);
 * ```
 */
export function parseConfig(input: string | unknown): RuntimeConfig {
  const value = jsonInput(input, "parse config.json", "check the JSON (commas, quotes)");
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`Cannot parse config.json: expected a JSON object, got ${typeof value}`);
  }
  // A common slip: the /proc/<pid>/ns name instead of config-linux.md's type name.
  const PROC_NAMES: Record<string, string> = { net: "network", mnt: "mount" };
  const namespaces = (value as { linux?: { namespaces?: unknown } }).linux?.namespaces;
  if (Array.isArray(namespaces)) {
    namespaces.forEach((ns: { type?: unknown }, i) => {
      const proper = PROC_NAMES[String(ns?.type)];
      if (proper) {
        throw new RangeError(
          `Cannot parse config.json: config.linux.namespaces[${i}].type is ` +
            `${JSON.stringify(ns.type)}, the /proc/<pid>/ns name; config.json calls it ` +
            `${JSON.stringify(proper)} (config-linux.md "Namespaces")`,
        );
      }
    });
  }
  return parseOptions(ConfigSchema, value, "parse config.json", "config");
}
