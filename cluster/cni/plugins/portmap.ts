/**
 * `portmap`: a chained plug-in that forwards host ports to the pod's address with DNAT rules.
 * It never creates interfaces: it reads the pod's IP from `prevResult` and the mappings from
 * `runtimeConfig.portMappings`, which the runtime fills in because the plugin declares the
 * `portMappings` capability (SPEC.md 1.1.0 §3 "Deriving runtimeConfig"; CONVENTIONS.md
 * "portMappings"). Model of containernetworking/plugins `plugins/meta/portmap/`.
 *
 * ```
 * {"type":"portmap","capabilities":{"portMappings":true}}
 * runtimeConfig.portMappings = [{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]
 * prevResult.ips[0] = 10.22.0.2/16  ─▶  nat DNAT 0.0.0.0:8080/tcp → 10.22.0.2:80
 * ADD returns prevResult unchanged; DEL removes the rules owned by (network, container).
 * ```
 *
 * @module
 */

import { CNI_ERROR_CODES } from "../errors.ts";
import { ALL_SPEC_VERSIONS, type CniPlugin, fail, ok } from "../plugin.ts";

/**
 * The type name in a network configuration.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./portmap.ts";
 * assert.equal(NAME, "portmap");
 * ```
 */
export const NAME = "portmap";

/**
 * One entry of `runtimeConfig.portMappings`.
 *
 * @example
 * ```ts
 * import type { PortMapping } from "./portmap.ts";
 * const web: PortMapping = { hostPort: 8080, containerPort: 80, protocol: "tcp" };
 * ```
 */
export interface PortMapping {
  /** Port on the node. */
  readonly hostPort: number;
  /** Port inside the pod. */
  readonly containerPort: number;
  /** `tcp` or `udp`. */
  readonly protocol?: string;
  /** Node address to match; every address when absent. */
  readonly hostIP?: string;
}

/**
 * Create the portmap plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CniRuntime } from "../runtime.ts";
 * const runtime = new CniRuntime();
 * runtime.host.createNetns("/run/netns/p1");
 * const list = { cniVersion: "1.1.0", name: "pods", plugins: [
 *   { type: "bridge", ipam: { type: "host-local", ranges: [[{ subnet: "10.22.0.0/16" }]] } },
 *   { type: "portmap", capabilities: { portMappings: true } }] };
 * runtime.add(list, { containerId: "p1", netns: "/run/netns/p1", ifName: "eth0",
 *   capabilityArgs: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }] } });
 * assert.equal(runtime.host.nat[0].to, "10.22.0.2:80");
 * ```
 */
export function portmap(): CniPlugin {
  const mappings = (
    config: Record<string, unknown>,
  ) => ((config.runtimeConfig as { portMappings?: PortMapping[] } | undefined)?.portMappings ?? []);
  return {
    name: NAME,
    supportedVersions: ALL_SPEC_VERSIONS,
    add(config, inv, ctx) {
      if (!config.prevResult) {
        return fail(CNI_ERROR_CODES.INVALID_NETWORK_CONFIG, "must be called as chained plugin");
      }
      const podIp = config.prevResult.ips?.find((ip) => !ip.address.includes(":"))?.address.split(
        "/",
      )[0];
      for (const m of mappings(config)) {
        if (!podIp) return fail(CNI_ERROR_CODES.INTERNAL, "portmap: no IPv4 address in prevResult");
        ctx.host.nat.push({
          action: "DNAT",
          owner: `${config.name}/${inv.containerId}`,
          match: `${m.hostIP ?? "0.0.0.0"}:${m.hostPort}/${m.protocol ?? "tcp"}`,
          to: `${podIp}:${m.containerPort}`,
        });
      }
      return ok(config.prevResult);
    },
    del(config, inv, ctx) {
      const owner = `${config.name}/${inv.containerId}`;
      const kept = ctx.host.nat.filter((rule) => !(rule.action === "DNAT" && rule.owner === owner));
      ctx.host.nat.splice(0, ctx.host.nat.length, ...kept);
      return ok();
    },
    check(config, inv, ctx) {
      const owner = `${config.name}/${inv.containerId}`;
      const have =
        ctx.host.nat.filter((rule) => rule.action === "DNAT" && rule.owner === owner).length;
      return have === mappings(config).length ? ok() : fail(
        CNI_ERROR_CODES.INTERNAL,
        `portmap: expected ${mappings(config).length} DNAT rules, found ${have}`,
      );
    },
    status: () => ok(),
  };
}
