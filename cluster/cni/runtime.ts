/**
 * The runtime side of CNI (what libcni does for containerd or CRI-O): run a network
 * configuration list's plug-ins for one attachment, in order for ADD and in reverse for DEL,
 * feeding each plug-in the previous one's result, and cache the final result for CHECK and DEL.
 *
 * SPEC.md 1.1.0 §3 "Execution of Network Configurations":
 *
 * ```
 * ADD  (network, CNI_CONTAINERID, CNI_IFNAME)            DEL (reverse order, prevResult = cached)
 *   plugins[0] ── result ─▶ plugins[1].prevResult ─▶ …      plugins[n-1] ◀─ … ◀─ plugins[0]
 *   cache[(network, container, ifname)] = last result      on success: delete the cache entry
 * CHECK: in order, prevResult = cached; not if disableCheck; only for attached containers
 * GC:    every plugin gets cni.dev/valid-attachments = the cached attachments (1.1.0)
 * ```
 *
 * Each plug-in's config is derived per §3 "Deriving execution configuration": the plugin object
 * plus `name` and `cniVersion` of the list, `prevResult`, and `runtimeConfig` holding only the
 * capability arguments the plug-in declared in `capabilities`.
 *
 * Every call appends a row to `trace` (`{step, network, container, command, plugin, code}`,
 * code 0 = success), for tables and charts.
 *
 * @module
 */

import { parseOptions, z } from "@src/options/mod.ts";
import { negotiateVersion, type NetworkConfigList, parseNetworkConfigList } from "./config.ts";
import { nearestName } from "@src/options/mod.ts";
import { CNI_ERROR_CODES } from "./errors.ts";
import { invokeCniPlugin } from "./exec.ts";
import { CniHost } from "./host.ts";
import {
  type CniContext,
  type CniInvocation,
  type CniOutcome,
  type CniPlugin,
  type CniPluginConfig,
  type CniPluginFactory,
  fail,
  ok,
  VALID_ATTACHMENTS,
} from "./plugin.ts";
import { CNI_PLUGINS } from "./plugins/mod.ts";
import type { CniResult } from "./result.ts";

/**
 * One attachment: a container's interface on a network, plus per-call arguments.
 *
 * @example
 * ```ts
 * import type { CniAttachment } from "./runtime.ts";
 * const attachment: CniAttachment = {
 *   containerId: "web-0", netns: "/run/netns/web-0", ifName: "eth0",
 *   capabilityArgs: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }] },
 * };
 * ```
 */
export interface CniAttachment {
  /** CNI_CONTAINERID. */
  readonly containerId: string;
  /** CNI_NETNS (create it with `runtime.host.createNetns` first). */
  readonly netns: string;
  /** CNI_IFNAME. @default "eth0" */
  readonly ifName?: string;
  /** CNI_ARGS. @default "" */
  readonly args?: string;
  /** Capability arguments, e.g. `{portMappings: [...]}`, routed to plug-ins that declare them. */
  readonly capabilityArgs?: Readonly<Record<string, unknown>>;
}

/**
 * One trace row: a plug-in call and its outcome.
 *
 * @example
 * ```ts
 * import type { CniTraceRow } from "./runtime.ts";
 * const row: CniTraceRow = { step: 2, network: "pods", container: "web-0", command: "ADD", plugin: "host-local", delegated: true, code: 0 };
 * ```
 */
export interface CniTraceRow {
  /** Call counter, starting at 1. */
  readonly step: number;
  /** Network name. */
  readonly network: string;
  /** CNI_CONTAINERID. */
  readonly container: string;
  /** The CNI command. */
  readonly command: string;
  /** Plugin type. */
  readonly plugin: string;
  /** True when another plug-in called it (IPAM). */
  readonly delegated: boolean;
  /** 0 on success, else the CNI error code. */
  readonly code: number;
}

/**
 * Options of `new CniRuntime()`.
 *
 * @example
 * ```ts
 * import { CniRuntime, type CniRuntimeOptions } from "./runtime.ts";
 * import { CNI_PLUGINS } from "./plugins/mod.ts";
 * const options: CniRuntimeOptions = { registry: { ...CNI_PLUGINS } };
 * new CniRuntime(options);
 * ```
 */
export interface CniRuntimeOptions {
  /** The registry of plug-ins by type. @default CNI_PLUGINS */
  registry?: Readonly<Record<string, CniPluginFactory>>;
  /** The simulated node. @default a new CniHost */
  host?: CniHost;
}

// SPEC.md §2 "Parameters": CNI_CONTAINERID is required for ADD/DEL/CHECK; CNI_NETNS may be
// empty for DEL; CNI_IFNAME names the interface inside the container.
const AttachmentSchema = z.object({
  containerId: z.string().min(1),
  netns: z.string(),
  ifName: z.string().min(1).optional(),
  args: z.string().optional(),
  capabilityArgs: z.record(z.string(), z.unknown()).optional(),
}).strict();
const RuntimeOptionsSchema = z.object({
  registry: z.record(z.string(), z.custom<CniPluginFactory>((v) => typeof v === "function"))
    .optional(),
  host: z.custom<CniHost>((v) => v instanceof CniHost, "must be a CniHost").optional(),
}).strict();

const key = (network: string, containerId: string, ifName: string) =>
  `${network}/${containerId}/${ifName}`;

/**
 * A CNI runtime on one simulated node.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CniRuntime } from "./runtime.ts";
 * const runtime = new CniRuntime();
 * runtime.host.createNetns("/run/netns/p1");
 * const list = { cniVersion: "1.1.0", name: "pods", plugins: [{ type: "bridge",
 *   ipam: { type: "host-local", ranges: [[{ subnet: "10.22.0.0/24" }]] } }] };
 * const added = runtime.add(list, { containerId: "p1", netns: "/run/netns/p1" });
 * assert.equal(added.ok && added.result?.ips?.[0].address, "10.22.0.2/24");
 * assert.deepEqual(runtime.trace.map((r) => `${r.command} ${r.plugin}`), ["ADD bridge", "ADD host-local"]);
 * assert.ok(runtime.del(list, { containerId: "p1", netns: "/run/netns/p1" }).ok);
 * ```
 */
export class CniRuntime {
  /** The simulated node. */
  readonly host: CniHost;
  /** Every plug-in call so far. */
  readonly trace: CniTraceRow[] = [];
  /** Cached ADD results by `network/container/ifname` (libcni's result cache). */
  readonly cache = new Map<string, CniResult>();
  readonly #registry: Readonly<Record<string, CniPluginFactory>>;
  readonly #plugins = new Map<string, CniPlugin>();
  #network = "";
  #container = "";

  constructor(options: CniRuntimeOptions = {}) {
    parseOptions(RuntimeOptionsSchema, options, "create a CNI runtime");
    this.host = options.host ?? new CniHost();
    this.#registry = options.registry ?? CNI_PLUGINS;
  }

  /**
   * ADD: attach a container to every plug-in of the list, in order.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CniRuntime } from "./runtime.ts";
   * const list = { cniVersion: "1.1.0", name: "pods", plugins: [{ type: "bridge",
   *   ipam: { type: "host-local", ranges: [[{ subnet: "10.22.0.0/29" }]] } }] };
   * const runtime = new CniRuntime();
   * runtime.host.createNetns("/run/netns/a");
   * const added = runtime.add(list, { containerId: "a", netns: "/run/netns/a" });
   * assert.equal(added.ok && added.result?.ips?.[0].address, "10.22.0.2/29");
   * assert.throws(() => runtime.add(list, { netns: "/run/netns/a" } as never), /attachment\.containerId/);
   * ```
   */
  add(list: NetworkConfigList | string | unknown, attachment: CniAttachment): CniOutcome {
    const { conf, inv } = this.#begin(list, attachment);
    let prevResult: CniResult | undefined;
    for (const plugin of conf.plugins) {
      const config = this.#derive(conf, plugin, prevResult, attachment);
      const outcome = this.#call("ADD", config, inv, false);
      if (!outcome.ok) return outcome;
      prevResult = outcome.result ?? prevResult;
    }
    if (prevResult) this.cache.set(key(conf.name, inv.containerId, inv.ifName), prevResult);
    return ok(prevResult);
  }

  /**
   * DEL: detach, plug-ins in reverse order, each given the cached result as prevResult.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CniRuntime } from "./runtime.ts";
   * const list = { cniVersion: "1.1.0", name: "pods", plugins: [{ type: "bridge",
   *   ipam: { type: "host-local", ranges: [[{ subnet: "10.22.0.0/29" }]] } }] };
   * const runtime = new CniRuntime();
   * assert.ok(runtime.del(list, { containerId: "never-added", netns: "" }).ok); // DEL is idempotent
   * ```
   */
  del(list: NetworkConfigList | string | unknown, attachment: CniAttachment): CniOutcome {
    const { conf, inv } = this.#begin(list, attachment);
    const cacheKey = key(conf.name, inv.containerId, inv.ifName);
    const prevResult = this.cache.get(cacheKey);
    for (const plugin of [...conf.plugins].reverse()) {
      const outcome = this.#call(
        "DEL",
        this.#derive(conf, plugin, prevResult, attachment),
        inv,
        false,
      );
      if (!outcome.ok) return outcome;
    }
    this.cache.delete(cacheKey);
    return ok();
  }

  /**
   * CHECK: verify an attachment, plug-ins in order, prevResult = cached result.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CniRuntime } from "./runtime.ts";
   * const list = { cniVersion: "1.1.0", name: "pods", plugins: [{ type: "bridge",
   *   ipam: { type: "host-local", ranges: [[{ subnet: "10.22.0.0/29" }]] } }] };
   * const runtime = new CniRuntime();
   * runtime.host.createNetns("/run/netns/a");
   * const checked = runtime.check(list, { containerId: "a", netns: "/run/netns/a" });
   * assert.equal(!checked.ok && checked.error.code, 3); // not attached yet: container unknown
   * runtime.add(list, { containerId: "a", netns: "/run/netns/a" });
   * assert.ok(runtime.check(list, { containerId: "a", netns: "/run/netns/a" }).ok);
   * ```
   */
  check(list: NetworkConfigList | string | unknown, attachment: CniAttachment): CniOutcome {
    const { conf, inv } = this.#begin(list, attachment);
    if (conf.disableCheck) return ok(); // "must not call CHECK if disableCheck is true"
    const prevResult = this.cache.get(key(conf.name, inv.containerId, inv.ifName));
    if (!prevResult) {
      return fail(
        CNI_ERROR_CODES.UNKNOWN_CONTAINER,
        `no cached result for ${inv.containerId} on ${conf.name}`,
      );
    }
    for (const plugin of conf.plugins) {
      const outcome = this.#call(
        "CHECK",
        this.#derive(conf, plugin, prevResult, attachment),
        inv,
        false,
      );
      if (!outcome.ok) return outcome;
    }
    return ok();
  }

  /**
   * STATUS (1.1.0): can every plug-in of the list service ADD now? Stops at the first error,
   * typically 50 (not available) or 51 (limited connectivity). Pre-1.1.0 plug-ins are skipped.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CniRuntime } from "./runtime.ts";
   * const list = { cniVersion: "1.1.0", name: "pods", plugins: [{ type: "bridge",
   *   ipam: { type: "host-local", ranges: [[{ subnet: "10.22.0.0/29" }]] } }] };
   * assert.ok(new CniRuntime().status(list).ok);
   * ```
   */
  status(list: NetworkConfigList | string | unknown): CniOutcome {
    const conf = parseNetworkConfigList(list);
    this.#network = conf.name;
    this.#container = "";
    const inv = { containerId: "", netns: "", ifName: "", args: "", path: "" };
    for (const plugin of conf.plugins) {
      const outcome = this.#call("STATUS", this.#derive(conf, plugin, undefined, inv), inv, false);
      if (!outcome.ok) return outcome;
    }
    return ok();
  }

  /**
   * GC (1.1.0): let each plug-in release what no cached attachment of this network holds.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CniRuntime } from "./runtime.ts";
   * const list = { cniVersion: "1.1.0", name: "pods", plugins: [{ type: "bridge",
   *   ipam: { type: "host-local", ranges: [[{ subnet: "10.22.0.0/29" }]] } }] };
   * const runtime = new CniRuntime();
   * runtime.host.createNetns("/run/netns/a");
   * runtime.add(list, { containerId: "a", netns: "/run/netns/a" });
   * runtime.cache.clear(); // the runtime forgot "a" (e.g. a crash): its address is now garbage
   * assert.ok(runtime.gc(list).ok);
   * assert.deepEqual(runtime.host.list("/var/lib/cni/networks/pods"), ["/var/lib/cni/networks/pods/last_reserved_ip.0"]);
   * ```
   */
  gc(list: NetworkConfigList | string | unknown): CniOutcome {
    const conf = parseNetworkConfigList(list);
    if (conf.disableGC) return ok();
    // the attachments this runtime still knows for the network (libcni's cache)
    const valid = [...this.cache.keys()].filter((k) => k.startsWith(`${conf.name}/`))
      .map((k) => k.split("/")).map(([, containerID, ifname]) => ({ containerID, ifname }));
    this.#network = conf.name;
    this.#container = "";
    const inv = { containerId: "", netns: "", ifName: "", args: "", path: "" };
    for (const plugin of conf.plugins) {
      const config = this.#derive(conf, plugin, undefined, { containerId: "", netns: "" });
      const outcome = this.#call("GC", { ...config, [VALID_ATTACHMENTS]: valid }, inv, false);
      if (!outcome.ok) return outcome;
    }
    return ok();
  }

  #begin(list: unknown, attachment: CniAttachment) {
    const conf = typeof list === "object" && list !== null && "disableGC" in list
      ? list as NetworkConfigList
      : parseNetworkConfigList(list);
    parseOptions(
      AttachmentSchema,
      attachment ?? null,
      `attach to network ${conf.name}`,
      "attachment",
    );
    const inv: CniInvocation = {
      containerId: attachment.containerId,
      netns: attachment.netns,
      ifName: attachment.ifName ?? "eth0",
      args: attachment.args ?? "",
      path: "/opt/cni/bin",
    };
    this.#network = conf.name;
    this.#container = inv.containerId;
    return { conf, inv };
  }

  /** SPEC.md §3 "Deriving execution configuration". */
  #derive(
    conf: NetworkConfigList,
    plugin: NetworkConfigList["plugins"][number],
    prevResult: CniResult | undefined,
    attachment: CniAttachment,
  ): CniPluginConfig {
    const { capabilities, ...rest } = plugin;
    const runtimeConfig: Record<string, unknown> = {};
    for (const [name, wanted] of Object.entries(capabilities ?? {})) {
      if (wanted && attachment.capabilityArgs?.[name] !== undefined) {
        runtimeConfig[name] = attachment.capabilityArgs[name];
      }
    }
    return {
      ...rest,
      cniVersion: negotiateVersion(conf),
      name: conf.name,
      ...(Object.keys(runtimeConfig).length ? { runtimeConfig } : {}),
      ...(prevResult ? { prevResult } : {}),
    } as CniPluginConfig;
  }

  #plugin(type: string): CniPlugin | undefined {
    let plugin = this.#plugins.get(type);
    if (!plugin && this.#registry[type]) {
      plugin = this.#registry[type]();
      this.#plugins.set(type, plugin);
    }
    return plugin;
  }

  #call(
    command: "ADD" | "DEL" | "CHECK" | "GC" | "STATUS",
    config: CniPluginConfig,
    inv: CniInvocation,
    delegated: boolean,
  ) {
    // the row is written before the call so that a delegated call lands after its caller
    const row = this.#record(command, config.type, delegated);
    const plugin = this.#plugin(config.type);
    let outcome: CniOutcome;
    if (!plugin) {
      const known = Object.keys(this.#registry);
      const near = nearestName(String(config.type), known);
      outcome = fail(
        CNI_ERROR_CODES.INTERNAL,
        `failed to find plugin "${config.type}" in path [${known.join(" ")}]`, // libcni's words
        near === undefined
          ? `add it to the registry: new CniRuntime({ registry: { ...CNI_PLUGINS, "${config.type}": factory } })`
          : `did you mean "${near}"?`,
      );
    } else if (command === "STATUS" && !plugin.status) {
      outcome = ok(); // a plug-in older than 1.1.0 has no STATUS: assume ready
    } else if (command === "GC") {
      outcome = plugin.gc ? plugin.gc(config, this.#context()) : ok(); // pre-1.1.0 plugins: nothing to do
    } else outcome = invokeCniPlugin(plugin, command, config, inv, this.#context());
    this.trace[row - 1] = { ...this.trace[row - 1], code: outcome.ok ? 0 : outcome.error.code };
    return outcome;
  }

  #context(): CniContext {
    return {
      host: this.host,
      delegate: (type, command, config, inv) => this.#call(command, { ...config, type }, inv, true),
    };
  }

  #record(command: string, plugin: string, delegated: boolean): number {
    const step = this.trace.length + 1;
    this.trace.push({
      step,
      network: this.#network,
      container: this.#container,
      command,
      plugin,
      delegated,
      code: 0,
    });
    return step;
  }
}
