/**
 * A learning switch (IEEE 802.1D transparent bridge): a node at layer 2 that joins
 * several links into one LAN without looking at IP at all.
 *
 * ```
 *   frame in on port p:
 *     learn     table[source MAC] ← (p, now)            (unless the source is a group address)
 *     decide    destination broadcast/multicast?           → flood to every port but p
 *               table[destination] missing or older than agingTime? → flood
 *               table[destination].port = p?               → filter (drop: already there)
 *               else                                       → forward to that one port
 * ```
 *
 * Frames leave exactly as they came: a switch rewrites no MAC and no TTL. Entries age out
 * after `agingTime` (300 s, as Linux's bridge), checked lazily when read. Spanning tree
 * is not modelled: do not build loops of switches.
 *
 * @example Learn from the first frame, forward the answer to one port only
 * ```ts
 * import assert from "node:assert/strict";
 * import { network, ping } from "./mod.ts";
 * const net = network({ seed: 1 });
 * const sw = net.addSwitch("sw");
 * const [a, b, c] = ["a", "b", "c"].map((name) => net.addHost(name));
 * net.connect(a, sw, { addresses: ["10.0.0.1/24"] });
 * net.connect(b, sw, { addresses: ["10.0.0.2/24"] });
 * net.connect(c, sw, { addresses: ["10.0.0.3/24"] });
 * ping(a, "10.0.0.2", { count: 1 });
 * net.run();
 * assert.deepEqual(sw.macTable().map((row) => row.port).sort(), ["port0", "port1"]);
 * ```
 *
 * @module
 */

import type { Time } from "../../src/sim/mod.ts";
import { type FrameMeta, Interface } from "../iface/mod.ts";
import type { MacAddress } from "../wire/ethernet.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import type { NetContext } from "./journey.ts";
import { SWITCH_AGING_TIME, SWITCH_PROCESSING_DELAY } from "./params.ts";

// The I/G bit (IEEE 802 §8.2): the low bit of the first byte, i.e. of the second hex
// digit of canonical text. Set for broadcast and multicast ("group") addresses.
function isGroup(mac: MacAddress): boolean {
  return (parseInt(mac[1], 16) & 1) === 1;
}

/**
 * Options of {@linkcode Switch}.
 *
 * @example
 * ```ts
 * import { seconds } from "../../src/sim/mod.ts";
 * const options: SwitchOptions = { agingTime: seconds(10) };
 * ```
 */
export interface SwitchOptions {
  /**
   * How long a learned MAC is trusted, integer ns.
   *
   * @default {300_000_000_000} (`SWITCH_AGING_TIME`, 300 s)
   */
  agingTime?: Time;
  /**
   * Time spent deciding per frame, integer ns.
   *
   * @default {1_000} (`SWITCH_PROCESSING_DELAY`)
   */
  processingDelay?: Time;
}

const switchSchema = z.strictObject({
  agingTime: z.number().int().min(1).optional(),
  processingDelay: z.number().int().min(0).optional(),
});

/**
 * One row of the MAC address table (`bridge fdb show`).
 *
 * @example
 * ```ts
 * const row: MacTableRow = { mac: "02:00:00:00:00:01", port: "port0", age: 0 };
 * ```
 */
export interface MacTableRow {
  /** Learned source MAC. */
  readonly mac: MacAddress;
  /** Port it was last seen on. */
  readonly port: string;
  /** Time since it was last seen, ns. */
  readonly age: Time;
}

/**
 * Frame counters of a switch's decisions.
 *
 * @example
 * ```ts
 * const counters: SwitchCounters = { forwarded: 0, flooded: 0, filtered: 0 };
 * ```
 */
export interface SwitchCounters {
  /** Frames sent out of exactly one port. */
  forwarded: number;
  /** Frames sent out of every other port. */
  flooded: number;
  /** Frames dropped because the destination is on the arrival port. */
  filtered: number;
}

/**
 * A learning switch; see the module comment. Build it with `network().addSwitch()`.
 *
 * @example Entries age out
 * ```ts
 * import assert from "node:assert/strict";
 * import { seconds } from "../../src/sim/mod.ts";
 * import { network, ping } from "./mod.ts";
 * const net = network({ seed: 1 });
 * const sw = net.addSwitch("sw", { agingTime: seconds(5) });
 * const a = net.addHost("a");
 * const b = net.addHost("b");
 * net.connect(a, sw, { addresses: ["10.0.0.1/24"] });
 * net.connect(b, sw, { addresses: ["10.0.0.2/24"] });
 * ping(a, "10.0.0.2", { count: 1 });
 * net.run();
 * assert.equal(sw.macTable().length, 2);
 * net.run({ until: net.sim.now + seconds(6) });
 * assert.equal(sw.macTable().length, 0);
 * ```
 */
export class Switch {
  /** Node name. */
  readonly name: string;
  /** Always "switch". */
  readonly kind = "switch" as const;
  /** How long entries are trusted, ns. */
  readonly agingTime: Time;
  /** Time spent per frame, ns. */
  readonly processingDelay: Time;
  /** Decisions so far. */
  readonly counters: SwitchCounters = { forwarded: 0, flooded: 0, filtered: 0 };
  #context: NetContext;
  #ports: Interface[] = [];
  #table = new Map<MacAddress, { port: Interface; seen: Time }>();

  /** A switch named `name`; options validated, a bad one named. */
  constructor(context: NetContext, name: string, options: SwitchOptions = {}) {
    const parsed = parseOptions(switchSchema, options, `create switch ${name}`);
    this.#context = context;
    this.name = name;
    this.agingTime = parsed.agingTime ?? SWITCH_AGING_TIME;
    this.processingDelay = parsed.processingDelay ?? SWITCH_PROCESSING_DELAY;
  }

  /**
   * The ports, in the order they were added.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const sw = network({ seed: 1 }).addSwitch("sw");
   * sw.addInterface();
   * assert.deepEqual(sw.interfaces.map((port) => port.name), ["port0"]);
   * ```
   */
  get interfaces(): readonly Interface[] {
    return this.#ports;
  }

  /**
   * Add a port (promiscuous, no IP address). An `address` option is refused: a switch
   * port has none.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * const sw = network({ seed: 1 }).addSwitch("sw");
   * assert.equal(sw.addInterface().promiscuous, true);
   * assert.throws(() => sw.addInterface({ address: "10.0.0.1/24" }), /no IP address/);
   * ```
   */
  addInterface(options: { name?: string; mac?: MacAddress; address?: string } = {}): Interface {
    if (options.address !== undefined) {
      throw new TypeError(
        `Cannot give switch ${this.name} a port with address ${options.address}: switch ports ` +
          `have no IP address. Leave the address out for the switch end of the link.`,
      );
    }
    const port = new Interface({
      name: options.name ?? `port${this.#ports.length}`,
      node: this.name,
      mac: options.mac ?? this.#context.nextMac(),
      promiscuous: true,
    });
    port.onAnyFrame((frame, bytes, meta) => {
      meta.processing += this.processingDelay;
      this.#context.sim.schedule(
        this.processingDelay,
        () => this.#switch(frame.source, frame.destination, bytes, meta, port),
      );
    });
    this.#ports.push(port);
    return port;
  }

  /**
   * The MAC address table now, entries older than `agingTime` left out.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "./topology.ts";
   * assert.deepEqual(network({ seed: 1 }).addSwitch("sw").macTable(), []);
   * ```
   */
  macTable(): MacTableRow[] {
    const now = this.#context.sim.now;
    const rows: MacTableRow[] = [];
    for (const [mac, entry] of this.#table) {
      if (now - entry.seen < this.agingTime) {
        rows.push({ mac, port: entry.port.name, age: now - entry.seen });
      }
    }
    return rows;
  }

  #switch(
    source: MacAddress,
    destination: MacAddress,
    bytes: Uint8Array,
    meta: FrameMeta,
    arrival: Interface,
  ): void {
    const now = this.#context.sim.now;
    // Learn: group addresses (I/G bit, the low bit of the first byte) are never sources.
    if (!isGroup(source)) {
      const known = this.#table.get(source);
      if (known === undefined || known.port !== arrival || now - known.seen >= this.agingTime) {
        this.#event("learn", `${source} on ${arrival.name}`, meta);
      }
      this.#table.set(source, { port: arrival, seen: now });
    }
    const group = isGroup(destination);
    const entry = group ? undefined : this.#table.get(destination);
    if (entry === undefined || now - entry.seen >= this.agingTime) {
      this.counters.flooded++;
      this.#event("flood", `${destination} from ${arrival.name}`, meta);
      const others = this.#ports.filter((port) => port !== arrival);
      // Copies first: each port's link accounts time into its own meta and bytes.
      const copies = others.map((_, i) => ({
        bytes: i === 0 ? bytes : bytes.slice(),
        meta: i === 0 ? meta : { ...meta },
      }));
      others.forEach((port, i) => port.send(copies[i].bytes, copies[i].meta));
      return;
    }
    if (entry.port === arrival) {
      this.counters.filtered++;
      this.#event("filter", `${destination} is on ${arrival.name}`, meta);
      return;
    }
    this.counters.forwarded++;
    entry.port.send(bytes, meta);
  }

  #event(event: string, detail: string, meta: FrameMeta): void {
    this.#context.events.push({
      t: this.#context.sim.now,
      node: this.name,
      layer: "switch",
      event,
      detail,
      packet: meta.packet,
    });
  }
}
