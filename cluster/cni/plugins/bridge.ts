/**
 * `bridge`: a Linux bridge on the host, a veth pair per container (one end in the pod's
 * namespace, one enslaved to the bridge), addresses from a delegated IPAM plug-in, and an
 * optional masquerade rule. Model of containernetworking/plugins `plugins/main/bridge/bridge.go`.
 *
 * ```
 * ADD:  ensure bridge "cni0" ─▶ veth pair eth0 ⇄ vethXXXXXXXX ─▶ delegate IPAM ADD (host-local)
 *       ─▶ eth0 gets 10.22.0.2/16, routes ─▶ isGateway: cni0 gets 10.22.0.1/16
 *       ─▶ ipMasq: nat MASQUERADE 10.22.0.0/16
 * result.interfaces = [ cni0, vethXXXXXXXX, eth0 (sandbox) ];  ips[].interface = 2
 * DEL:  delegate IPAM DEL first, then delete the veth (if the netns still exists), drop NAT rules.
 * ```
 *
 * Config keys used (bridge.go NetConf): `bridge` (default "cni0"), `isGateway`,
 * `isDefaultGateway`, `ipMasq`, `mtu` (default 1500), `ipam`.
 *
 * @module
 */

import { formatIpv4Address, ipv4PrefixMask, parseIpv4Address } from "@stack/mod.ts";
import { CNI_ERROR_CODES } from "../errors.ts";
import { ALL_SPEC_VERSIONS, type CniPlugin, fail, ok } from "../plugin.ts";
import { HOST_NETNS } from "../host.ts";
import type { CniInterface, CniRoute } from "../result.ts";

/**
 * The type name in a network configuration.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./bridge.ts";
 * assert.equal(NAME, "bridge");
 * ```
 */
export const NAME = "bridge";
/**
 * Default bridge name (bridge.go defaultBrName).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_BRIDGE } from "./bridge.ts";
 * assert.equal(DEFAULT_BRIDGE, "cni0"); // bridge plugin's default "bridge" value
 * ```
 */
export const DEFAULT_BRIDGE = "cni0";

const networkOf = (cidr: string) => {
  const [address, length] = cidr.split("/");
  const mask = ipv4PrefixMask(Number(length));
  return `${formatIpv4Address((parseIpv4Address(address) & mask) >>> 0)}/${length}`;
};

/**
 * Create the bridge plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CniRuntime } from "../runtime.ts";
 * const runtime = new CniRuntime();
 * runtime.host.createNetns("/run/netns/p1");
 * const list = { cniVersion: "1.1.0", name: "pods", plugins: [{ type: "bridge", isGateway: true,
 *   ipam: { type: "host-local", ranges: [[{ subnet: "10.22.0.0/16" }]] } }] };
 * const outcome = runtime.add(list, { containerId: "p1", netns: "/run/netns/p1", ifName: "eth0" });
 * assert.ok(outcome.ok);
 * assert.equal(runtime.host.netns("/run/netns/p1")?.interfaces.get("eth0")?.addresses[0], "10.22.0.2/16");
 * ```
 */
export function bridge(): CniPlugin {
  return {
    name: NAME,
    supportedVersions: ALL_SPEC_VERSIONS,
    add(config, inv, ctx) {
      const ipam = config.ipam as { type?: string } | undefined;
      if (!ipam?.type) {
        return fail(
          CNI_ERROR_CODES.INVALID_NETWORK_CONFIG,
          'bridge needs an "ipam" section with a type',
        );
      }
      const ns = ctx.host.netns(inv.netns);
      if (!ns) {
        return fail(CNI_ERROR_CODES.INTERNAL, `failed to open netns "${inv.netns}": no such file`);
      }
      if (ns.interfaces.has(inv.ifName)) {
        return fail(
          CNI_ERROR_CODES.INTERNAL,
          `container veth name provided (${inv.ifName}) already exists`,
        );
      }
      const root = ctx.host.netns(HOST_NETNS)!;
      const name = String(config.bridge ?? DEFAULT_BRIDGE);
      const mtu = Number(config.mtu ?? 1500);
      let br = root.interfaces.get(name);
      if (!br) {
        br = { name, kind: "bridge", mac: ctx.host.nextMac(), addresses: [], up: true };
        root.interfaces.set(name, br);
      }
      // setupVeth: the host end gets a random name upstream ("veth" + 8 hex); here a counter
      const containerMac = ctx.host.nextMac();
      const hostMac = ctx.host.nextMac();
      const hostName = `veth${hostMac.replaceAll(":", "").slice(-8)}`;
      root.interfaces.set(hostName, {
        name: hostName,
        kind: "veth",
        mac: hostMac,
        addresses: [],
        up: true,
        master: name,
        peer: `${inv.netns}:${inv.ifName}`,
      });
      const containerIf = {
        name: inv.ifName,
        kind: "veth" as const,
        mac: containerMac,
        addresses: [] as string[],
        up: true,
        peer: `${HOST_NETNS}:${hostName}`,
      };
      ns.interfaces.set(inv.ifName, containerIf);
      // run the IPAM plugin and get back the config to apply (SPEC.md §4 "Plugin Delegation")
      const got = ctx.delegate(ipam.type, "ADD", config, inv);
      if (!got.ok || !got.result?.ips?.length) {
        ns.interfaces.delete(inv.ifName);
        root.interfaces.delete(hostName);
        return got.ok
          ? fail(CNI_ERROR_CODES.INTERNAL, "IPAM plugin returned missing IP config")
          : got;
      }
      const interfaces: CniInterface[] = [
        { name, mac: br.mac },
        { name: hostName, mac: hostMac },
        { name: inv.ifName, mac: containerMac, sandbox: inv.netns, ...(config.mtu ? { mtu } : {}) },
      ];
      const ips = got.result.ips.map((ip) => ({ ...ip, interface: 2 }));
      const routes: CniRoute[] = [...(got.result.routes ?? [])];
      for (const ip of ips) {
        containerIf.addresses.push(ip.address);
        ns.routes.push({ dst: networkOf(ip.address), dev: inv.ifName });
        if (config.isDefaultGateway && ip.gateway) {
          routes.push({ dst: "0.0.0.0/0", gw: ip.gateway });
        }
        if ((config.isGateway || config.isDefaultGateway) && ip.gateway) {
          const gwCidr = `${ip.gateway}/${ip.address.split("/")[1]}`;
          if (!br.addresses.includes(gwCidr)) br.addresses.push(gwCidr);
        }
        if (config.ipMasq) {
          ctx.host.nat.push({
            action: "MASQUERADE",
            owner: `${config.name}/${inv.containerId}`,
            match: networkOf(ip.address),
            to: "",
          });
        }
      }
      for (const r of routes) {
        ns.routes.push({ dst: r.dst, gw: r.gw ?? ips[0].gateway, dev: inv.ifName });
      }
      return ok({
        cniVersion: config.cniVersion,
        interfaces,
        ips,
        routes,
        dns: got.result.dns ?? {},
      });
    },
    del(config, inv, ctx) {
      const ipam = config.ipam as { type?: string } | undefined;
      if (ipam?.type) {
        const released = ctx.delegate(ipam.type, "DEL", config, inv);
        if (!released.ok) return released;
      }
      const ns = ctx.host.netns(inv.netns);
      const containerIf = ns?.interfaces.get(inv.ifName);
      if (ns && containerIf) {
        ns.interfaces.delete(inv.ifName);
        ns.routes.splice(0, ns.routes.length, ...ns.routes.filter((r) => r.dev !== inv.ifName));
        const hostName = containerIf.peer?.split(":")[1];
        if (hostName) ctx.host.netns(HOST_NETNS)!.interfaces.delete(hostName);
      }
      const owner = `${config.name}/${inv.containerId}`;
      const kept = ctx.host.nat.filter((rule) =>
        !(rule.action === "MASQUERADE" && rule.owner === owner)
      );
      ctx.host.nat.splice(0, ctx.host.nat.length, ...kept);
      return ok();
    },
    check(config, inv, ctx) {
      const ipam = config.ipam as { type?: string } | undefined;
      if (ipam?.type) {
        const checked = ctx.delegate(ipam.type, "CHECK", config, inv);
        if (!checked.ok) return checked;
      }
      const containerIf = ctx.host.netns(inv.netns)?.interfaces.get(inv.ifName);
      if (!containerIf) {
        return fail(
          CNI_ERROR_CODES.INTERNAL,
          `Error: Container Interface name in prevResult: ${inv.ifName} not found`,
        );
      }
      for (const ip of config.prevResult?.ips ?? []) {
        if (ip.interface === 2 && !containerIf.addresses.includes(ip.address)) {
          return fail(
            CNI_ERROR_CODES.INTERNAL,
            `Failed to match addr ${ip.address} on interface ${inv.ifName}`,
          );
        }
      }
      return ok();
    },
    gc(config, ctx) {
      // SPEC.md 1.1.0 §2 "GC": a plugin that delegates IPAM must delegate GC to it too
      const ipam = config.ipam as { type?: string } | undefined;
      const inv = { containerId: "", netns: "", ifName: "", args: "", path: "" };
      return ipam?.type ? ctx.delegate(ipam.type, "GC", config, inv) : ok();
    },
    status: () => ok(),
  };
}
