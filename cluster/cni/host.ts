/**
 * A simulated node for CNI plug-ins: network namespaces with interfaces and routes, bridges
 * in the host namespace, NAT rules, and a tiny "disk" (a map from path to file contents)
 * where IPAM keeps its state — the pieces a real plug-in changes with netlink, iptables and
 * files, as plain data a notebook can print.
 *
 * ```
 *   host netns "host"                         pod netns "/var/run/netns/p1"
 *   ┌──────────────────────────────┐           ┌────────────────────────┐
 *   │ cni0 (bridge) 10.22.0.1/16   │           │ lo   127.0.0.1/8        │
 *   │   └─ veth0001 ──────────────────peer────▶│ eth0 10.22.0.2/16       │
 *   │ nat: MASQUERADE 10.22.0.0/16 │           │ route 0.0.0.0/0 via .1  │
 *   │ nat: DNAT :8080 → 10.22.0.2:80           └────────────────────────┘
 *   │ files: /var/lib/cni/networks/pods/10.22.0.2 = "p1\neth0"
 *   └──────────────────────────────┘
 * ```
 *
 * Model of `man 7 network_namespaces` and `man 4 veth`; no real kernel is touched.
 *
 * @module
 */

/**
 * One network interface in a namespace.
 *
 * @example
 * ```ts
 * import type { NetInterface } from "./host.ts";
 * const eth0: NetInterface = { name: "eth0", kind: "veth", mac: "02:00:00:00:00:02", addresses: ["10.22.0.2/27"], up: true, peer: "host:veth00000003" };
 * ```
 */
export interface NetInterface {
  /** Interface name, unique inside its namespace. */
  name: string;
  /** `bridge`, `veth` or `loopback`. */
  kind: "bridge" | "veth" | "loopback";
  /** Hardware address. */
  mac: string;
  /** Addresses in CIDR notation. */
  addresses: string[];
  /** Administrative state. */
  up: boolean;
  /** For a veth end on the host: the bridge it is enslaved to. */
  master?: string;
  /** For a veth: the other end as `netns:name`. */
  peer?: string;
}

/**
 * One route in a namespace.
 *
 * @example
 * ```ts
 * import type { NetRoute } from "./host.ts";
 * const defaultRoute: NetRoute = { dst: "0.0.0.0/0", gw: "10.22.0.1", dev: "eth0" };
 * ```
 */
export interface NetRoute {
  /** Destination prefix. */
  dst: string;
  /** Next hop, if any. */
  gw?: string;
  /** Output interface. */
  dev: string;
}

/**
 * One network namespace.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CniHost, type NetNamespace } from "./host.ts";
 * const ns: NetNamespace = new CniHost().createNetns("/run/netns/web-0");
 * assert.equal(ns.interfaces.size, 0);
 * ```
 */
export interface NetNamespace {
  /** The path that names it (`CNI_NETNS`), or `host`. */
  readonly path: string;
  /** Interfaces by name. */
  readonly interfaces: Map<string, NetInterface>;
  /** Routing table. */
  readonly routes: NetRoute[];
}

/**
 * One NAT rule, as `iptables -t nat` would hold it.
 *
 * @example
 * ```ts
 * import type { NatRule } from "./host.ts";
 * const dnat: NatRule = { action: "DNAT", owner: "pods/web-0", match: "0.0.0.0:8080/tcp", to: "10.22.0.2:80" };
 * ```
 */
export interface NatRule {
  /** `MASQUERADE` (bridge ipMasq) or `DNAT` (portmap). */
  readonly action: "MASQUERADE" | "DNAT";
  /** Who added it: `network/containerId`, used to delete it again. */
  readonly owner: string;
  /** Source prefix for MASQUERADE; `hostIP:hostPort/protocol` for DNAT. */
  readonly match: string;
  /** Destination after DNAT (`podIP:containerPort`); empty for MASQUERADE. */
  readonly to: string;
}

/**
 * The name of the root namespace.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CniHost, HOST_NETNS } from "./host.ts";
 * assert.ok(new CniHost().netns(HOST_NETNS)); // every node starts with its root namespace
 * ```
 */
export const HOST_NETNS = "host";

/**
 * A simulated node: namespaces, NAT rules and files. Deterministic: MACs come from a counter.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CniHost } from "./host.ts";
 * const host = new CniHost();
 * const ns = host.createNetns("/var/run/netns/p1");
 * assert.equal(ns.interfaces.size, 0);
 * assert.equal(host.nextMac(), "02:00:00:00:00:01");
 * ```
 */
export class CniHost {
  /** Namespaces by path; `host` always exists. */
  readonly namespaces = new Map<string, NetNamespace>();
  /** NAT table. */
  readonly nat: NatRule[] = [];
  /** Files by absolute path (IPAM state lives here). */
  readonly files = new Map<string, string>();
  #macCounter = 0;

  constructor() {
    this.createNetns(HOST_NETNS);
  }

  /**
   * Create an empty namespace at `path` (the runtime does this before any ADD).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CniHost } from "./host.ts";
   * const host = new CniHost();
   * host.createNetns("/run/netns/web-0");
   * assert.ok(host.netns("/run/netns/web-0"));
   * assert.throws(() => host.createNetns("web-0"), /must be absolute/);
   * ```
   */
  createNetns(path: string): NetNamespace {
    if (typeof path !== "string" || (path !== HOST_NETNS && !path.startsWith("/"))) {
      throw new TypeError(
        `Cannot create a network namespace: the path must be absolute, like "/run/netns/web-0" (got ${
          JSON.stringify(path)
        })`,
      );
    }
    const ns: NetNamespace = { path, interfaces: new Map(), routes: [] };
    this.namespaces.set(path, ns);
    return ns;
  }

  /**
   * The namespace at `path`, or undefined.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CniHost } from "./host.ts";
   * assert.equal(new CniHost().netns("/run/netns/none"), undefined);
   * ```
   */
  netns(path: string): NetNamespace | undefined {
    return this.namespaces.get(path);
  }

  /**
   * Remove a namespace (interfaces inside it vanish with it, as in Linux).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CniHost } from "./host.ts";
   * const host = new CniHost();
   * host.createNetns("/run/netns/p");
   * host.deleteNetns("/run/netns/p");
   * assert.equal(host.netns("/run/netns/p"), undefined);
   * ```
   */
  deleteNetns(path: string): void {
    this.namespaces.delete(path);
  }

  /**
   * A fresh locally administered MAC address (02:…), from a counter.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CniHost } from "./host.ts";
   * assert.equal(new CniHost().nextMac(), "02:00:00:00:00:01");
   * ```
   */
  nextMac(): string {
    this.#macCounter++;
    const hex = this.#macCounter.toString(16).padStart(8, "0");
    return `02:00:${hex.match(/../g)!.join(":")}`;
  }

  /**
   * The files under a directory prefix, sorted by path (like `ls`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CniHost } from "./host.ts";
   * const host = new CniHost();
   * host.files.set("/var/lib/cni/networks/pods/10.22.0.2", "a\r\neth0");
   * assert.deepEqual(host.list("/var/lib/cni/networks/pods"), ["/var/lib/cni/networks/pods/10.22.0.2"]);
   * ```
   */
  list(directory: string): string[] {
    const prefix = directory.endsWith("/") ? directory : `${directory}/`;
    return [...this.files.keys()].filter((p) => p.startsWith(prefix)).sort();
  }
}
