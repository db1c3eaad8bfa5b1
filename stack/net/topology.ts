/**
 * Building a network: a small builder that owns the clock, the seed and the traces, makes
 * hosts, routers and switches, and wires them with links.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms } from "../../src/sim/mod.ts";
 * import { network } from "./topology.ts";
 * const net = network({ seed: 1 });
 * const a = net.addHost("a"), r = net.addRouter("r"), sw = net.addSwitch("sw");
 * net.connect(a, sw, { addresses: ["10.0.1.10/24"] });             // host ── switch
 * net.connect(sw, r, { addresses: [null, "10.0.1.1/24"] });         // switch ── router
 * net.connect(a, r, { addresses: ["10.0.9.1/30", "10.0.9.2/30"], bandwidth: 10e6, delay: ms(5), loss: 0.01 });
 * a.setDefaultRoute("10.0.1.1");
 * assert.equal(net.run().reason, "empty");
 * ```
 *
 * `connect()` adds one interface at each end (named `eth0`, `eth1`, … or `port0`, … on a
 * switch) with the given address (`null` or left out for a switch port), plugs both into a
 * new `Link`, and taps them for the journey trace. Options are checked with zod: a wrong
 * one is named with its value and the fix.
 *
 * Ready-made networks are in `topologies.ts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { network } from "./topology.ts";
 * const net = network({ seed: 1 });
 * const a = net.addHost("a");
 * const b = net.addHost("b");
 * assert.throws(() => net.connect(a, b, { addresses: ["10.0.0.1/24", "10.0.0.2/24"], loss: 2 }), /option loss must be ≤ 1/);
 * assert.throws(() => net.addHost("a"), /already/);
 * ```
 *
 * @module
 */

import { Random, type RunOptions, type RunResult, Simulation, Trace } from "../../src/sim/mod.ts";
import type { Interface } from "../iface/mod.ts";
import type { MacAddress } from "../wire/ethernet.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { Capture, capture, type CaptureOptions } from "./capture.ts";
import { Host, type HostOptions } from "./host.ts";
import { type EventRow, type HopRow, hopRow, type LatencyRow, type NetContext } from "./journey.ts";
import { Link, type LinkOptions, linkOptionsSchema } from "./link.ts";
import { Router, type RouterOptions } from "./router.ts";
import { Switch, type SwitchOptions } from "./switch.ts";
import { enableUdp } from "../socket/udp.ts";

/**
 * Any node a network holds.
 *
 * @example
 * ```ts
 * import { network } from "./topology.ts";
 * const node: NetNode = network({ seed: 1 }).addSwitch("sw");
 * ```
 */
export type NetNode = Host | Router | Switch;

/**
 * Options of {@linkcode network}.
 *
 * @example
 * ```ts
 * const options: NetworkOptions = { seed: "chapter-1", journey: false };
 * ```
 */
export interface NetworkOptions {
  /** The seed of every random draw (link faults, ephemeral ports); required. */
  seed: number | string;
  /**
   * Record a journey row for every frame at every interface.
   *
   * @default {true}
   */
  journey?: boolean;
  /**
   * Most rows each trace holds.
   *
   * @default {1_000_000}
   */
  traceCapacity?: number;
}

const networkSchema = z.strictObject({
  seed: z.union([z.number().int(), z.string().min(1)]),
  journey: z.boolean().optional(),
  traceCapacity: z.number().int().min(1).optional(),
});

/**
 * Options of {@linkcode Network.connect}: a link's options plus the two ends' addresses.
 *
 * @example
 * ```ts
 * import { ms } from "../../src/sim/mod.ts";
 * const options: ConnectOptions = { addresses: ["10.0.0.1/24", "10.0.0.2/24"], delay: ms(10) };
 * ```
 */
export interface ConnectOptions extends LinkOptions {
  /**
   * IPv4 address with prefix length for the interface at each end, in argument order;
   * null (or missing) for a switch port.
   *
   * @default {[]}
   */
  addresses?: readonly (string | null)[];
}

const connectSchema = linkOptionsSchema.extend({
  addresses: z.array(z.string().nullable()).max(2).optional(),
});

/**
 * A simulated internetwork; see the module comment. Make one with {@linkcode network}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const net = network({ seed: 7 });
 * assert.equal(net.nextMac(), "02:00:00:00:00:01");
 * assert.equal(net.random.seed, 7);
 * ```
 */
export class Network implements NetContext {
  /** The clock and event loop. */
  readonly sim: Simulation = new Simulation();
  /** The root random stream. */
  readonly random: Random;
  /** Hop rows, or null when `journey: false`. */
  readonly journey: Trace<HopRow> | null;
  /** Latency rows of delivered packets. */
  readonly latency: Trace<LatencyRow>;
  /** Decisions and drops. */
  readonly events: Trace<EventRow>;
  #nodes = new Map<string, NetNode>();
  #links: Link[] = [];
  #macs = 0;
  #packets = 0;

  /** Made by {@linkcode network}. */
  constructor(options: NetworkOptions) {
    const parsed = parseOptions(networkSchema, options, "create a network");
    const capacity = parsed.traceCapacity ?? 1_000_000;
    this.random = new Random(parsed.seed);
    this.journey = parsed.journey === false ? null : new Trace<HopRow>({ capacity });
    this.latency = new Trace<LatencyRow>({ capacity });
    this.events = new Trace<EventRow>({ capacity });
  }

  /**
   * Every node, in creation order.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const net = network({ seed: 1 });
   * net.addHost("a");
   * assert.deepEqual(net.nodes.map((node) => node.name), ["a"]);
   * ```
   */
  get nodes(): NetNode[] {
    return [...this.#nodes.values()];
  }

  /**
   * Every link, in creation order.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * assert.deepEqual(network({ seed: 1 }).links, []);
   * ```
   */
  get links(): readonly Link[] {
    return this.#links;
  }

  /**
   * A fresh packet id (1, 2, …).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const net = network({ seed: 1 });
   * assert.deepEqual([net.nextPacketId(), net.nextPacketId()], [1, 2]);
   * ```
   */
  nextPacketId(): number {
    return ++this.#packets;
  }

  /**
   * A fresh locally administered unicast MAC (first byte 0x02).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * assert.equal(network({ seed: 1 }).nextMac(), "02:00:00:00:00:01");
   * ```
   */
  nextMac(): MacAddress {
    const n = ++this.#macs;
    const hex = (value: number) => value.toString(16).padStart(2, "0");
    return `02:00:00:${hex((n >>> 16) & 255)}:${hex((n >>> 8) & 255)}:${hex(n & 255)}`;
  }

  /**
   * Add a host.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * assert.equal(network({ seed: 1 }).addHost("a").kind, "host");
   * ```
   */
  addHost(name: string, options: HostOptions = {}): Host {
    return this.#add(name, () => new Host(this, name, options));
  }

  /**
   * Add a router.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * assert.equal(network({ seed: 1 }).addRouter("r1").kind, "router");
   * ```
   */
  addRouter(name: string, options: RouterOptions = {}): Router {
    return this.#add(name, () => new Router(this, name, options));
  }

  /**
   * Add a learning switch.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * assert.equal(network({ seed: 1 }).addSwitch("sw").kind, "switch");
   * ```
   */
  addSwitch(name: string, options: SwitchOptions = {}): Switch {
    return this.#add(name, () => new Switch(this, name, options));
  }

  /**
   * The node called `name`; `RangeError` listing the names otherwise.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const net = network({ seed: 1 });
   * net.addHost("a");
   * assert.equal(net.node("a").name, "a");
   * assert.throws(() => net.node("z"), /a/);
   * ```
   */
  node(name: string): NetNode {
    const node = this.#nodes.get(name);
    if (node === undefined) {
      throw new RangeError(
        `The network has no node ${JSON.stringify(name)}; it has ` +
          `${[...this.#nodes.keys()].join(", ") || "none yet"}. Add it with addHost(), ` +
          `addRouter() or addSwitch().`,
      );
    }
    return node;
  }

  /**
   * Join two nodes with a new point-to-point link; returns the link.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const net = network({ seed: 1 });
   * const a = net.addHost("a");
   * const sw = net.addSwitch("sw");
   * const link = net.connect(a, sw, { addresses: ["10.0.0.1/24"], bandwidth: 1e9 });
   * assert.equal(link.name, "a-sw");
   * assert.throws(() => net.connect(sw, net.addHost("b")), /addresses\[1\]/);
   * ```
   */
  connect(a: NetNode, b: NetNode, options: ConnectOptions = {}): Link {
    return this.segment([a, b], options);
  }

  /**
   * Join several nodes on one shared segment (every frame reaches every other end, like
   * a hub). `addresses` then has one entry per node.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const net = network({ seed: 1 });
   * const [a, b, c] = ["a", "b", "c"].map((name) => net.addHost(name));
   * const hub = net.segment([a, b, c], { addresses: ["10.0.0.1/24", "10.0.0.2/24", "10.0.0.3/24"] });
   * assert.equal(hub.ends.length, 3);
   * ```
   */
  segment(nodes: readonly NetNode[], options: ConnectOptions = {}): Link {
    const action = `connect ${nodes.map((node) => node?.name).join(" to ")}`;
    const schema = nodes.length === 2
      ? connectSchema
      : connectSchema.extend({ addresses: z.array(z.string().nullable()).optional() });
    const parsed = parseOptions(schema, options, action);
    for (const node of nodes) {
      if (this.#nodes.get(node?.name) !== node) {
        throw new TypeError(
          `Cannot ${action}: ${node?.name ?? String(node)} is not a node of this network. ` +
            `Create it with net.addHost(), net.addRouter() or net.addSwitch().`,
        );
      }
    }
    const { addresses = [], ...linkOptions } = parsed;
    nodes.forEach((node, i) => {
      if (node.kind !== "switch" && !addresses[i]) {
        throw new TypeError(
          `Cannot ${action}: option addresses[${i}] is needed for ${node.kind} ${node.name} ` +
            `(got ${JSON.stringify(addresses[i] ?? null)}); pass e.g. addresses: ` +
            `["10.0.1.10/24", "10.0.1.1/24"] (null for a switch port).`,
        );
      }
    });
    let name = linkOptions.name ?? nodes.map((node) => node.name).join("-");
    if (linkOptions.name === undefined && this.#links.some((link) => link.name === name)) {
      name = `${name}#${this.#links.filter((link) => link.name.startsWith(name)).length + 1}`;
    }
    const link = new Link(this, { ...linkOptions, name });
    nodes.forEach((node, i) => {
      const address = addresses[i] ?? undefined;
      const nic = node.addInterface(address === undefined ? {} : { address });
      link.attach(nic);
      this.#tapJourney(nic, link);
    });
    this.#links.push(link);
    return link;
  }

  /**
   * Capture on nodes or interfaces (see `capture()`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const net = network({ seed: 1 });
   * const a = net.addHost("a");
   * assert.equal(net.capture(a).rows.length, 0);
   * ```
   */
  capture(
    targets: NetNode | Interface | readonly (NetNode | Interface)[],
    options: CaptureOptions = {},
  ): Capture {
    const list = Array.isArray(targets) ? targets : [targets];
    const interfaces = list.flatMap((target: NetNode | Interface) =>
      "interfaces" in target ? [...target.interfaces] : [target]
    );
    return capture(this.sim, interfaces, options);
  }

  /**
   * Run the simulation (see `Simulation.run`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * assert.equal(network({ seed: 1 }).run().reason, "empty");
   * ```
   */
  run(options: RunOptions = {}): RunResult {
    return this.sim.run(options);
  }

  #add<T extends NetNode>(name: string, make: () => T): T {
    if (this.#nodes.has(name)) {
      throw new RangeError(
        `Cannot add node ${JSON.stringify(name)}: the network already has a node by that ` +
          `name. Pick another name.`,
      );
    }
    const node = make();
    if (node.kind !== "switch") enableUdp(node); // every host runs UDP (closed ports → ICMP)
    this.#nodes.set(name, node);
    return node;
  }

  #tapJourney(nic: Interface, link: Link): void {
    const journey = this.journey;
    if (journey === null) return;
    nic.tap((frame, direction, meta, iface) => {
      if (direction !== "in") return;
      journey.push(
        hopRow(frame, {
          t: this.sim.now,
          node: iface.node,
          iface: iface.name,
          link: link.name,
          meta,
        }),
      );
    });
  }
}

/**
 * A new, empty network.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.throws(() => network({} as { seed: number }), /option seed/);
 * ```
 */
export function network(options: NetworkOptions): Network {
  return new Network(options);
}
