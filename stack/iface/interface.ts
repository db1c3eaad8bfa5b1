/**
 * A network interface (NIC): the point where a node meets a link. Below it is a
 * `Medium` (a cable or a shared segment, `stack/net/link.ts`); above it are the
 * protocol handlers of its node, chosen by EtherType.
 *
 * ```
 *                 node (host, router, switch)
 *        ARP handler ▲        ▲ IPv4 handler ──▶ IP protocol table ──▶ UDP port table
 *                    └─ dispatch by EtherType (0x0806, 0x0800)
 *                       accept if destination MAC = mine, broadcast, or promiscuous
 *   receive(frame) ──▶ taps("in") ──┘            send(frame) ──▶ taps("out") ──▶ medium
 * ```
 *
 * An interface has a MAC address and, for hosts and routers, one IPv4 address with a
 * prefix length (`"10.0.1.10/24"`). Switch ports have no IP address and run
 * promiscuous. Taps see every frame in both directions: captures and the journey trace
 * are taps, the model does not know they are there.
 *
 * A frame travels with a `FrameMeta`: the id of the IP packet it carries and where its
 * time went so far (transmission, propagation, queueing, resolution, processing), so the
 * receiver can break its latency down.
 *
 * @example Two interfaces on a bare medium that delivers at once
 * ```ts
 * import assert from "node:assert/strict";
 * import { EtherType } from "../wire/ethernet.ts";
 * import { Interface, newFrameMeta } from "./interface.ts";
 * const a = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
 * const b = new Interface({ name: "eth0", node: "b", mac: "02:00:00:00:00:02" });
 * a.attach({ name: "wire", transmit: (_from, { bytes, meta }) => b.receive(bytes, meta) });
 * const seen: string[] = [];
 * b.onEtherType(0x88b5, (frame) => seen.push(frame.source));
 * a.sendFrame({ destination: b.mac, etherType: 0x88b5, payload: new Uint8Array(4) }, newFrameMeta(1, 0));
 * assert.deepEqual(seen, ["02:00:00:00:00:01"]);
 * assert.equal(EtherType.Ipv4, 0x0800);
 * ```
 *
 * @module
 */

import {
  emitEthernet,
  type EthernetRepr,
  MAC_BROADCAST,
  type MacAddress,
  parseEthernet,
  parseMacAddress,
} from "../wire/ethernet.ts";
import { type Ipv4Address, parseIpv4Cidr } from "../wire/ipv4_address.ts";
import type { Time } from "../../src/sim/mod.ts";

/**
 * Where an IP packet's time went, carried along with each frame that holds it. Links add
 * transmission, propagation and queueing; neighbour caches add resolution (waiting for
 * ARP); nodes add processing. All in nanoseconds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const meta: FrameMeta = newFrameMeta(7, 1_000);
 * meta.propagation += 500;
 * assert.equal(meta.packet, 7);
 * ```
 */
export interface FrameMeta {
  /** Id of the IP packet inside (0 for frames that carry none, e.g. ARP). */
  packet: number;
  /** When the packet was handed to the IP layer. */
  created: Time;
  /** Links crossed so far. */
  hops: number;
  /** Time spent putting bits on links: Σ frame bits / bandwidth. */
  transmission: Time;
  /** Time spent in flight on links: Σ link delay. */
  propagation: Time;
  /** Time spent waiting in link queues behind other frames. */
  queueing: Time;
  /** Time spent waiting for ARP to resolve a next hop. */
  resolution: Time;
  /** Time spent inside nodes (stack, forwarding, switching). */
  processing: Time;
}

/**
 * A fresh `FrameMeta` with nothing accounted yet.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(newFrameMeta(1, 5).transmission, 0);
 * ```
 */
export function newFrameMeta(packet: number, created: Time): FrameMeta {
  return {
    packet,
    created,
    hops: 0,
    transmission: 0,
    propagation: 0,
    queueing: 0,
    resolution: 0,
    processing: 0,
  };
}

/**
 * A finished frame on its way out: its bytes (owned: the medium keeps them) and meta.
 *
 * @example
 * ```ts
 * const frame: OutgoingFrame = { bytes: new Uint8Array(60), meta: newFrameMeta(0, 0) };
 * ```
 */
export interface OutgoingFrame {
  /** The Ethernet frame, without FCS. */
  readonly bytes: Uint8Array;
  /** Its latency accounting. */
  readonly meta: FrameMeta;
}

/**
 * What an interface transmits into: a link. `stack/net/link.ts` implements it; a test
 * can pass any object with these members.
 *
 * @example
 * ```ts
 * const medium: Medium = { name: "loop", transmit: () => {} };
 * ```
 */
export interface Medium {
  /** A label for traces. */
  readonly name: string;
  /** Carry a frame from `from` to the other interfaces on the medium. */
  transmit(from: Interface, frame: OutgoingFrame): void;
}

/**
 * Which way a frame crossed an interface.
 *
 * @example
 * ```ts
 * const direction: FrameDirection = "in";
 * ```
 */
export type FrameDirection = "in" | "out";

/**
 * A listener on every frame crossing an interface (captures, the journey trace).
 *
 * @example
 * ```ts
 * const tap: FrameTap = (frame, direction) => console.log(direction, frame.length);
 * ```
 */
export type FrameTap = (
  frame: Uint8Array,
  direction: FrameDirection,
  meta: FrameMeta,
  iface: Interface,
) => void;

/**
 * A protocol handler for one EtherType. `frame.payload` is a view into `bytes`.
 *
 * @example
 * ```ts
 * const handler: EtherTypeHandler = (frame, _bytes, _meta, iface) => console.log(iface.name, frame.etherType);
 * ```
 */
export type EtherTypeHandler = (
  frame: EthernetRepr,
  bytes: Uint8Array,
  meta: FrameMeta,
  iface: Interface,
) => void;

/**
 * Options of {@linkcode Interface}.
 *
 * @example
 * ```ts
 * const options: InterfaceOptions = { name: "eth0", node: "a", mac: "02:00:00:00:00:01", address: "10.0.0.1/24" };
 * ```
 */
export interface InterfaceOptions {
  /** Interface name, e.g. `"eth0"`. */
  name: string;
  /** Name of the node it belongs to, for traces. */
  node: string;
  /** Its MAC address. */
  mac: MacAddress;
  /**
   * IPv4 address with prefix length, `"10.0.1.10/24"`.
   *
   * @default {undefined} (no IP address: a switch port)
   */
  address?: string;
  /**
   * Accept frames for any destination MAC (switch ports do).
   *
   * @default {false}
   */
  promiscuous?: boolean;
}

/**
 * Frame counters of an interface, as `ip -s link` shows them.
 *
 * @example
 * ```ts
 * const counters: InterfaceCounters = { rxFrames: 0, rxBytes: 0, txFrames: 0, txBytes: 0, rxDropped: 0, txDropped: 0 };
 * ```
 */
export interface InterfaceCounters {
  /** Frames received (before filtering). */
  rxFrames: number;
  /** Bytes received. */
  rxBytes: number;
  /** Frames handed to the medium. */
  txFrames: number;
  /** Bytes handed to the medium. */
  txBytes: number;
  /** Frames dropped on receive: not for us, unparseable or no handler. */
  rxDropped: number;
  /** Frames dropped on send: no medium attached. */
  txDropped: number;
}

/**
 * A NIC: MAC, optional IPv4 address, EtherType dispatch, taps, and a medium.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const nic = new Interface({ name: "eth1", node: "r1", mac: "02:00:00:00:01:01", address: "10.0.12.1/30" });
 * assert.equal(nic.address, "10.0.12.1");
 * assert.equal(nic.network, "10.0.12.0/30");
 * assert.throws(
 *   () => new Interface({ name: "eth0", node: "x", mac: "02:00:00:00:00:01", address: "10.0.0.1" }),
 *   /address/,
 * );
 * ```
 */
export class Interface {
  /** Interface name. */
  readonly name: string;
  /** Owning node's name. */
  readonly node: string;
  /** MAC address. */
  readonly mac: MacAddress;
  /** IPv4 address, or null for a switch port. */
  readonly address: Ipv4Address | null;
  /** Prefix length of the address (0 without one). */
  readonly prefixLength: number;
  /** The connected network as prefix text, e.g. `"10.0.1.0/24"`, or null. */
  readonly network: string | null;
  /** Whether frames for other MACs are accepted. */
  readonly promiscuous: boolean;
  /** Frame counters. */
  readonly counters: InterfaceCounters = {
    rxFrames: 0,
    rxBytes: 0,
    txFrames: 0,
    txBytes: 0,
    rxDropped: 0,
    txDropped: 0,
  };
  #medium: Medium | null = null;
  #handlers = new Map<number, EtherTypeHandler>();
  #anyHandler: EtherTypeHandler | null = null;
  #taps: FrameTap[] = [];

  /** A NIC; `TypeError`/`SyntaxError` naming the option for a bad name, MAC or address. */
  constructor(options: InterfaceOptions) {
    const { name, node, mac, address, promiscuous = false } = options;
    if (typeof name !== "string" || name === "" || typeof node !== "string" || node === "") {
      throw new TypeError(
        `Cannot create interface: options name and node must be non-empty strings ` +
          `(got name ${JSON.stringify(name)}, node ${JSON.stringify(node)}); pass e.g. ` +
          `{ name: "eth0", node: "a", mac: "02:00:00:00:00:01" }.`,
      );
    }
    parseMacAddress(mac); // SyntaxError naming the bad byte
    this.name = name;
    this.node = node;
    this.mac = mac.toLowerCase().replaceAll("-", ":");
    this.promiscuous = promiscuous;
    if (address === undefined) {
      this.address = null;
      this.prefixLength = 0;
      this.network = null;
    } else {
      let cidr;
      try {
        cidr = parseIpv4Cidr(address);
      } catch {
        throw new SyntaxError(
          `Cannot create interface ${node}/${name}: option address must be an IPv4 address ` +
            `with a prefix length (got ${JSON.stringify(address)}); write it like "10.0.1.10/24".`,
        );
      }
      this.address = cidr.address;
      this.prefixLength = cidr.prefixLength;
      const mask = cidr.prefixLength === 0 ? 0 : (0xffffffff << (32 - cidr.prefixLength)) >>> 0;
      const value = cidr.address.split(".").reduce((sum, part) => sum * 256 + Number(part), 0);
      const network = (value & mask) >>> 0;
      this.network = `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.${
        network & 255
      }/${cidr.prefixLength}`;
    }
  }

  /**
   * The medium this interface is plugged into, or null.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
   * assert.equal(nic.medium, null);
   * ```
   */
  get medium(): Medium | null {
    return this.#medium;
  }

  /**
   * Plug into a medium; `RangeError` if already plugged in.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
   * nic.attach({ name: "cable", transmit: () => {} });
   * assert.throws(() => nic.attach({ name: "other", transmit: () => {} }), /already/);
   * ```
   */
  attach(medium: Medium): void {
    if (this.#medium !== null) {
      throw new RangeError(
        `Cannot attach ${this.node}/${this.name} to ${medium.name}: it is already attached to ` +
          `${this.#medium.name}. Give the node another interface instead.`,
      );
    }
    this.#medium = medium;
  }

  /**
   * Register the handler for one EtherType (replacing any previous one).
   *
   * @example
   * ```ts
   * const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
   * nic.onEtherType(0x0806, () => {});
   * ```
   */
  onEtherType(etherType: number, handler: EtherTypeHandler): void {
    this.#handlers.set(etherType, handler);
  }

  /**
   * Register a handler for every accepted frame whatever its EtherType (a switch port).
   *
   * @example
   * ```ts
   * const port = new Interface({ name: "port1", node: "sw", mac: "02:00:00:00:0f:01", promiscuous: true });
   * port.onAnyFrame(() => {});
   * ```
   */
  onAnyFrame(handler: EtherTypeHandler): void {
    this.#anyHandler = handler;
  }

  /**
   * Listen to every frame in both directions; returns a function that removes the tap.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
   * const seen: string[] = [];
   * const untap = nic.tap((_frame, direction) => seen.push(direction));
   * nic.send(new Uint8Array(60), newFrameMeta(0, 0));
   * untap();
   * nic.send(new Uint8Array(60), newFrameMeta(0, 0));
   * assert.deepEqual(seen, ["out"]);
   * ```
   */
  tap(listener: FrameTap): () => void {
    this.#taps.push(listener);
    return () => {
      this.#taps = this.#taps.filter((tap) => tap !== listener);
    };
  }

  /**
   * A frame arrives from the medium: tap it, filter by destination MAC, and hand it to
   * the handler of its EtherType. Malformed frames and frames for other MACs are counted
   * in `rxDropped`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { emitEthernet } from "../wire/ethernet.ts";
   * const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
   * const frame = emitEthernet({ destination: "02:00:00:00:00:99", source: "02:00:00:00:00:02", etherType: 0x0800, payload: new Uint8Array(46) });
   * nic.receive(frame, newFrameMeta(0, 0));
   * assert.equal(nic.counters.rxDropped, 1); // not our MAC
   * ```
   */
  receive(bytes: Uint8Array, meta: FrameMeta): void {
    this.counters.rxFrames++;
    this.counters.rxBytes += bytes.length;
    for (const tap of this.#taps) tap(bytes, "in", meta, this);
    let frame: EthernetRepr;
    try {
      frame = parseEthernet(bytes);
    } catch {
      this.counters.rxDropped++;
      return;
    }
    if (
      !this.promiscuous && frame.destination !== this.mac && frame.destination !== MAC_BROADCAST
    ) {
      this.counters.rxDropped++;
      return;
    }
    const handler = this.#handlers.get(frame.etherType) ?? this.#anyHandler;
    if (handler === null) {
      this.counters.rxDropped++;
      return;
    }
    handler(frame, bytes, meta, this);
  }

  /**
   * Hand finished frame bytes to the medium (tapped as "out"). The bytes must be this
   * frame's own (not a view into a shared emit pool): the medium keeps them.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
   * nic.send(new Uint8Array(60), newFrameMeta(0, 0)); // no medium: dropped
   * assert.equal(nic.counters.txDropped, 1);
   * ```
   */
  send(bytes: Uint8Array, meta: FrameMeta): void {
    for (const tap of this.#taps) tap(bytes, "out", meta, this);
    if (this.#medium === null) {
      this.counters.txDropped++;
      return;
    }
    this.counters.txFrames++;
    this.counters.txBytes += bytes.length;
    this.#medium.transmit(this, { bytes, meta });
  }

  /**
   * Build an Ethernet frame from this interface's MAC and send it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
   * let length = 0;
   * nic.attach({ name: "cable", transmit: (_from, { bytes }) => length = bytes.length });
   * nic.sendFrame({ destination: "ff:ff:ff:ff:ff:ff", etherType: 0x0806, payload: new Uint8Array(28) }, newFrameMeta(0, 0));
   * assert.equal(length, 60); // padded to the Ethernet minimum
   * ```
   */
  sendFrame(frame: Omit<EthernetRepr, "source">, meta: FrameMeta): void {
    // slice(): emitEthernet returns a view into a shared pool; the medium keeps the frame.
    const bytes = emitEthernet({ ...frame, source: this.mac }).slice();
    this.send(bytes, meta);
  }
}
