/**
 * The CNI plug-in extension point: one small interface every driver implements, and the
 * objects that cross it. A real plug-in is an executable reading environment variables and
 * stdin (SPEC.md 1.1.0 §2 "Execution Protocol"); here it is an object with one method per
 * command, called with the same parameters — `exec.ts` adds the env/stdin boundary.
 *
 * ```
 *  runtime ──(CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS, CNI_PATH, config)──▶ plugin
 *  runtime ◀──────────────── CniOutcome: {ok: true, result} | {ok: false, error: CniError} ─────────
 *  plugin ──ctx.delegate("host-local", "ADD", config)──▶ IPAM plugin      (SPEC.md §4 "Plugin Delegation")
 * ```
 *
 * @module
 */

import type { CniError } from "./errors.ts";
import type { CniHost } from "./host.ts";
import type { CniResult } from "./result.ts";

/**
 * The commands of SPEC.md 1.1.0 §2 "CNI operations".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CNI_COMMANDS } from "./plugin.ts";
 * assert.ok(CNI_COMMANDS.includes("CHECK"));
 * ```
 */
export const CNI_COMMANDS = ["ADD", "DEL", "CHECK", "STATUS", "VERSION", "GC"] as const;
/**
 * One CNI command.
 *
 * @example
 * ```ts
 * import type { CniCommand } from "./plugin.ts";
 * const command: CniCommand = "DEL";
 * ```
 */
export type CniCommand = typeof CNI_COMMANDS[number];

/**
 * The per-invocation parameters (SPEC.md §2 "Parameters"), i.e. the CNI_* variables.
 *
 * @example
 * ```ts
 * import type { CniInvocation } from "./plugin.ts";
 * const inv: CniInvocation = { containerId: "web-0", netns: "/run/netns/web-0", ifName: "eth0", args: "IP=10.22.0.9", path: "/opt/cni/bin" };
 * ```
 */
export interface CniInvocation {
  /** CNI_CONTAINERID: alphanumeric first, then [A-Za-z0-9_.-]. */
  readonly containerId: string;
  /** CNI_NETNS: path of the container's network namespace (may be empty on DEL). */
  readonly netns: string;
  /** CNI_IFNAME: interface to create inside the container, < 16 characters. */
  readonly ifName: string;
  /** CNI_ARGS: `KEY=VALUE;KEY2=VALUE2`, e.g. `IP=10.0.0.7`. */
  readonly args: string;
  /** CNI_PATH: where to look for plugin binaries (`:`-separated). */
  readonly path: string;
}

/**
 * The plugin's configuration on stdin: its list entry plus name, cniVersion, prevResult, runtimeConfig.
 *
 * @example
 * ```ts
 * import type { CniPluginConfig } from "./plugin.ts";
 * const config: CniPluginConfig = { cniVersion: "1.1.0", name: "pods", type: "bridge", bridge: "cni0" };
 * ```
 */
export type CniPluginConfig = Readonly<Record<string, unknown>> & {
  readonly cniVersion: string;
  readonly name: string;
  readonly type: string;
  readonly prevResult?: CniResult;
};

/**
 * What a plugin returns: a result (ADD), nothing (DEL, CHECK…) or an error object.
 *
 * @example
 * ```ts
 * import type { CniOutcome } from "./plugin.ts";
 * const refused: CniOutcome = { ok: false, error: { code: 11, msg: "try again later" } };
 * ```
 */
export type CniOutcome =
  | { readonly ok: true; readonly result?: CniResult }
  | { readonly ok: false; readonly error: CniError };

/**
 * What a plugin may use besides its arguments: the node, and other plugins.
 *
 * @example
 * ```ts
 * import { CniHost } from "./host.ts";
 * import { type CniContext, ok } from "./plugin.ts";
 * const ctx: CniContext = { host: new CniHost(), delegate: () => ok() };
 * ```
 */
export interface CniContext {
  /** The simulated node. */
  readonly host: CniHost;
  /** Run another plugin (IPAM) with the same invocation (SPEC.md §4 "Plugin Delegation"). */
  delegate(
    type: string,
    command: "ADD" | "DEL" | "CHECK" | "GC",
    config: CniPluginConfig,
    invocation: CniInvocation,
  ): CniOutcome;
}

/**
 * The interface every CNI driver implements.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ALL_SPEC_VERSIONS, type CniPlugin, ok } from "./plugin.ts";
 * const dns: CniPlugin = {
 *   name: "cluster-dns", supportedVersions: ALL_SPEC_VERSIONS,
 *   add: (config) => ok({ ...config.prevResult!, dns: { nameservers: ["10.96.0.10"] } }),
 *   del: () => ok(), check: () => ok(),
 * };
 * assert.equal(dns.name, "cluster-dns");
 * ```
 */
export interface CniPlugin {
  /** The `type` that selects it in a network configuration. */
  readonly name: string;
  /** Spec versions it accepts in `cniVersion` (printed by VERSION). */
  readonly supportedVersions: readonly string[];
  /** ADD: attach the container to the network; return the result. */
  add(config: CniPluginConfig, invocation: CniInvocation, ctx: CniContext): CniOutcome;
  /** DEL: release everything held for (network, container, ifname); idempotent. */
  del(config: CniPluginConfig, invocation: CniInvocation, ctx: CniContext): CniOutcome;
  /** CHECK: verify the attachment described by `config.prevResult` still holds. */
  check(config: CniPluginConfig, invocation: CniInvocation, ctx: CniContext): CniOutcome;
  /** STATUS (1.1.0): can the plugin service ADD? Absent means the plugin predates 1.1.0. */
  status?(config: CniPluginConfig, ctx: CniContext): CniOutcome;
  /**
   * GC (1.1.0): release resources not held by an attachment listed in
   * `config["cni.dev/valid-attachments"]` (SPEC.md §2 "GC").
   */
  gc?(config: CniPluginConfig, ctx: CniContext): CniOutcome;
}

/**
 * One entry of `cni.dev/valid-attachments` in a GC config (SPEC.md 1.1.0 §2 "GC").
 *
 * @example
 * ```ts
 * import type { CniValidAttachment } from "./plugin.ts";
 * const live: CniValidAttachment = { containerID: "web-0", ifname: "eth0" };
 * ```
 */
export interface CniValidAttachment {
  /** CNI_CONTAINERID of a live attachment. */
  readonly containerID: string;
  /** CNI_IFNAME of a live attachment. */
  readonly ifname: string;
}

/**
 * The key under which GC receives the live attachments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VALID_ATTACHMENTS } from "./plugin.ts";
 * assert.equal(VALID_ATTACHMENTS, "cni.dev/valid-attachments");
 * ```
 */
export const VALID_ATTACHMENTS = "cni.dev/valid-attachments";

/**
 * A factory in the registry table.
 *
 * @example
 * ```ts
 * import type { CniPluginFactory } from "./plugin.ts";
 * import { loopback } from "./plugins/loopback.ts";
 * const factory: CniPluginFactory = loopback;
 * ```
 */
export type CniPluginFactory = () => CniPlugin;

/**
 * Spec versions a 1.1.0 plugin accepts (libcni `version.All` plus 1.1.0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ALL_SPEC_VERSIONS } from "./plugin.ts";
 * assert.deepEqual([ALL_SPEC_VERSIONS[0], ALL_SPEC_VERSIONS.at(-1)], ["0.1.0", "1.1.0"]);
 * ```
 */
export const ALL_SPEC_VERSIONS = [
  "0.1.0",
  "0.2.0",
  "0.3.0",
  "0.3.1",
  "0.4.0",
  "1.0.0",
  "1.1.0",
] as const;

/**
 * A success outcome.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ok } from "./plugin.ts";
 * assert.deepEqual(ok(), { ok: true });
 * ```
 */
export function ok(result?: CniResult): CniOutcome {
  return result ? { ok: true, result } : { ok: true };
}

/**
 * A failure outcome.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fail } from "./plugin.ts";
 * assert.equal(fail(7, "bad").ok, false);
 * ```
 */
export function fail(code: number, msg: string, details?: string): CniOutcome {
  return { ok: false, error: details ? { code, msg, details } : { code, msg } };
}
