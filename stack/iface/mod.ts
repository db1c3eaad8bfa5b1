/**
 * `stack/iface`: where the IP layer meets the links. A NIC with its EtherType dispatch,
 * the ARP neighbour cache that turns next-hop IPs into MACs, and the route table that
 * picks the next hop. Built on `stack/wire` (bytes) and `src/sim` (time); the hosts,
 * routers and switches of `stack/net` are assembled from these parts.
 *
 * @example Look up a route, then the next hop's MAC
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "@src/sim/mod.ts";
 * import { Interface, NeighborCache, RouteTable } from "@stack/iface/mod.ts";
 * const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01", address: "10.0.1.10/24" });
 * const routes = new RouteTable();
 * routes.add("10.0.1.0/24", { interface: "eth0", kind: "connected" });
 * routes.add("0.0.0.0/0", { via: "10.0.1.1", interface: "eth0" });
 * const neighbors = new NeighborCache(new Simulation(), nic);
 * neighbors.set("10.0.1.1", "02:00:00:00:01:01");
 * const hop = routes.lookup("10.0.2.20")!;
 * assert.equal(neighbors.lookup(hop.nextHop)?.mac, "02:00:00:00:01:01");
 * ```
 *
 * @module
 */

// 1. Tunables: Linux's ARP defaults (arp.c, ip-sysctl.rst), default TTL, ICMP quote size.
export * from "./params.ts";
// 2. The NIC: MAC and IPv4 address, EtherType dispatch, taps, and the frame's latency meta.
export * from "./interface.ts";
// 3. ARP (RFC 826): INCOMPLETE → REACHABLE → STALE, retries, queued packets.
export * from "./neighbor_cache.ts";
// 4. The route table: longest-prefix match, connected routes, the default gateway.
export * from "./route_table.ts";
