/**
 * `stack/wire`: bytes only. Each protocol header as an ASCII diagram, a view over a
 * `Uint8Array`, a plain repr, and `parse`/`emit`/`format` functions. Nothing here knows
 * about time, state or routes; sockets, interfaces and hosts build on it.
 *
 * Parsed reprs point into the bytes they came from (payloads are views, not copies), and
 * emitted bytes of up to 2 KiB are views into a shared 8 KiB pool (an `ArrayBuffer` costs
 * ~0.6 µs to allocate in Deno): `slice()` them before keeping them for long.
 *
 * Read in this order, from the wire up:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dissect, emitEthernet, emitIcmp, emitIpv4, EtherType, IpProtocol } from "./mod.ts";
 * // Build a ping frame layer by layer, then read it back.
 * const icmp = emitIcmp({ kind: "echoRequest", identifier: 1, sequence: 1, data: new Uint8Array(8) });
 * const ip = emitIpv4({
 *   dscp: 0, ecn: 0, identification: 1, dontFragment: true, moreFragments: false, fragmentOffset: 0,
 *   ttl: 64, protocol: IpProtocol.Icmp, source: "10.0.0.1", destination: "10.0.0.2",
 *   options: new Uint8Array(), payload: icmp,
 * });
 * const frame = emitEthernet({
 *   destination: "02:00:00:00:00:02", source: "02:00:00:00:00:01", etherType: EtherType.Ipv4, payload: ip,
 * });
 * assert.equal(dissect(frame).summary, "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 16");
 * ```
 *
 * @module
 */

// Errors every parser throws: layer, field and byte offset of what is wrong.
export * from "./errors.ts";
// Internet checksum (RFC 1071), pseudo-header, incremental update (RFC 1624), CRC-32.
export * from "./checksum.ts";
// Ethernet II frames and MAC addresses: the link layer.
export * from "./ethernet.ts";
// ARP (RFC 826): from an IPv4 address to a MAC address.
export * from "./arp.ts";
// IPv4 (RFC 791) packets, addresses and CIDR prefixes: the network layer.
export * from "./ipv4.ts";
// IPv4 fragmentation (RFC 791 §3.2): cut a datagram to fit an MTU; DF refusals.
export * from "./ipv4_fragment.ts";
// ICMP (RFC 792): echo, time exceeded, destination unreachable.
export * from "./icmp.ts";
// UDP (RFC 768): ports and a checksum.
export * from "./udp.ts";
// TCP (RFC 9293) segments and options (RFC 7323, RFC 2018): the reliable stream.
export * from "./tcp.ts";
// HTTP/1.1 (RFC 9112) messages: the application layer.
export * from "./http.ts";
// Encapsulation: a message going down the stack, and what each layer costs.
export * from "./encapsulation.ts";
// A whole Ethernet/IPv4/TCP frame written and read in one buffer, allocating nothing (smoltcp).
export * from "./tcp_frame.ts";
// pcap capture files: hand frames to tcpdump, Wireshark and tshark.
export * from "./pcap.ts";
// Dissection: a frame, layer by layer, field by field, byte range by byte range.
export * from "./dissect.ts";
