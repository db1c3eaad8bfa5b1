/**
 * The CNI result: what a plugin prints on stdout after a successful ADD, and what the runtime
 * passes to the next plugin in the chain as `prevResult`.
 *
 * SPEC.md 1.1.0 §5 "Result Types" → "ADD Success" (and "Delegated plugins (IPAM)": an IPAM
 * plugin returns the abbreviated form with `ips`, `routes`, `dns` and no `interfaces`).
 *
 * ```
 * { "cniVersion": "1.1.0",
 *   "interfaces": [ {"name": "cni0", "mac": "…"}, {"name": "eth0", "mac": "…", "sandbox": "/var/run/netns/p1"} ],
 *   "ips":        [ {"address": "10.22.0.2/16", "gateway": "10.22.0.1", "interface": 1} ],  ← index into interfaces
 *   "routes":     [ {"dst": "0.0.0.0/0", "gw": "10.22.0.1"} ],
 *   "dns":        {} }
 * ```
 *
 * Field order and omission follow libcni's Go structs (`pkg/types/100/types.go`: interfaces,
 * ips, routes `omitempty`; dns always present). Versions 0.3.x/0.4.0 add `"version": "4"` to
 * each IP (`pkg/types/040/types.go`) — `formatCniResult` converts.
 *
 * @module
 */

/**
 * One interface a plugin created or touched (SPEC.md §5 "interfaces").
 *
 * @example
 * ```ts
 * import type { CniInterface } from "./result.ts";
 * const eth0: CniInterface = { name: "eth0", mac: "02:00:00:00:00:02", sandbox: "/run/netns/web-0" };
 * ```
 */
export interface CniInterface {
  /** Interface name, e.g. `eth0` inside the sandbox or `veth1a2b` on the host. */
  readonly name: string;
  /** Hardware address, `aa:bb:cc:dd:ee:ff`, if L2 addresses are meaningful. */
  readonly mac?: string;
  /** The netns path for sandbox interfaces; absent for host interfaces. */
  readonly sandbox?: string;
  /** MTU (added in spec 1.1.0). */
  readonly mtu?: number;
}

/**
 * One assigned address (SPEC.md §5 "ips").
 *
 * @example
 * ```ts
 * import type { CniIpConfig } from "./result.ts";
 * const ip: CniIpConfig = { interface: 2, address: "10.22.0.2/27", gateway: "10.22.0.1" };
 * ```
 */
export interface CniIpConfig {
  /** Address with prefix length in CIDR notation, e.g. `10.22.0.2/16`. */
  readonly address: string;
  /** Default gateway for this subnet, if one exists. */
  readonly gateway?: string;
  /** Index into `interfaces`; IPAM plugins leave it out. */
  readonly interface?: number;
}

/**
 * One route (SPEC.md §5 "routes").
 *
 * @example
 * ```ts
 * import type { CniRoute } from "./result.ts";
 * const route: CniRoute = { dst: "0.0.0.0/0", gw: "10.22.0.1" };
 * ```
 */
export interface CniRoute {
  /** Destination subnet in CIDR notation. */
  readonly dst: string;
  /** Next hop; the default gateway when absent. */
  readonly gw?: string;
}

/**
 * DNS settings (SPEC.md §5 "dns"); every field optional.
 *
 * @example
 * ```ts
 * import type { CniDns } from "./result.ts";
 * const dns: CniDns = { nameservers: ["10.96.0.10"], search: ["default.svc.cluster.local"] };
 * ```
 */
export interface CniDns {
  readonly nameservers?: readonly string[];
  readonly domain?: string;
  readonly search?: readonly string[];
  readonly options?: readonly string[];
}

/**
 * A whole ADD result.
 *
 * @example
 * ```ts
 * import type { CniResult } from "./result.ts";
 * const result: CniResult = { cniVersion: "1.1.0", ips: [{ address: "10.22.0.2/27" }], dns: {} };
 * ```
 */
export interface CniResult {
  readonly cniVersion: string;
  readonly interfaces?: readonly CniInterface[];
  readonly ips?: readonly CniIpConfig[];
  readonly routes?: readonly CniRoute[];
  readonly dns: CniDns;
}

/** Versions whose result adds `"version": "4"|"6"` to each IP (libcni `pkg/types/040`). */
const VERSIONED_IPS = new Set(["0.3.0", "0.3.1", "0.4.0"]);

/**
 * The JSON object a plugin prints for `result` when the config asked for `cniVersion`:
 * keys in libcni's order, empty lists left out, `version` per IP for 0.3.x/0.4.0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatCniResult } from "./result.ts";
 * const result = { cniVersion: "1.0.0", ips: [{ address: "10.0.0.2/24", gateway: "10.0.0.1" }], dns: {} };
 * assert.deepEqual(formatCniResult(result, "0.4.0").ips, [{ version: "4", address: "10.0.0.2/24", gateway: "10.0.0.1" }]);
 * assert.equal(JSON.stringify(formatCniResult(result, "1.0.0")),
 *   '{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.2/24","gateway":"10.0.0.1"}],"dns":{}}');
 * ```
 */
export function formatCniResult(result: CniResult, cniVersion: string): Record<string, unknown> {
  if (typeof result !== "object" || result === null) {
    throw new TypeError(
      `Cannot format a CNI result: result must be a CniResult object (got ${result}); pass outcome.result of a successful ADD`,
    );
  }
  if (typeof cniVersion !== "string" || !/^\d+\.\d+\.\d+$/.test(cniVersion)) {
    throw new RangeError(
      `Cannot format a CNI result: cniVersion must be a version like "1.1.0" (got ${
        JSON.stringify(cniVersion)
      }); pass result.cniVersion or the config's cniVersion`,
    );
  }
  const out: Record<string, unknown> = { cniVersion };
  if (result.interfaces?.length) out.interfaces = result.interfaces.map((i) => ({ ...i }));
  if (result.ips?.length) {
    out.ips = result.ips.map((ip) => {
      const versioned = VERSIONED_IPS.has(cniVersion)
        ? { version: ip.address.includes(":") ? "6" : "4" }
        : {};
      return {
        ...versioned,
        ...(ip.interface !== undefined ? { interface: ip.interface } : {}),
        address: ip.address,
        ...(ip.gateway ? { gateway: ip.gateway } : {}),
      };
    });
  }
  if (result.routes?.length) out.routes = result.routes.map((r) => ({ ...r }));
  out.dns = { ...result.dns };
  return out;
}
