/**
 * `stack/net`: chapter 1's simulated internetwork. Hosts, routers and learning switches
 * joined by links with bandwidth, delay, queues and faults, all on one deterministic
 * clock from `src/sim`, speaking the byte-exact frames of `stack/wire` through the NICs,
 * ARP caches and route tables of `stack/iface`. Every frame can be captured to pcap, and
 * every hop, delay and decision is a trace row a notebook can table or plot.
 *
 * @example Ping across two routers, then read the journey
 * ```ts
 * import assert from "node:assert/strict";
 * import { ping, twoLansTwoRouters } from "@stack/net/mod.ts";
 * const { net, a } = twoLansTwoRouters({ seed: 1 });
 * const session = ping(a, "10.0.2.20", { count: 2 });
 * net.run();
 * assert.deepEqual(session.results.map((row) => [row.outcome, row.ttl]), [["reply", 62], ["reply", 62]]);
 * const atB = net.journey!.where({ node: "b", packet: 6 });
 * assert.ok(net.journey!.length > 0 && atB.length <= 1);
 * ```
 *
 * @module
 */

// 1. Tunables: link defaults, node processing estimates, switch aging, host sysctls.
export * from "./params.ts";
// 2. The shared context and the rows everything records: journey hops, latency, events.
export * from "./journey.ts";
// 3. Links: transmission, propagation, drop-tail queues, seeded loss/duplication/reordering/corruption.
export * from "./link.ts";
// 4. Learning switches: MAC learning, flooding, filtering, aging.
export * from "./switch.ts";
// 5. The IP layer's contract with transports: packets in, sendIp() out.
export * from "./ip.ts";
// 6. ICMP errors: when to send one, what it quotes, how to read the quote.
export * from "./icmp.ts";
// 7. IP nodes: a host's or router's interfaces, ARP caches and route table.
export * from "./ip_node.ts";
// 8. Reassembly: fragments back into datagrams (RFC 815 holes, Linux overlap rules, timeout).
export * from "./reassembly.ts";
// 9. Hosts: the IP layer (protocol table, sendIp, delivery) and ICMP echo.
export * from "./host.ts";
// 10. Routers: hosts that forward (TTL, RFC 1624 checksum, MAC rewrite, ICMP errors).
export * from "./router.ts";
// 11. ping and traceroute.
export * from "./ping.ts";
// 12. Captures: pcap bytes and trace rows from any interface.
export * from "./capture.ts";
// 13. The builder: network(), addHost/addRouter/addSwitch, connect, segment, capture, run.
export * from "./topology.ts";
// 14. Ready-made topologies: two LANs joined by two routers.
export * from "./topologies.ts";
