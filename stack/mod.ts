/**
 * `stack`: the network stack of chapter 1, from bytes to sockets. Read it bottom up:
 * byte formats, then the interface layer, then the simulated internetwork, then sockets.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ping, twoLansTwoRouters, udpSocket } from "@stack/mod.ts";
 * const { net, a, b } = twoLansTwoRouters({ seed: 1 });
 * const session = ping(a, "10.0.2.20", { count: 1 });
 * udpSocket(b).bind({ port: 53 });
 * net.run();
 * assert.equal(session.results[0].outcome, "reply");
 * ```
 *
 * @module
 */

// Bytes only: Ethernet, ARP, IPv4, ICMP, UDP, TCP, HTTP, checksums, pcap, dissection.
export * from "./wire/mod.ts";
// Interfaces, the ARP neighbour cache and the route table.
export * from "./iface/mod.ts";
// Hosts, routers, switches, links, captures, ping/traceroute and the topology builder.
export * from "./net/mod.ts";
// BSD-like UDP sockets: bind, sendto, recvfrom, ephemeral ports, port unreachable.
export * from "./socket/udp.ts";
// TCP: endpoints, sockets, congestion control, the test pipe, bulk transfers, sequence diagrams.
export * from "./socket/tcp/mod.ts";
// Chapter views of frames: annotated hexdumps and field tables.
export * from "./display/mod.ts";
// TCP on simulated hosts: tcpStack(host) wires a TcpStack to the host's IP layer.
export * from "./socket/tcp_host.ts";
// HTTP client and server over TCP, and one message's journey through every hop.
export * from "./app/mod.ts";
