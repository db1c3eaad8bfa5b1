/**
 * `loopback`: bring up `lo` (127.0.0.1/8) inside the container's namespace. Model of
 * containernetworking/plugins `plugins/main/loopback/loopback.go`: ADD sets lo up and reports
 * it, or passes a chained plugin's `prevResult` on unchanged; DEL sets it down and succeeds
 * even if the namespace is gone (SPEC.md 1.1.0 §2 "DEL").
 *
 * ```
 * netns /run/netns/p1:  lo  LOOPBACK,UP  127.0.0.1/8
 * result: {"interfaces":[{"name":"lo","mac":"00:00:00:00:00:00","sandbox":"/run/netns/p1"}],
 *          "ips":[{"interface":0,"address":"127.0.0.1/8"}]}
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
 * import { NAME } from "./loopback.ts";
 * assert.equal(NAME, "loopback");
 * ```
 */
export const NAME = "loopback";

/**
 * Create the loopback plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CniHost } from "../host.ts";
 * import { loopback } from "./loopback.ts";
 * const host = new CniHost();
 * host.createNetns("/run/netns/p1");
 * const inv = { containerId: "p1", netns: "/run/netns/p1", ifName: "lo", args: "", path: "" };
 * const outcome = loopback().add({ cniVersion: "1.1.0", name: "lo", type: "loopback" }, inv,
 *   { host, delegate: () => ({ ok: true as const }) });
 * assert.equal(outcome.ok && outcome.result?.ips?.[0].address, "127.0.0.1/8");
 * assert.equal(host.netns("/run/netns/p1")?.interfaces.get("lo")?.up, true);
 * ```
 */
export function loopback(): CniPlugin {
  return {
    name: NAME,
    supportedVersions: ALL_SPEC_VERSIONS,
    add(config, inv, ctx) {
      const ns = ctx.host.netns(inv.netns);
      if (!ns) {
        return fail(CNI_ERROR_CODES.INTERNAL, `failed to open netns "${inv.netns}": no such file`);
      }
      ns.interfaces.set("lo", {
        name: "lo",
        kind: "loopback",
        mac: "00:00:00:00:00:00",
        addresses: ["127.0.0.1/8"],
        up: true,
      });
      // loopback.go: "If loopback has previous result which passes from previous CNI plugin,
      // loopback should pass it transparently" — chained after a bridge, the pod keeps its IP.
      if (config.prevResult) return ok(config.prevResult);
      return ok({
        cniVersion: config.cniVersion,
        interfaces: [{ name: "lo", mac: "00:00:00:00:00:00", sandbox: inv.netns }],
        ips: [{ interface: 0, address: "127.0.0.1/8" }],
        dns: {},
      });
    },
    del(_config, inv, ctx) {
      const lo = ctx.host.netns(inv.netns)?.interfaces.get("lo");
      if (lo) lo.up = false;
      return ok(); // the namespace may already be gone: still success
    },
    check(_config, inv, ctx) {
      const lo = ctx.host.netns(inv.netns)?.interfaces.get("lo");
      return lo?.up ? ok() : fail(CNI_ERROR_CODES.INTERNAL, "loopback interface is down");
    },
    status: () => ok(),
  };
}
