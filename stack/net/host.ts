/**
 * A host: a node with one or more interfaces and an IP layer. Below it, each interface
 * has a neighbour cache (ARP); beside it, a route table; above it, a table of protocol
 * handlers keyed by the IP protocol number, where ICMP (built in), UDP
 * (`stack/socket/udp.ts`) and TCP plug in.
 *
 * ```
 *         ICMP (1) built in     UDP (17)       TCP (6)        ◀── onProtocol(number, handler)
 *              └───────────────────┼──────────────┘
 *   sendIp(dst, protocol, bytes) ──┤ IP layer: deliver if the destination is mine,
 *        │ route lookup (LPM)      │ else forward() — a host drops, a router forwards
 *        ▼                         │
 *   neighbour cache (ARP) per interface  ◀── EtherType 0x0806 / 0x0800 ── Interface ◀── link
 * ```
 *
 * ICMP: echo requests are answered from the address that was pinged; other ICMP
 * messages (echo replies, errors) go to `onIcmp()` listeners such as `ping()`. Errors are
 * built per RFC 792 (the IP header and first 8 bytes of the offending datagram) and never
 * sent about an ICMP error, a broadcast or a non-first fragment (RFC 1122 §3.2.2). When
 * ARP gives up on a next hop, each queued packet is answered with ICMP host unreachable,
 * as Linux's `arp_error_report()` does; for the host's own packets that error comes back
 * to itself, which is how `ping` prints "Destination Host Unreachable".
 *
 * Not modelled: fragmentation (a packet larger than the 1500-byte MTU is refused), IP
 * options processing, ICMP rate limiting, source address selection beyond "the outgoing
 * interface's address".
 *
 * @example Two hosts on one cable: b answers a's ping
 * ```ts
 * import assert from "node:assert/strict";
 * import { network, ping } from "./mod.ts";
 * const net = network({ seed: 1 });
 * const a = net.addHost("a");
 * const b = net.addHost("b");
 * net.connect(a, b, { addresses: ["10.0.0.1/24", "10.0.0.2/24"] });
 * const session = ping(a, "10.0.0.2", { count: 2 });
 * net.run();
 * assert.deepEqual(session.results.map((r) => r.outcome), ["reply", "reply"]);
 * ```
 *
 * @module
 */

import type { Time } from "../../src/sim/mod.ts";
import { ETHERNET_MTU } from "../wire/ethernet.ts";
import { emitIcmp, type IcmpRepr, parseIcmp, UnreachableCode } from "../wire/icmp.ts";
import { emitIpv4, IpProtocol, type Ipv4Repr, Ipv4View, parseIpv4 } from "../wire/ipv4.ts";
import { type Ipv4Address, parseIpv4Address } from "../wire/ipv4_address.ts";
import { arpTimingSchema, IP_DEFAULT_TTL, newFrameMeta, type RouteDecision } from "../iface/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import {
  icmpError,
  type IcmpErrorKind,
  type IcmpMessage,
  type QuotedPacket,
  quotedPacket,
} from "./icmp.ts";
import type { IpPacket, ProtocolHandler, SendIpOptions, SendIpResult } from "./ip.ts";
import type { NetContext } from "./journey.ts";
import { type ArpOptions, type IpArrival, IpNode } from "./ip_node.ts";
import { HOST_PROCESSING_DELAY } from "./params.ts";

/**
 * Options of {@linkcode Host}.
 *
 * @example
 * ```ts
 * import { us } from "../../src/sim/mod.ts";
 * const options: HostOptions = { processingDelay: us(10), ttl: 128 };
 * ```
 */
export interface HostOptions {
  /**
   * Time the node spends on each received frame, integer ns.
   *
   * @default {5_000} (`HOST_PROCESSING_DELAY`; routers 2 µs)
   */
  processingDelay?: Time;
  /**
   * TTL of packets this node originates.
   *
   * @default {64} (`IP_DEFAULT_TTL`)
   */
  ttl?: number;
  /**
   * ARP timing for every interface (see `NeighborCacheOptions`).
   *
   * @default {{}} (Linux defaults)
   */
  arp?: ArpOptions;
}

const hostSchema = z.strictObject({
  processingDelay: z.number().int().min(0).optional(),
  ttl: z.number().int().min(1).max(255).optional(),
  arp: arpTimingSchema.optional(),
});

/**
 * A host; see the module comment. Build it with `network().addHost()`.
 *
 * @example Routes: connected ones appear with the interface, the gateway must be on-link
 * ```ts
 * import assert from "node:assert/strict";
 * import { network } from "./topology.ts";
 * const net = network({ seed: 1 });
 * const a = net.addHost("a");
 * a.addInterface({ address: "10.0.1.10/24" });
 * a.setDefaultRoute("10.0.1.1");
 * assert.equal(a.routes.format(), "10.0.1.0/24 dev eth0 proto kernel\ndefault via 10.0.1.1 dev eth0");
 * assert.throws(() => a.addRoute("10.9.0.0/16", { via: "192.0.2.1" }), /not on any connected network/);
 * ```
 */
export class Host extends IpNode {
  /** What kind of node: routers forward. */
  readonly kind: "host" | "router" = "host";
  /** TTL of originated packets. */
  readonly ttl: number;
  #protocols = new Map<number, ProtocolHandler>();
  #icmpListeners: ((message: IcmpMessage) => void)[] = [];
  #identification = 0;

  /** A host named `name` in `context`; options are validated, a bad one named. */
  constructor(context: NetContext, name: string, options: HostOptions = {}) {
    const parsed = parseOptions(hostSchema, options, `create host ${name}`);
    super(context, name, {
      processingDelay: parsed.processingDelay ?? HOST_PROCESSING_DELAY,
      arp: parsed.arp,
    });
    this.ttl = parsed.ttl ?? IP_DEFAULT_TTL;
    this.onProtocol(IpProtocol.Icmp, (packet) => this.#icmpInput(packet));
  }

  /**
   * Install the handler for an IP protocol number (replacing any previous one): the
   * ingress dispatch table. UDP sockets and a TCP endpoint plug in here.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const net = network({ seed: 1 });
   * const a = net.addHost("a");
   * const b = net.addHost("b");
   * net.connect(a, b, { addresses: ["10.0.0.1/24", "10.0.0.2/24"] });
   * const got: number[] = [];
   * b.onProtocol(253, (packet) => got.push(packet.repr.payload.length)); // RFC 3692 experimental
   * a.sendIp("10.0.0.2", 253, new Uint8Array(5));
   * net.run();
   * assert.deepEqual(got, [5]);
   * ```
   */
  onProtocol(protocol: number, handler: ProtocolHandler): void {
    if (!Number.isInteger(protocol) || protocol < 0 || protocol > 255) {
      throw new RangeError(
        `Cannot register IP protocol ${protocol} on ${this.name}: protocol numbers are 0–255 ` +
          `(ICMP 1, TCP 6, UDP 17).`,
      );
    }
    this.#protocols.set(protocol, handler);
  }

  /**
   * Listen to ICMP messages other than echo requests; returns a function that stops it.
   *
   * @example
   * ```ts
   * import { network } from "./topology.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * const stop = host.onIcmp((message) => console.log(message.icmp.kind));
   * stop();
   * ```
   */
  onIcmp(listener: (message: IcmpMessage) => void): () => void {
    this.#icmpListeners.push(listener);
    return () => {
      this.#icmpListeners = this.#icmpListeners.filter((other) => other !== listener);
    };
  }

  /**
   * Send `payload` to `destination` as IP protocol `protocol`: the egress function
   * transports use. Returns a status; "no route" is not an exception.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * host.addInterface({ address: "10.0.1.10/24" });
   * const result = host.sendIp("192.0.2.1", 17, new Uint8Array(8));
   * assert.equal(result.ok, false);
   * ```
   */
  sendIp(
    destination: Ipv4Address,
    protocol: number,
    payload: Uint8Array,
    options: SendIpOptions = {},
  ): SendIpResult {
    parseIpv4Address(destination);
    if (payload.length + 20 > ETHERNET_MTU) {
      throw new RangeError(
        `Cannot send ${payload.length} bytes from ${this.name} in one IP packet: with its ` +
          `20-byte header it exceeds the ${ETHERNET_MTU}-byte MTU and fragmentation is not ` +
          `modelled. Send at most ${ETHERNET_MTU - 20} bytes per packet.`,
      );
    }
    const sim = this.context.sim;
    const local = this.owns(destination);
    const decision = local ? undefined : this.routes.lookup(destination);
    if (!local && decision === undefined) {
      this.event({
        layer: "ip",
        event: "no-route",
        detail: `${this.name} has no route to ${destination}`,
        packet: 0,
      });
      return { ok: false, reason: "no-route", detail: `no route to ${destination}` };
    }
    const source = options.source ??
      (local ? destination : this.sourceAddressFor(destination));
    if (source === null) {
      return { ok: false, reason: "no-route", detail: `interface has no address` };
    }
    this.#identification = (this.#identification + 1) & 0xffff;
    const bytes = emitIpv4({
      dscp: 0,
      ecn: 0,
      identification: this.#identification,
      dontFragment: options.dontFragment ?? true,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: options.ttl ?? this.ttl,
      protocol,
      source,
      destination,
      options: new Uint8Array(0),
      payload,
    }).slice();
    const meta = newFrameMeta(this.context.nextPacketId(), sim.now);
    if (local) {
      this.ingress(meta, () => this.receiveIp(bytes, { meta, nic: null }));
    } else {
      this.output(decision as RouteDecision, { bytes, meta });
    }
    return { ok: true, packet: meta.packet };
  }

  /**
   * Send an ICMP error about `original` (an IP packet's bytes) back to its source; does
   * nothing where RFC 1122 §3.2.2 forbids an error. Returns whether one was sent.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { emitIpv4 } from "../wire/ipv4.ts";
   * import { network } from "./topology.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * host.addInterface({ address: "10.0.0.1/24" });
   * const original = emitIpv4({ dscp: 0, ecn: 0, identification: 1, dontFragment: true, moreFragments: false,
   *   fragmentOffset: 0, ttl: 1, protocol: 17, source: "0.0.0.0", destination: "10.0.0.1",
   *   options: new Uint8Array(), payload: new Uint8Array(8) });
   * assert.equal(host.sendIcmpError(original, { kind: "destinationUnreachable", code: 3 }), false); // no source to tell
   * ```
   */
  sendIcmpError(original: Uint8Array, error: IcmpErrorKind): boolean {
    const message = icmpError(original, error);
    if (message === null) return false;
    const quoted = quotedPacket(original) as QuotedPacket;
    this.event({
      layer: "icmp",
      event: error.kind === "timeExceeded" ? "time-exceeded-sent" : "unreachable-sent",
      detail:
        `code ${error.code} to ${quoted.source} about ${quoted.source} > ${quoted.destination}`,
      packet: 0,
    });
    const result = this.sendIp(quoted.source, IpProtocol.Icmp, message, {
      dontFragment: false,
    });
    return result.ok;
  }

  /**
   * ARP could not resolve the next hop of `packet`: answer with ICMP host unreachable
   * (Linux `arp_error_report()`).
   *
   * @example A subclass that records what ARP gave up on
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * class Recording extends Host {
   *   lost: { t: number; bytes: number }[] = [];
   *   protected override unresolved(packet: Uint8Array): void {
   *     this.lost.push({ t: this.sim.now, bytes: packet.length });
   *   }
   * }
   * const net = network({ seed: 1 });
   * const host = new Recording(net, "h");
   * host.addInterface({ address: "10.0.0.1/24" }); // no link: nobody will answer ARP
   * host.sendIp("10.0.0.2", 253, new Uint8Array(10));
   * net.run();
   * assert.deepEqual(host.lost, [{ t: 3_000_000_000, bytes: 30 }]); // after 3 requests, 1 s apart
   * ```
   */
  protected unresolved(packet: Uint8Array): void {
    this.sendIcmpError(packet, { kind: "destinationUnreachable", code: UnreachableCode.Host });
  }

  /**
   * A packet for another address arrived. A host drops it (Linux with ip_forward = 0);
   * a router forwards it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const net = network({ seed: 1 });
   * const a = net.addHost("a");
   * const b = net.addHost("b");
   * net.connect(a, b, { addresses: ["10.0.0.1/24", "10.0.0.2/24"] });
   * a.neighbors().set("10.0.0.99", b.interfaces[0].mac); // b's MAC, someone else's IP
   * a.sendIp("10.0.0.99", 253, new Uint8Array(4));
   * net.run();
   * assert.equal(net.events.where({ node: "b", event: "not-forwarding" }).length, 1);
   * ```
   */
  protected forward(packet: IpPacket): void {
    this.event({
      layer: "ip",
      event: "not-forwarding",
      detail: `${packet.repr.source} > ${packet.repr.destination} is not for ${this.name}`,
      packet: packet.meta.packet,
    });
  }

  /**
   * The IP layer's input: check the header (a bad checksum is dropped), then deliver a
   * packet for one of this node's addresses, or `forward()` it.
   *
   * @example A subclass that counts its IP input (here: a ping to itself, over loopback)
   * ```ts
   * import assert from "node:assert/strict";
   * import type { IpArrival } from "./ip_node.ts";
   * import { ping } from "./ping.ts";
   * import { network } from "./topology.ts";
   * class Counting extends Host {
   *   seen = 0;
   *   protected override receiveIp(bytes: Uint8Array, arrival: IpArrival): void {
   *     this.seen++;
   *     super.receiveIp(bytes, arrival);
   *   }
   * }
   * const net = network({ seed: 1 });
   * const host = new Counting(net, "h");
   * host.addInterface({ address: "10.0.0.1/24" });
   * ping(host, "10.0.0.1", { count: 1 });
   * net.run();
   * assert.equal(host.seen, 2); // the echo request and the echo reply
   * ```
   */
  protected receiveIp(bytes: Uint8Array, arrival: IpArrival): void {
    const { meta, nic } = arrival;
    let repr: Ipv4Repr;
    try {
      repr = parseIpv4(bytes);
    } catch (error) {
      this.event({
        layer: "ip",
        event: "bad-packet",
        detail: (error as Error).message,
        packet: meta.packet,
      });
      return;
    }
    const length = new Ipv4View(bytes).totalLength;
    const packet: IpPacket = { repr, bytes: bytes.subarray(0, length), iface: nic, meta };
    const destination = repr.destination;
    const mine = this.owns(destination) || destination === "255.255.255.255";
    if (mine) this.#deliver(packet);
    else this.forward(packet);
  }

  #deliver(packet: IpPacket): void {
    const { repr, meta } = packet;
    const now = this.context.sim.now;
    this.context.latency.push({
      packet: meta.packet,
      t: now,
      node: this.name,
      source: repr.source,
      destination: repr.destination,
      protocol: repr.protocol,
      hops: meta.hops,
      transmission: meta.transmission,
      propagation: meta.propagation,
      queueing: meta.queueing,
      resolution: meta.resolution,
      processing: meta.processing,
      total: now - meta.created,
    });
    const handler = this.#protocols.get(repr.protocol);
    if (handler !== undefined) {
      handler(packet);
      return;
    }
    this.event({
      layer: "ip",
      event: "unknown-protocol",
      detail: `protocol ${repr.protocol}`,
      packet: meta.packet,
    });
    this.sendIcmpError(packet.bytes, {
      kind: "destinationUnreachable",
      code: UnreachableCode.Protocol,
    });
  }

  #icmpInput(packet: IpPacket): void {
    let icmp: IcmpRepr;
    try {
      icmp = parseIcmp(packet.repr.payload);
    } catch (error) {
      this.event({
        layer: "icmp",
        event: "bad-icmp",
        detail: (error as Error).message,
        packet: packet.meta.packet,
      });
      return;
    }
    if (icmp.kind === "echoRequest") {
      const reply = emitIcmp({ ...icmp, kind: "echoReply" }).slice();
      this.sendIp(packet.repr.source, IpProtocol.Icmp, reply, {
        source: packet.repr.destination === "255.255.255.255" ? undefined : packet.repr.destination,
      });
      return;
    }
    const quoted = icmp.kind === "destinationUnreachable" || icmp.kind === "timeExceeded"
      ? quotedPacket(icmp.data)
      : null;
    for (const listener of [...this.#icmpListeners]) listener({ icmp, packet, quoted });
  }
}
