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
 * Fragmentation (RFC 791 §3.2): a packet larger than the outgoing link's MTU is cut
 * into fragments (`stack/wire/ipv4_fragment.ts`) when DF is clear, and refused with a
 * `RangeError` (Linux: EMSGSIZE) when DF is set. Fragments addressed to the host are
 * reassembled (`reassembly.ts`) before delivery; a datagram still incomplete after
 * `reassemblyTimeout` is dropped, with ICMP time exceeded code 1 to its source if its
 * first fragment came (RFC 792, RFC 1122 §3.3.2). ICMP "fragmentation needed" messages
 * lower the cached path MTU towards the quoted destination (`pathMtu()`, RFC 1191 §3).
 *
 * Not modelled: IP options processing, ICMP rate limiting, source address selection
 * beyond "the outgoing interface's address", path MTU aging (RFC 1191 §6.3) and the
 * RFC 1191 §7 plateau search when a router reports MTU 0. (TCP reacts to "fragmentation
 * needed" in `stack/socket/tcp_host.ts`.)
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
import {
  emitIcmp,
  type IcmpRepr,
  IcmpView,
  parseIcmp,
  TimeExceededCode,
  UnreachableCode,
} from "../wire/icmp.ts";
import { fragmentIpv4 } from "../wire/ipv4_fragment.ts";
import { emitIpv4, IpProtocol, type Ipv4Repr, Ipv4View, parseIpv4 } from "../wire/ipv4.ts";
import { type Ipv4Address, parseIpv4Address } from "../wire/ipv4_address.ts";
import {
  arpTimingSchema,
  type FrameMeta,
  IP_DEFAULT_TTL,
  newFrameMeta,
  type RouteDecision,
} from "../iface/mod.ts";
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
import { HOST_PROCESSING_DELAY, REASSEMBLY_TIMEOUT } from "./params.ts";
import { Reassembly } from "./reassembly.ts";

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
  /**
   * How long incomplete datagrams wait for their missing fragments, integer ns.
   *
   * @default {30_000_000_000} (`REASSEMBLY_TIMEOUT`, Linux ipfrag_time 30 s)
   */
  reassemblyTimeout?: Time;
}

const hostSchema = z.strictObject({
  processingDelay: z.number().int().min(0).optional(),
  ttl: z.number().int().min(1).max(255).optional(),
  arp: arpTimingSchema.optional(),
  reassemblyTimeout: z.number().int().positive().optional(),
});

/**
 * Options of {@linkcode Host.sendIcmpError}.
 *
 * @example
 * ```ts
 * const options: IcmpErrorOptions = { nextHopMtu: 576 };
 * ```
 */
export interface IcmpErrorOptions {
  /**
   * Next-hop MTU written in the second 16-bit word of "fragmentation needed" (RFC 1191 §4).
   *
   * @default {0}
   */
  nextHopMtu?: number;
}

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
  #reassembly: Reassembly;
  #pathMtu = new Map<Ipv4Address, number>();

  /** A host named `name` in `context`; options are validated, a bad one named. */
  constructor(context: NetContext, name: string, options: HostOptions = {}) {
    const parsed = parseOptions(hostSchema, options, `create host ${name}`);
    super(context, name, {
      processingDelay: parsed.processingDelay ?? HOST_PROCESSING_DELAY,
      arp: parsed.arp,
    });
    this.ttl = parsed.ttl ?? IP_DEFAULT_TTL;
    this.#reassembly = new Reassembly({
      timeout: parsed.reassemblyTimeout ?? REASSEMBLY_TIMEOUT,
    });
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
    if (payload.length + 20 > 0xffff) {
      throw new RangeError(
        `Cannot send ${payload.length} bytes from ${this.name} in one IP datagram: with its ` +
          `20-byte header it exceeds the 65535-byte IPv4 total length. Send at most 65515.`,
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
    const dontFragment = options.dontFragment ?? true;
    const mtu = local ? Infinity : this.mtu((decision as RouteDecision).interface);
    if (dontFragment && payload.length + 20 > mtu) {
      // Linux ip_append_data(): a DF datagram over the MTU fails with EMSGSIZE.
      throw new RangeError(
        `Cannot send ${payload.length} bytes from ${this.name} in one IP packet: with its ` +
          `20-byte header it exceeds the ${mtu}-byte MTU of ${
            (decision as RouteDecision).interface
          } and DF forbids fragmenting it (EMSGSIZE). Send at most ` +
          `${mtu - 20} bytes, or pass dontFragment: false to fragment at the source.`,
      );
    }
    this.#identification = (this.#identification + 1) & 0xffff;
    const bytes = emitIpv4({
      dscp: 0,
      ecn: 0,
      identification: this.#identification,
      dontFragment,
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
      this.outputFragmented(decision as RouteDecision, { bytes, meta }, mtu);
    }
    return { ok: true, packet: meta.packet };
  }

  /**
   * The path MTU towards `destination` (RFC 1191 §3): the outgoing interface's MTU,
   * lowered by any ICMP "fragmentation needed" received about that destination; null
   * without a route. Local destinations have no limit (Infinity, loopback).
   *
   * @example A 576-byte link behind the first router
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const net = network({ seed: 1 });
   * const a = net.addHost("a");
   * const r = net.addRouter("r");
   * const b = net.addHost("b");
   * net.connect(a, r, { addresses: ["10.0.1.10/24", "10.0.1.1/24"] });
   * net.connect(r, b, { addresses: ["10.0.2.1/24", "10.0.2.20/24"], mtu: 576 });
   * a.setDefaultRoute("10.0.1.1");
   * b.setDefaultRoute("10.0.2.1");
   * assert.equal(a.pathMtu("10.0.2.20"), 1500);
   * a.sendIp("10.0.2.20", 253, new Uint8Array(1000)); // DF set: r answers "fragmentation needed"
   * net.run();
   * assert.equal(a.pathMtu("10.0.2.20"), 576);
   * ```
   */
  pathMtu(destination: Ipv4Address): number | null {
    if (this.owns(destination)) return Infinity;
    const decision = this.routes.lookup(destination);
    if (decision === undefined) return null;
    const learned = this.#pathMtu.get(destination) ?? Infinity;
    return Math.min(learned, this.mtu(decision.interface));
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
  sendIcmpError(
    original: Uint8Array,
    error: IcmpErrorKind,
    options: IcmpErrorOptions = {},
  ): boolean {
    const message = icmpError(original, error);
    if (message === null) return false;
    if (options.nextHopMtu !== undefined) {
      // RFC 1191 §4: the next-hop MTU goes in the low 16 bits of the "unused" word.
      const view = new IcmpView(message);
      view.nextHopMtu = options.nextHopMtu;
      view.fillChecksum();
    }
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
   * Output an IP packet through `decision`, cut into fragments of at most `mtu` bytes
   * when it is larger (RFC 791 §3.2). The caller has checked DF. Every fragment after
   * the first gets its own packet id, so journeys follow each frame.
   *
   * @example A router subclass that halves every MTU
   * ```ts
   * import assert from "node:assert/strict";
   * import { newFrameMeta } from "../iface/mod.ts";
   * import { emitIpv4 } from "../wire/ipv4.ts";
   * import { network } from "./topology.ts";
   * class Splitter extends Host {
   *   push(bytes: Uint8Array): void {
   *     this.outputFragmented(this.routes.lookup("10.0.0.2")!, { bytes, meta: newFrameMeta(0, 0) }, 68);
   *   }
   * }
   * const net = network({ seed: 1 });
   * const x = new Splitter(net, "x");
   * x.addInterface({ address: "10.0.0.1/24" }); // no link: frames are counted as dropped
   * x.neighbors().set("10.0.0.2", "02:00:00:00:00:02");
   * x.push(emitIpv4({ dscp: 0, ecn: 0, identification: 9, dontFragment: false, moreFragments: false,
   *   fragmentOffset: 0, ttl: 3, protocol: 253, source: "10.0.0.1", destination: "10.0.0.2",
   *   options: new Uint8Array(), payload: new Uint8Array(100) }).slice());
   * assert.equal(x.interfaces[0].counters.txDropped, 3); // 48 + 48 + 4 data bytes
   * ```
   */
  protected outputFragmented(
    decision: RouteDecision,
    packet: { bytes: Uint8Array; meta: FrameMeta },
    mtu: number,
  ): void {
    if (packet.bytes.length <= mtu) {
      this.output(decision, packet);
      return;
    }
    const fragments = fragmentIpv4(packet.bytes, mtu);
    this.event({
      layer: "ip",
      event: "fragmented",
      detail: `${packet.bytes.length} bytes into ${fragments.length} fragments for MTU ${mtu} ` +
        `on ${decision.interface}`,
      packet: packet.meta.packet,
    });
    fragments.forEach((bytes, index) => {
      const meta = index === 0
        ? packet.meta
        : { ...packet.meta, packet: this.context.nextPacketId() };
      this.output(decision, { bytes, meta });
    });
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
    if (!mine) this.forward(packet);
    else if (repr.moreFragments || repr.fragmentOffset !== 0) this.#reassemble(packet);
    else this.#deliver(packet);
  }

  // RFC 791 §3.2 / RFC 815: collect fragments; deliver the datagram when it is whole.
  #reassemble(packet: IpPacket): void {
    const { meta } = packet;
    const result = this.#reassembly.add(packet.bytes, this.context.sim.now);
    if (result.status === "incomplete") {
      if (result.started) {
        this.context.sim.schedule(this.#reassembly.timeout, () => this.#expireFragments());
      }
      return;
    }
    if (result.status !== "complete") {
      const what = result.status === "dropped" ? `${result.reason}: ` : "";
      this.event({
        layer: "ip",
        event: result.status === "duplicate" ? "fragment-duplicate" : "reassembly-dropped",
        detail: `${what}${result.key}`,
        packet: meta.packet,
      });
      return;
    }
    this.event({
      layer: "ip",
      event: "reassembled",
      detail: `${result.key}, ${result.packet.length} bytes`,
      packet: meta.packet,
    });
    const repr = parseIpv4(result.packet);
    this.#deliver({ repr, bytes: result.packet, iface: packet.iface, meta });
  }

  // RFC 1122 §3.3.2 / RFC 792: a timed-out datagram is dropped; ICMP time exceeded code 1
  // goes to its source only when the first fragment (the one we can quote) came.
  #expireFragments(): void {
    for (const expired of this.#reassembly.expire(this.context.sim.now)) {
      this.event({ layer: "ip", event: "reassembly-timeout", detail: expired.key, packet: 0 });
      if (expired.first !== null) {
        this.sendIcmpError(expired.first, {
          kind: "timeExceeded",
          code: TimeExceededCode.ReassemblyTimeExceeded,
        });
      }
    }
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
        // The reply copies the request's DF: a request that came in fragments (DF clear)
        // is answered in fragments, and every other reply keeps DF as before.
        dontFragment: packet.repr.dontFragment,
      });
      return;
    }
    const quoted = icmp.kind === "destinationUnreachable" || icmp.kind === "timeExceeded"
      ? quotedPacket(icmp.data)
      : null;
    // RFC 1191 §3: "fragmentation needed" lowers the path MTU to the quoted destination
    // (never below 68, RFC 791; a 0 from an old router carries no estimate and is ignored).
    if (
      icmp.kind === "destinationUnreachable" &&
      icmp.code === UnreachableCode.FragmentationNeeded && quoted !== null &&
      icmp.nextHopMtu >= 68
    ) {
      const known = this.#pathMtu.get(quoted.destination) ?? Infinity;
      if (icmp.nextHopMtu < known) {
        this.#pathMtu.set(quoted.destination, icmp.nextHopMtu);
        this.event({
          layer: "icmp",
          event: "path-mtu",
          detail: `${quoted.destination} mtu ${icmp.nextHopMtu}`,
          packet: packet.meta.packet,
        });
      }
    }
    for (const listener of [...this.#icmpListeners]) listener({ icmp, packet, quoted });
  }
}
