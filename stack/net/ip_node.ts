/**
 * An IP node: what hosts and routers share below the IP layer proper. It owns the
 * node's interfaces, one ARP neighbour cache per interface, and the route table, and it
 * hands every received ARP packet to the right cache and every IPv4 packet up to the IP
 * layer (`Host.receiveIp`), each after the node's processing delay.
 *
 * ```
 *                        receiveIp(bytes)          ▲ output(bytes, route decision)
 *   IpNode ┌────────────────────┴───────────────────┼────────────────────────┐
 *          │ eth0: Interface ── NeighborCache (ARP)  │  RouteTable (LPM)      │
 *          │ eth1: Interface ── NeighborCache (ARP)  │  connected + static    │
 *          └─────────────────────────────────────────┴────────────────────────┘
 * ```
 *
 * Adding an interface with an address adds its *connected* route (as the kernel does:
 * `proto kernel`); a static route's gateway must lie on a connected network.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { network } from "./topology.ts";
 * const router = network({ seed: 1 }).addRouter("r");
 * router.addInterface({ address: "10.0.1.1/24" });
 * router.addInterface({ address: "10.0.12.1/30" });
 * router.addRoute("10.0.2.0/24", { via: "10.0.12.2" });
 * assert.equal(router.routes.lookup("10.0.2.5")?.interface, "eth1");
 * assert.equal(router.sourceAddressFor("10.0.1.77"), "10.0.1.1");
 * ```
 *
 * @module
 */

import type { Random, Simulation, Time } from "../../src/sim/mod.ts";
import { parseArp } from "../wire/arp.ts";
import { ETHERNET_MTU, EtherType, type MacAddress } from "../wire/ethernet.ts";
import { type Ipv4Address, ipv4CidrContains, parseIpv4Address } from "../wire/ipv4_address.ts";
import {
  type FrameMeta,
  Interface,
  NeighborCache,
  type NeighborCacheOptions,
  type RouteDecision,
  RouteTable,
} from "../iface/mod.ts";
import type { EventRow, NetContext } from "./journey.ts";

/**
 * How an IPv4 packet reached the IP layer: its meta, and the interface it came in on
 * (null for loopback).
 *
 * @example
 * ```ts
 * import { newFrameMeta } from "../iface/mod.ts";
 * const arrival: IpArrival = { meta: newFrameMeta(1, 0), nic: null };
 * ```
 */
export interface IpArrival {
  /** The packet's latency accounting. */
  readonly meta: FrameMeta;
  /** Receiving interface, or null for loopback. */
  readonly nic: Interface | null;
}

/**
 * ARP timing shared by a node's interfaces (see `NeighborCacheOptions`).
 *
 * @example
 * ```ts
 * import { ms } from "../../src/sim/mod.ts";
 * const arp: ArpOptions = { retransTime: ms(200), mcastSolicit: 5 };
 * ```
 */
export type ArpOptions = Pick<
  NeighborCacheOptions,
  | "retransTime"
  | "mcastSolicit"
  | "ucastSolicit"
  | "reachableTime"
  | "delayFirstProbeTime"
  | "queueLength"
>;

/**
 * Options of {@linkcode IpNode}, already validated by the subclass.
 *
 * @example
 * ```ts
 * const options: IpNodeOptions = { processingDelay: 2_000 };
 * ```
 */
export interface IpNodeOptions {
  /** Time spent on each received frame, integer ns. */
  processingDelay: Time;
  /**
   * ARP timing for every interface.
   *
   * @default {undefined} (Linux defaults)
   */
  arp?: ArpOptions;
}

/**
 * Options of {@linkcode IpNode.addInterface}.
 *
 * @example
 * ```ts
 * const options: AddInterfaceOptions = { address: "10.0.1.10/24", name: "eth0" };
 * ```
 */
export interface AddInterfaceOptions {
  /**
   * IPv4 address with prefix length.
   *
   * @default {undefined} (no address)
   */
  address?: string;
  /**
   * MAC address.
   *
   * @default the network's next locally administered MAC
   */
  mac?: MacAddress;
  /**
   * Interface name.
   *
   * @default {"eth0"}, `"eth1"`, … in order
   */
  name?: string;
}

interface Port {
  nic: Interface;
  neighbors: NeighborCache;
}

/**
 * Interfaces, ARP caches and routes of a host or router; see the module comment.
 * Subclasses supply the IP layer (`receiveIp`) and what to do with packets ARP could not
 * deliver (`unresolved`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { network } from "./topology.ts";
 * const host = network({ seed: 1 }).addHost("a");
 * assert.ok(host instanceof IpNode);
 * ```
 */
export abstract class IpNode {
  /** Node name. */
  readonly name: string;
  /** What kind of node: routers forward. */
  abstract readonly kind: "host" | "router";
  /** The route table. */
  readonly routes: RouteTable = new RouteTable();
  /** Time spent on each received frame, ns. */
  readonly processingDelay: Time;
  /** The shared clock, randomness and traces. */
  protected readonly context: NetContext;
  #ports = new Map<string, Port>();
  #interfaces: Interface[] = [];
  #arp: ArpOptions | undefined;

  /** A node named `name` in `context`. */
  constructor(context: NetContext, name: string, options: IpNodeOptions) {
    if (typeof name !== "string" || name === "") {
      throw new TypeError(
        `Cannot create a node: its name must be a non-empty string (got ${
          JSON.stringify(name)
        }); ` +
          `pass e.g. "a".`,
      );
    }
    this.context = context;
    this.name = name;
    this.processingDelay = options.processingDelay;
    this.#arp = options.arp;
  }

  /**
   * The simulation this node lives in (its network's clock).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const net = network({ seed: 1 });
   * assert.equal(net.addHost("a").sim, net.sim);
   * ```
   */
  get sim(): Simulation {
    return this.context.sim;
  }

  /**
   * A random stream for one component of this host (e.g. ephemeral ports), forked from
   * the network's seed by host name and `label`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const a1 = network({ seed: 1 }).addHost("a").fork("ports").next();
   * const a2 = network({ seed: 1 }).addHost("a").fork("ports").next();
   * assert.equal(a1, a2);
   * ```
   */
  fork(label: string): Random {
    return this.context.random.fork(`${this.name}:${label}`);
  }

  /**
   * The source address this host would use towards `destination`: the address of the
   * interface its route leaves by (the destination itself if it is local), or null when
   * there is no route. Transports need it for their pseudo-header checksums.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { twoLansTwoRouters } from "./topologies.ts";
   * const { r1 } = twoLansTwoRouters({ seed: 1 });
   * assert.equal(r1.sourceAddressFor("10.0.2.20"), "10.0.12.1");
   * assert.equal(r1.sourceAddressFor("192.0.2.1"), null);
   * ```
   */
  sourceAddressFor(destination: Ipv4Address): Ipv4Address | null {
    if (this.owns(destination)) return destination;
    const decision = this.routes.lookup(destination);
    return decision === undefined ? null : this.#port(decision.interface).nic.address;
  }

  /**
   * The interfaces, in the order they were added.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * host.addInterface({ address: "10.0.0.1/24" });
   * assert.deepEqual(host.interfaces.map((nic) => nic.name), ["eth0"]);
   * ```
   */
  get interfaces(): readonly Interface[] {
    return this.#interfaces;
  }

  /**
   * Add an interface; an address also adds its connected route.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * const nic = host.addInterface({ address: "10.0.0.1/24", mac: "02:00:00:00:aa:01" });
   * assert.equal(nic.mac, "02:00:00:00:aa:01");
   * assert.equal(host.routes.lookup("10.0.0.9")?.interface, "eth0");
   * ```
   */
  addInterface(options: AddInterfaceOptions = {}): Interface {
    const name = options.name ?? `eth${this.#interfaces.length}`;
    if (this.#ports.has(name)) {
      throw new RangeError(
        `Cannot add interface ${name} to ${this.name}: it already has one by that name. ` +
          `Leave the name out to get the next free ethN.`,
      );
    }
    const nic = new Interface({
      name,
      node: this.name,
      mac: options.mac ?? this.context.nextMac(),
      address: options.address,
    });
    const neighbors = new NeighborCache(this.context.sim, nic, {
      ...this.#arp,
      onFailure: (_ip, packets) => {
        for (const queued of packets) {
          this.unresolved(queued.payload);
        }
      },
      onEvent: (event) =>
        this.context.events.push({
          t: event.t,
          node: event.node,
          layer: "arp",
          event: event.event,
          detail: `${event.iface} ${event.ip}${event.mac ? ` is-at ${event.mac}` : ""}`,
          packet: 0,
        }),
    });
    this.#ports.set(name, { nic, neighbors });
    this.#interfaces.push(nic);
    if (nic.network !== null) {
      this.routes.add(nic.network, { interface: name, kind: "connected" });
    }
    nic.onEtherType(EtherType.Arp, (frame, _bytes, meta) =>
      this.ingress(meta, () => {
        try {
          neighbors.receiveArp(parseArp(frame.payload));
        } catch {
          this.event({
            layer: "arp",
            event: "bad-arp",
            detail: `${name}: unparseable ARP`,
            packet: 0,
          });
        }
      }));
    nic.onEtherType(
      EtherType.Ipv4,
      (frame, _bytes, meta) =>
        this.ingress(meta, () => this.receiveIp(frame.payload, { meta, nic })),
    );
    return nic;
  }

  /**
   * The interface called `name`; `RangeError` listing the names if there is none.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * host.addInterface({ address: "10.0.0.1/24" });
   * assert.equal(host.interface("eth0").address, "10.0.0.1");
   * assert.throws(() => host.interface("eth7"), /eth0/);
   * ```
   */
  interface(name: string): Interface {
    return this.#port(name).nic;
  }

  /**
   * The MTU of interface `name`: its link's `mtu` option, or 1500 (Ethernet) when the
   * medium has none or the interface is not plugged in.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const net = network({ seed: 1 });
   * const a = net.addHost("a");
   * const b = net.addHost("b");
   * net.connect(a, b, { addresses: ["10.0.0.1/24", "10.0.0.2/24"], mtu: 576 });
   * assert.equal(a.mtu("eth0"), 576);
   * ```
   */
  mtu(name: string): number {
    const medium = this.#port(name).nic.medium as { mtu?: unknown } | null;
    return typeof medium?.mtu === "number" ? medium.mtu : ETHERNET_MTU;
  }

  /**
   * The neighbour cache (ARP table) of an interface.
   *
   * @default name: the first interface
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * host.addInterface({ address: "10.0.0.1/24" });
   * assert.deepEqual(host.neighbors().rows(), []);
   * ```
   */
  neighbors(name?: string): NeighborCache {
    return this.#port(name ?? this.#interfaces[0]?.name ?? "eth0").neighbors;
  }

  /**
   * Whether `address` is one of this node's own.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * host.addInterface({ address: "10.0.0.1/24" });
   * assert.equal(host.owns("10.0.0.1"), true);
   * ```
   */
  owns(address: Ipv4Address): boolean {
    return this.#interfaces.some((nic) => nic.address === address);
  }

  /**
   * Add a static route. The interface defaults to the one whose network holds `via`; a
   * gateway on no connected network is refused (Linux: "Nexthop has invalid gateway").
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const router = network({ seed: 1 }).addRouter("r1");
   * router.addInterface({ address: "10.0.12.1/30" });
   * router.addRoute("10.0.2.0/24", { via: "10.0.12.2" });
   * assert.equal(router.routes.lookup("10.0.2.20")?.nextHop, "10.0.12.2");
   * ```
   */
  addRoute(
    prefix: string,
    options: { via?: Ipv4Address; interface?: string; metric?: number },
  ): void {
    let name = options.interface;
    if (options.via !== undefined) {
      parseIpv4Address(options.via);
      const onLink = this.#interfaces.find((nic) =>
        nic.network !== null && ipv4CidrContains(nic.network, options.via as string) &&
        (name === undefined || nic.name === name)
      );
      if (onLink === undefined) {
        const networks = this.#interfaces.map((nic) => nic.network).filter(Boolean).join(", ");
        throw new RangeError(
          `Cannot add route ${prefix} on ${this.name}: gateway ${options.via} is not on any ` +
            `connected network${name ? ` of ${name}` : ""} (${networks || "no addresses yet"}). ` +
            `Pick a gateway on one of them, or add an interface in its network first.`,
        );
      }
      name = onLink.name;
    }
    if (name === undefined) {
      throw new TypeError(
        `Cannot add route ${prefix} on ${this.name}: give a gateway (via) or an interface.`,
      );
    }
    this.#port(name);
    this.routes.add(prefix, { via: options.via, interface: name, metric: options.metric });
  }

  /**
   * Set the default gateway: `addRoute("0.0.0.0/0", { via })`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * host.addInterface({ address: "10.0.1.10/24" });
   * host.setDefaultRoute("10.0.1.1");
   * assert.equal(host.routes.lookup("192.0.2.1")?.nextHop, "10.0.1.1");
   * ```
   */
  setDefaultRoute(via: Ipv4Address): void {
    this.addRoute("0.0.0.0/0", { via });
  }

  /**
   * Hand an IP packet to the neighbour cache of the chosen interface. Routers call it
   * after rewriting the TTL; `bytes` must be owned.
   *
   * @example A subclass injecting a hand-made packet
   * ```ts
   * import assert from "node:assert/strict";
   * import { emitIpv4 } from "../wire/ipv4.ts";
   * import { newFrameMeta } from "../iface/mod.ts";
   * import { network } from "./topology.ts";
   * import { Host } from "./host.ts";
   * class Injector extends Host {
   *   inject(bytes: Uint8Array): void {
   *     this.output(this.routes.lookup("10.0.0.2")!, { bytes, meta: newFrameMeta(0, this.sim.now) });
   *   }
   * }
   * const net = network({ seed: 1 });
   * const x = new Injector(net, "x");
   * x.addInterface({ address: "10.0.0.1/24" });
   * x.neighbors().set("10.0.0.2", "02:00:00:00:00:02");
   * x.inject(emitIpv4({ dscp: 0, ecn: 0, identification: 9, dontFragment: false, moreFragments: false,
   *   fragmentOffset: 0, ttl: 3, protocol: 253, source: "10.0.0.1", destination: "10.0.0.2",
   *   options: new Uint8Array(), payload: new Uint8Array(4) }).slice());
   * assert.equal(x.interfaces[0].counters.txDropped, 1); // sent, but no link attached
   * ```
   */
  protected output(decision: RouteDecision, packet: { bytes: Uint8Array; meta: FrameMeta }): void {
    this.#port(decision.interface).neighbors.output(decision.nextHop, {
      etherType: EtherType.Ipv4,
      payload: packet.bytes,
      meta: packet.meta,
    });
  }

  /**
   * Record an event row in the network's `events` trace, stamped with now and this node.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const net = network({ seed: 1 });
   * class Noisy extends IpNode {
   *   readonly kind = "host" as const;
   *   protected receiveIp(): void {}
   *   protected unresolved(): void {}
   *   hello(): void {
   *     this.event({ layer: "ip", event: "hello", detail: "from a subclass", packet: 0 });
   *   }
   * }
   * new Noisy(net, "n", { processingDelay: 0 }).hello();
   * assert.deepEqual(net.events.rows.map((row) => row.event), ["hello"]);
   * ```
   */
  protected event(row: Omit<EventRow, "t" | "node">): void {
    this.context.events.push({ t: this.context.sim.now, node: this.name, ...row });
  }

  #port(name: string): Port {
    const port = this.#ports.get(name);
    if (port === undefined) {
      throw new RangeError(
        `${this.name} has no interface ${JSON.stringify(name)}; it has ` +
          `${
            [...this.#ports.keys()].join(", ") || "none yet"
          }. Use one of those or addInterface().`,
      );
    }
    return port;
  }

  /**
   * Act on a received frame after `processingDelay` (added to its meta's processing time).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { newFrameMeta } from "../iface/mod.ts";
   * import { network } from "./topology.ts";
   * const net = network({ seed: 1 });
   * class Slow extends IpNode {
   *   readonly kind = "host" as const;
   *   protected receiveIp(): void {}
   *   protected unresolved(): void {}
   *   later(work: () => void): void {
   *     this.ingress(newFrameMeta(0, 0), work);
   *   }
   * }
   * const node = new Slow(net, "s", { processingDelay: 10 });
   * let at = -1;
   * node.later(() => at = net.sim.now);
   * net.run();
   * assert.equal(at, 10);
   * ```
   */
  protected ingress(meta: FrameMeta, work: () => void): void {
    const delay = this.processingDelay;
    meta.processing += delay;
    if (delay === 0) work();
    else this.context.sim.schedule(delay, work);
  }

  /**
   * The IP layer: an IPv4 packet arrived on `nic` (null for loopback), after the
   * processing delay. `bytes` may carry Ethernet padding past the total length.
   *
   * @example Implemented by Host; see `Host.receiveIp`.
   * ```ts
   * import assert from "node:assert/strict";
   * import { Host } from "./host.ts";
   * assert.equal(typeof Host.prototype["receiveIp" as keyof Host], "function");
   * ```
   */
  protected abstract receiveIp(bytes: Uint8Array, arrival: IpArrival): void;

  /** ARP gave up on the next hop of `packet` (an IP packet's bytes). */
  protected abstract unresolved(packet: Uint8Array): void;
}
