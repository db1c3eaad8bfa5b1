/**
 * The neighbour cache: ARP (RFC 826) for one interface. The IP layer knows the next
 * hop's IP address; the link needs its MAC address. This cache asks the link
 * ("who has 10.0.1.1? tell 10.0.1.10", broadcast), remembers the answer, and holds
 * packets while it waits.
 *
 * States, after Linux's `NUD_*` (`include/net/neighbour.h`), simplified to three:
 *
 * ```
 *                 request ×mcast_solicit, one per retrans_time, no reply
 *   (none) ──use──▶ INCOMPLETE ─────────────────────────────────────────▶ (deleted; queued
 *                      │  reply                                             packets get ICMP
 *                      ▼                                                    host unreachable)
 *                  REACHABLE ──reachable_time without confirmation──▶ STALE
 *                      ▲                                                │ use: send with the
 *                      └──────────── unicast reply to a probe ◀─────────┘ cached MAC; probe
 *                                                                         after 5 s (DELAY)
 * ```
 *
 * Linux's DELAY and PROBE states are folded into STALE: a STALE entry still carries
 * traffic; once used, it waits `delay_first_probe_time` for a confirmation (nothing but
 * ARP confirms in this model), then sends up to `ucast_solicit` unicast requests, one per
 * `retrans_time`; if none is answered the entry is deleted. Aging is lazy (computed when an entry is read), so an
 * idle cache costs no events.
 *
 * Receiving ARP follows RFC 826's "Packet Reception" merge: an existing entry for the
 * sender is updated (a reply makes it REACHABLE, a request STALE, as Linux's
 * `arp_process()` does); if the request is for us the sender is added and we reply.
 *
 * @example Resolve, then send straight away
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../../src/sim/mod.ts";
 * import { emitArp, parseArp } from "../wire/arp.ts";
 * import { parseEthernet } from "../wire/ethernet.ts";
 * import { Interface, newFrameMeta } from "./interface.ts";
 * import { NeighborCache } from "./neighbor_cache.ts";
 * const sim = new Simulation();
 * const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01", address: "10.0.0.1/24" });
 * const sent: string[] = [];
 * nic.attach({ name: "wire", transmit: (_from, { bytes }) => sent.push(parseEthernet(bytes).destination) });
 * const cache = new NeighborCache(sim, nic);
 * cache.output("10.0.0.2", { etherType: 0x0800, payload: new Uint8Array(20), meta: newFrameMeta(1, 0) }); // queued, ARP request broadcast
 * cache.receiveArp(parseArp(emitArp({
 *   operation: 2, senderMac: "02:00:00:00:00:02", senderIp: "10.0.0.2", targetMac: nic.mac, targetIp: "10.0.0.1",
 * })));
 * assert.deepEqual(sent, ["ff:ff:ff:ff:ff:ff", "02:00:00:00:00:02"]);
 * assert.equal(cache.lookup("10.0.0.2")?.state, "REACHABLE");
 * ```
 *
 * @module
 */

import { type ScheduledEvent, type Simulation, type Time } from "../../src/sim/mod.ts";
import { ArpOperation, type ArpRepr, emitArp } from "../wire/arp.ts";
import { EtherType, MAC_BROADCAST, type MacAddress } from "../wire/ethernet.ts";
import { type Ipv4Address } from "../wire/ipv4_address.ts";
import { type FrameMeta, type Interface, newFrameMeta } from "./interface.ts";
import {
  ARP_BASE_REACHABLE_TIME,
  ARP_DELAY_FIRST_PROBE_TIME,
  ARP_MCAST_SOLICIT,
  ARP_QUEUE_LENGTH,
  ARP_RETRANS_TIME,
  ARP_UCAST_SOLICIT,
} from "./params.ts";
import { parseOptions, z } from "@src/options/mod.ts";

/**
 * A neighbour entry's state (see the module diagram).
 *
 * @example
 * ```ts
 * const state: NeighborState = "STALE";
 * ```
 */
export type NeighborState = "INCOMPLETE" | "REACHABLE" | "STALE";

/**
 * One cache entry as `ip neigh` shows it.
 *
 * @example
 * ```ts
 * const row: NeighborRow = { ip: "10.0.0.2", mac: "02:00:00:00:00:02", state: "REACHABLE", confirmed: 0, queued: 0 };
 * ```
 */
export interface NeighborRow {
  /** The neighbour's IPv4 address. */
  readonly ip: Ipv4Address;
  /** Its MAC address, or null while INCOMPLETE. */
  readonly mac: MacAddress | null;
  /** Its state now. */
  readonly state: NeighborState;
  /** When it was last confirmed reachable (ns), or null. */
  readonly confirmed: Time | null;
  /** Packets waiting for the answer. */
  readonly queued: number;
}

/**
 * What a neighbour cache did, as a trace row.
 *
 * @example
 * ```ts
 * const row: NeighborEvent = { t: 0, node: "a", iface: "eth0", event: "request", ip: "10.0.0.2", mac: null };
 * ```
 */
export interface NeighborEvent {
  /** Simulated time, ns. */
  readonly t: Time;
  /** Node name. */
  readonly node: string;
  /** Interface name. */
  readonly iface: string;
  /** request, probe, reply (we answered), resolved, confirmed, learned, stale, failed, queue-drop. */
  readonly event:
    | "request"
    | "probe"
    | "reply"
    | "resolved"
    | "confirmed"
    | "learned"
    | "stale"
    | "failed"
    | "queue-drop";
  /** The neighbour's IP. */
  readonly ip: Ipv4Address;
  /** The MAC involved, if any. */
  readonly mac: MacAddress | null;
}

/**
 * A packet to send to a neighbour: `{etherType, payload, meta}`.
 *
 * @example
 * ```ts
 * import { newFrameMeta } from "./interface.ts";
 * const packet: OutgoingPacket = { etherType: 0x0800, payload: new Uint8Array(20), meta: newFrameMeta(1, 0) };
 * ```
 */
export interface OutgoingPacket {
  /** EtherType of the payload (0x0800 for IPv4). */
  readonly etherType: number;
  /** The packet bytes (owned). */
  readonly payload: Uint8Array;
  /** Its latency accounting. */
  readonly meta: FrameMeta;
}

/**
 * A packet held while its next hop is resolved.
 *
 * @example
 * ```ts
 * import { newFrameMeta } from "./interface.ts";
 * const packet: QueuedPacket = { etherType: 0x0800, payload: new Uint8Array(20), meta: newFrameMeta(1, 0), queuedAt: 0 };
 * ```
 */
export interface QueuedPacket {
  /** EtherType of the payload (0x0800 for IPv4). */
  readonly etherType: number;
  /** The packet bytes (owned). */
  readonly payload: Uint8Array;
  /** Its latency accounting. */
  readonly meta: FrameMeta;
  /** When it was queued. */
  readonly queuedAt: Time;
}

/**
 * Options of {@linkcode NeighborCache}.
 *
 * @example
 * ```ts
 * import { ms } from "../../src/sim/mod.ts";
 * const options: NeighborCacheOptions = { retransTime: ms(100), mcastSolicit: 2 };
 * ```
 */
export interface NeighborCacheOptions {
  /**
   * Time between ARP requests for one address, ns.
   *
   * @default {1_000_000_000} (`ARP_RETRANS_TIME`, Linux retrans_time_ms)
   */
  retransTime?: Time;
  /**
   * Broadcast requests before an address is declared unreachable.
   *
   * @default {3} (`ARP_MCAST_SOLICIT`)
   */
  mcastSolicit?: number;
  /**
   * Unicast requests that re-check a STALE entry before it is deleted.
   *
   * @default {3} (`ARP_UCAST_SOLICIT`)
   */
  ucastSolicit?: number;
  /**
   * How long a confirmation keeps an entry REACHABLE, ns.
   *
   * @default {30_000_000_000} (`ARP_BASE_REACHABLE_TIME`)
   */
  reachableTime?: Time;
  /**
   * How long a STALE entry in use waits before its first unicast probe, ns.
   *
   * @default {5_000_000_000} (`ARP_DELAY_FIRST_PROBE_TIME`)
   */
  delayFirstProbeTime?: Time;
  /**
   * Packets queued per unresolved address; the oldest is dropped beyond it.
   *
   * @default {101} (`ARP_QUEUE_LENGTH`, Linux unres_qlen)
   */
  queueLength?: number;
  /**
   * Called with the queued packets when resolution fails (the IP layer answers each with
   * ICMP host unreachable, as Linux's `arp_error_report()` does).
   *
   * @default {undefined} (drop them silently)
   */
  onFailure?: (ip: Ipv4Address, packets: QueuedPacket[]) => void;
  /**
   * Called for each event (a trace sink).
   *
   * @default {undefined}
   */
  onEvent?: (event: NeighborEvent) => void;
}

/**
 * The ARP timing options (Linux's neighbour sysctls) as a zod schema, shared with the
 * hosts that pass them through.
 *
 * @example
 * ```ts
 * import { arpTimingSchema } from "./neighbor_cache.ts";
 * console.assert(arpTimingSchema.safeParse({ mcastSolicit: 3 }).success);
 * ```
 */
export const arpTimingSchema = z.strictObject({
  retransTime: z.number().int().min(1).optional(),
  mcastSolicit: z.number().int().min(1).max(255).optional(),
  ucastSolicit: z.number().int().min(0).max(255).optional(),
  reachableTime: z.number().int().min(1).optional(),
  delayFirstProbeTime: z.number().int().min(0).optional(),
  queueLength: z.number().int().min(1).optional(),
});

const optionsSchema = arpTimingSchema.extend({
  onFailure: z.function().optional(),
  onEvent: z.function().optional(),
});

interface Entry {
  ip: Ipv4Address;
  mac: MacAddress | null;
  state: NeighborState;
  confirmed: Time | null;
  queue: QueuedPacket[];
  probes: number; // requests sent in the current resolution or probe round
  timer: ScheduledEvent | null;
}

/**
 * ARP resolution and caching for one interface.
 *
 * @example A request for us is answered and teaches us the asker
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../../src/sim/mod.ts";
 * import { emitArp, parseArp } from "../wire/arp.ts";
 * import { parseEthernet } from "../wire/ethernet.ts";
 * import { Interface } from "./interface.ts";
 * const sim = new Simulation();
 * const nic = new Interface({ name: "eth0", node: "b", mac: "02:00:00:00:00:02", address: "10.0.0.2/24" });
 * const replies: string[] = [];
 * nic.attach({ name: "wire", transmit: (_from, { bytes }) => replies.push(parseEthernet(bytes).destination) });
 * const cache = new NeighborCache(sim, nic);
 * cache.receiveArp(parseArp(emitArp({
 *   operation: 1, senderMac: "02:00:00:00:00:01", senderIp: "10.0.0.1", targetMac: "00:00:00:00:00:00", targetIp: "10.0.0.2",
 * })));
 * assert.deepEqual(replies, ["02:00:00:00:00:01"]);
 * assert.equal(cache.lookup("10.0.0.1")?.state, "STALE");
 * ```
 */
export class NeighborCache {
  /** The simulation whose clock ages entries. */
  readonly sim: Simulation;
  /** The interface this cache serves. */
  readonly nic: Interface;
  #entries = new Map<Ipv4Address, Entry>();
  #retransTime: Time;
  #mcastSolicit: number;
  #ucastSolicit: number;
  #reachableTime: Time;
  #delayFirstProbeTime: Time;
  #queueLength: number;
  #onFailure?: (ip: Ipv4Address, packets: QueuedPacket[]) => void;
  #onEvent?: (event: NeighborEvent) => void;

  /** A cache for `nic`; options are checked and a bad one is named. */
  constructor(sim: Simulation, nic: Interface, options: NeighborCacheOptions = {}) {
    const parsed = parseOptions(
      optionsSchema,
      options,
      `create the neighbour cache of ${nic.name}`,
    );
    this.sim = sim;
    this.nic = nic;
    this.#retransTime = parsed.retransTime ?? ARP_RETRANS_TIME;
    this.#mcastSolicit = parsed.mcastSolicit ?? ARP_MCAST_SOLICIT;
    this.#ucastSolicit = parsed.ucastSolicit ?? ARP_UCAST_SOLICIT;
    this.#reachableTime = parsed.reachableTime ?? ARP_BASE_REACHABLE_TIME;
    this.#delayFirstProbeTime = parsed.delayFirstProbeTime ?? ARP_DELAY_FIRST_PROBE_TIME;
    this.#queueLength = parsed.queueLength ?? ARP_QUEUE_LENGTH;
    this.#onFailure = options.onFailure;
    this.#onEvent = options.onEvent;
  }

  /**
   * The entry for `ip` with its state brought up to date, or undefined.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "../../src/sim/mod.ts";
   * import { Interface } from "./interface.ts";
   * const cache = new NeighborCache(new Simulation(), new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01", address: "10.0.0.1/24" }));
   * assert.equal(cache.lookup("10.0.0.9"), undefined);
   * ```
   */
  lookup(ip: Ipv4Address): NeighborRow | undefined {
    const entry = this.#entries.get(ip);
    return entry ? this.#row(this.#age(entry)) : undefined;
  }

  /**
   * Every entry, as rows for a table (`ip neigh show dev …`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "../../src/sim/mod.ts";
   * import { Interface } from "./interface.ts";
   * const cache = new NeighborCache(new Simulation(), new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01", address: "10.0.0.1/24" }));
   * cache.set("10.0.0.7", "02:00:00:00:00:07");
   * assert.deepEqual(cache.rows().map((r) => [r.ip, r.state]), [["10.0.0.7", "REACHABLE"]]);
   * ```
   */
  rows(): NeighborRow[] {
    return [...this.#entries.values()].map((entry) => this.#row(this.#age(entry)));
  }

  /**
   * Add or overwrite a confirmed entry by hand (`ip neigh replace … nud reachable`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "../../src/sim/mod.ts";
   * import { Interface } from "./interface.ts";
   * const cache = new NeighborCache(new Simulation(), new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01", address: "10.0.0.1/24" }));
   * cache.set("10.0.0.7", "02:00:00:00:00:07");
   * assert.equal(cache.lookup("10.0.0.7")?.mac, "02:00:00:00:00:07");
   * ```
   */
  set(ip: Ipv4Address, mac: MacAddress): void {
    this.#update(this.#entries.get(ip) ?? this.#create(ip), mac, "REACHABLE");
  }

  /**
   * Send `packet.payload` (an IPv4 packet, `etherType` 0x0800) to the neighbour `nextHop`:
   * at once if its MAC is known, otherwise queued while ARP runs. The payload must be
   * owned (not a view into a shared emit pool).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "../../src/sim/mod.ts";
   * import { Interface, newFrameMeta } from "./interface.ts";
   * const sim = new Simulation();
   * const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01", address: "10.0.0.1/24" });
   * let frames = 0;
   * nic.attach({ name: "wire", transmit: () => frames++ });
   * const cache = new NeighborCache(sim, nic);
   * cache.set("10.0.0.2", "02:00:00:00:00:02");
   * cache.output("10.0.0.2", { etherType: 0x0800, payload: new Uint8Array(20), meta: newFrameMeta(1, 0) });
   * assert.equal(frames, 1); // no ARP needed
   * ```
   */
  output(nextHop: Ipv4Address, packet: OutgoingPacket): void {
    const { etherType, payload, meta } = packet;
    let entry = this.#entries.get(nextHop);
    if (entry !== undefined) this.#age(entry);
    if (entry !== undefined && entry.mac !== null) {
      if (entry.state === "STALE" && entry.timer === null && this.#ucastSolicit > 0) {
        const stale = entry;
        stale.probes = 0;
        stale.timer = this.sim.schedule(this.#delayFirstProbeTime, () => this.#probe(stale));
      }
      this.nic.sendFrame({ destination: entry.mac, etherType, payload }, meta);
      return;
    }
    if (entry === undefined) entry = this.#create(nextHop);
    if (entry.queue.length >= this.#queueLength) {
      entry.queue.shift(); // Linux drops the oldest (__neigh_event_send)
      this.#event("queue-drop", nextHop, null);
    }
    entry.queue.push({ etherType, payload, meta, queuedAt: this.sim.now });
    if (entry.timer === null) {
      entry.probes = 0;
      this.#solicit(entry);
    }
  }

  /**
   * Handle a received ARP packet (RFC 826 "Packet Reception"): merge the sender into the
   * cache, and answer a request for our address.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "../../src/sim/mod.ts";
   * import { emitArp, parseArp } from "../wire/arp.ts";
   * import { Interface } from "./interface.ts";
   * const nic = new Interface({ name: "eth0", node: "c", mac: "02:00:00:00:00:03", address: "10.0.0.3/24" });
   * const cache = new NeighborCache(new Simulation(), nic);
   * // A request between two other hosts teaches c nothing (c had no entry to merge).
   * cache.receiveArp(parseArp(emitArp({
   *   operation: 1, senderMac: "02:00:00:00:00:01", senderIp: "10.0.0.1", targetMac: "00:00:00:00:00:00", targetIp: "10.0.0.2",
   * })));
   * assert.equal(cache.rows().length, 0);
   * ```
   */
  receiveArp(arp: ArpRepr): void {
    const self = this.nic.address;
    if (self === null || arp.senderIp === "0.0.0.0") return;
    const isReply = arp.operation === ArpOperation.Reply;
    const existing = this.#entries.get(arp.senderIp);
    let merged = false;
    if (existing !== undefined) {
      const wasWaiting = existing.mac === null;
      this.#age(existing);
      // A request repeating the MAC we already trust does not downgrade a REACHABLE
      // entry (Linux neigh_update() keeps NUD_CONNECTED states for an unchanged address).
      const keep = !isReply && existing.state === "REACHABLE" && existing.mac === arp.senderMac;
      if (!keep) {
        this.#update(existing, arp.senderMac, isReply ? "REACHABLE" : "STALE");
        const event = wasWaiting ? "resolved" : isReply ? "confirmed" : "learned";
        this.#event(event, arp.senderIp, arp.senderMac);
      }
      merged = true;
    }
    if (arp.targetIp !== self) return;
    if (!merged) {
      this.#update(this.#create(arp.senderIp), arp.senderMac, "STALE");
      this.#event("learned", arp.senderIp, arp.senderMac);
    }
    if (arp.operation === ArpOperation.Request) {
      this.#event("reply", arp.senderIp, arp.senderMac);
      this.#sendArp(ArpOperation.Reply, arp.senderMac, arp.senderMac, arp.senderIp);
    }
  }

  #create(ip: Ipv4Address): Entry {
    const entry: Entry = {
      ip,
      mac: null,
      state: "INCOMPLETE",
      confirmed: null,
      queue: [],
      probes: 0,
      timer: null,
    };
    this.#entries.set(ip, entry);
    return entry;
  }

  // Record a MAC, set the state, stop any timer, and flush queued packets.
  #update(entry: Entry, mac: MacAddress, state: NeighborState): void {
    entry.mac = mac;
    entry.state = state;
    if (state === "REACHABLE") entry.confirmed = this.sim.now;
    entry.timer?.cancel();
    entry.timer = null;
    entry.probes = 0;
    const queue = entry.queue;
    entry.queue = [];
    for (const packet of queue) {
      packet.meta.resolution += this.sim.now - packet.queuedAt;
      this.nic.sendFrame(
        { destination: mac, etherType: packet.etherType, payload: packet.payload },
        packet.meta,
      );
    }
  }

  // REACHABLE turns STALE once reachable_time has passed since the last confirmation.
  #age(entry: Entry): Entry {
    if (
      entry.state === "REACHABLE" && entry.confirmed !== null &&
      this.sim.now - entry.confirmed >= this.#reachableTime
    ) {
      entry.state = "STALE";
      this.#event("stale", entry.ip, entry.mac);
    }
    return entry;
  }

  // INCOMPLETE: broadcast a request every retrans_time, mcast_solicit times, then fail.
  #solicit(entry: Entry): void {
    if (entry.probes >= this.#mcastSolicit) {
      entry.timer = null;
      this.#entries.delete(entry.ip);
      this.#event("failed", entry.ip, null);
      const queue = entry.queue;
      entry.queue = [];
      this.#onFailure?.(entry.ip, queue);
      return;
    }
    entry.probes++;
    this.#event("request", entry.ip, null);
    this.#sendArp(ArpOperation.Request, MAC_BROADCAST, "00:00:00:00:00:00", entry.ip);
    entry.timer = this.sim.schedule(this.#retransTime, () => this.#solicit(entry));
  }

  // STALE in use: unicast requests to the cached MAC; unanswered, the entry is deleted.
  #probe(entry: Entry): void {
    if (entry.probes >= this.#ucastSolicit) {
      entry.timer = null;
      this.#entries.delete(entry.ip);
      this.#event("failed", entry.ip, entry.mac);
      return;
    }
    entry.probes++;
    this.#event("probe", entry.ip, entry.mac);
    const mac = entry.mac as MacAddress;
    this.#sendArp(ArpOperation.Request, mac, "00:00:00:00:00:00", entry.ip);
    entry.timer = this.sim.schedule(this.#retransTime, () => this.#probe(entry));
  }

  #sendArp(
    operation: number,
    destination: MacAddress,
    targetMac: MacAddress,
    targetIp: Ipv4Address,
  ): void {
    const payload = emitArp({
      operation,
      senderMac: this.nic.mac,
      senderIp: this.nic.address as Ipv4Address,
      targetMac,
      targetIp,
    });
    this.nic.sendFrame(
      { destination, etherType: EtherType.Arp, payload },
      newFrameMeta(0, this.sim.now),
    );
  }

  #row(entry: Entry): NeighborRow {
    return {
      ip: entry.ip,
      mac: entry.mac,
      state: entry.state,
      confirmed: entry.confirmed,
      queued: entry.queue.length,
    };
  }

  #event(event: NeighborEvent["event"], ip: Ipv4Address, mac: MacAddress | null): void {
    this.#onEvent?.({ t: this.sim.now, node: this.nic.node, iface: this.nic.name, event, ip, mac });
  }
}
