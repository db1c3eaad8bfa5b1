/**
 * A link: the cable (two interfaces) or segment (several) that carries frames between
 * nodes, with the three delays every packet pays on it and the faults real links have.
 *
 * ```
 *  sender's queue (drop-tail at queueLimit)        on the wire            receiver(s)
 *  [f3][f2][f1] ──▶ transmit f1: bits / bandwidth ──▶ propagate: delay ──▶ receive(f1)
 *     queueing         transmission = (bytes + 24) × 8 / bandwidth    propagation = delay
 * ```
 *
 * Each sending interface has its own queue and transmitter (full duplex: both ends of a
 * cable send at once). On a segment every other interface hears each frame, like a hub;
 * collisions are not modelled. The 24 bytes are what Ethernet adds on the wire beyond a
 * captured frame (preamble, delimiter, FCS, inter-frame gap).
 *
 * Faults are drawn from the link's own fork of the network's `Random`, in a fixed order
 * per frame (loss, duplication, then per copy corruption and reordering), so the same
 * seed replays the same faults:
 *
 * - `loss`: the frame vanishes; `duplication`: it arrives twice;
 * - `corruption`: one random bit is flipped (checksums above will catch it);
 * - `reordering`: it is held back a uniform 0…`reorderDelay` ns, so later frames pass it.
 *
 * @example A 1 Mbit/s cable: 84 bytes on the wire take 672 µs, plus 1 ms of propagation
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms, Random, Simulation } from "../../src/sim/mod.ts";
 * import { Interface, newFrameMeta } from "../iface/mod.ts";
 * import { Link } from "./link.ts";
 * const sim = new Simulation();
 * const link = new Link({ sim, random: new Random(1) }, { name: "a-b", bandwidth: 1e6, delay: ms(1) });
 * const a = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
 * const b = new Interface({ name: "eth0", node: "b", mac: "02:00:00:00:00:02" });
 * link.attach(a);
 * link.attach(b);
 * let arrived = -1;
 * b.onAnyFrame(() => arrived = sim.now);
 * a.sendFrame({ destination: b.mac, etherType: 0x88b5, payload: new Uint8Array(46) }, newFrameMeta(0, 0));
 * sim.run();
 * assert.equal(arrived, 672_000 + 1_000_000);
 * ```
 *
 * @module
 */

import type { Random, Simulation, Time, Trace } from "../../src/sim/mod.ts";
import type { FrameMeta, Interface, Medium, OutgoingFrame } from "../iface/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import type { EventRow } from "./journey.ts";
import {
  DEFAULT_BANDWIDTH,
  DEFAULT_LINK_DELAY,
  DEFAULT_LINK_MTU,
  DEFAULT_QUEUE_LIMIT,
  DEFAULT_REORDER_DELAY,
  ETHERNET_LINK_OVERHEAD,
} from "./params.ts";

/**
 * Options of {@linkcode Link}: its speed, length, buffer and faults.
 *
 * @example
 * ```ts
 * import { ms } from "../../src/sim/mod.ts";
 * const lossy: LinkOptions = { bandwidth: 10e6, delay: ms(20), loss: 0.01 };
 * ```
 */
export interface LinkOptions {
  /**
   * A label for traces.
   *
   * @default {"link"}
   */
  name?: string;
  /**
   * Bits per second.
   *
   * @default {100_000_000} (`DEFAULT_BANDWIDTH`)
   */
  bandwidth?: number;
  /**
   * One-way propagation delay, integer ns.
   *
   * @default {5_000} (`DEFAULT_LINK_DELAY`, 1 km)
   */
  delay?: Time;
  /**
   * Frames each sender's queue holds, the one being sent included; more are dropped.
   *
   * @default {1000} (`DEFAULT_QUEUE_LIMIT`, Linux txqueuelen)
   */
  queueLimit?: number;
  /**
   * Largest IP packet a frame on this link carries, bytes (68–1500; RFC 791 §3.2 sets
   * the floor, Ethernet the ceiling). Hosts and routers fragment to it.
   *
   * @default {1500} (`DEFAULT_LINK_MTU`)
   */
  mtu?: number;
  /**
   * Probability that a frame is lost.
   *
   * @default {0}
   */
  loss?: number;
  /**
   * Probability that a frame arrives twice.
   *
   * @default {0}
   */
  duplication?: number;
  /**
   * Probability that a frame is held back so later frames overtake it.
   *
   * @default {0}
   */
  reordering?: number;
  /**
   * Largest hold-back of a reordered frame, integer ns.
   *
   * @default {100_000} (`DEFAULT_REORDER_DELAY`)
   */
  reorderDelay?: Time;
  /**
   * Probability that one bit of a frame is flipped.
   *
   * @default {0}
   */
  corruption?: number;
}

/**
 * The zod schema of {@linkcode LinkOptions}, reused by `Network.connect()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(linkOptionsSchema.safeParse({ loss: 2 }).success, false);
 * ```
 */
export const linkOptionsSchema = z.strictObject({
  name: z.string().min(1).optional(),
  bandwidth: z.number().positive().max(1e15).optional(),
  delay: z.number().int().min(0).optional(),
  queueLimit: z.number().int().min(1).optional(),
  mtu: z.number().int().min(68).max(1500).optional(),
  loss: z.number().min(0).max(1).optional(),
  duplication: z.number().min(0).max(1).optional(),
  reordering: z.number().min(0).max(1).optional(),
  reorderDelay: z.number().int().min(0).optional(),
  corruption: z.number().min(0).max(1).optional(),
});

/**
 * What a link needs from its network: the clock, randomness to fork, a place for events.
 *
 * @example
 * ```ts
 * import { Random, Simulation } from "../../src/sim/mod.ts";
 * const context: LinkContext = { sim: new Simulation(), random: new Random(1) };
 * ```
 */
export interface LinkContext {
  /** The clock. */
  readonly sim: Simulation;
  /** The link forks `random.fork("link:" + name)` for its faults. */
  readonly random: Random;
  /**
   * Where drops are recorded.
   *
   * @default {undefined} (not recorded)
   */
  readonly events?: Trace<EventRow>;
}

/**
 * What happened to frames on a link.
 *
 * @example
 * ```ts
 * const counters: LinkCounters = { sent: 0, delivered: 0, lost: 0, queueDrops: 0, duplicated: 0, corrupted: 0, reordered: 0, tooBig: 0 };
 * ```
 */
export interface LinkCounters {
  /** Frames offered by senders. */
  sent: number;
  /** Frame copies handed to receivers. */
  delivered: number;
  /** Frames lost on the wire. */
  lost: number;
  /** Frames refused by a full queue (drop-tail). */
  queueDrops: number;
  /** Extra copies made. */
  duplicated: number;
  /** Copies with a flipped bit. */
  corrupted: number;
  /** Copies held back. */
  reordered: number;
  /** Frames refused because their IP packet exceeds the link's MTU (a giant frame). */
  tooBig: number;
}

interface Queued {
  frame: Uint8Array;
  meta: FrameMeta;
  enqueued: Time;
}

interface Transmitter {
  owner: Interface;
  queue: Queued[];
  busy: boolean;
}

/**
 * A point-to-point cable or a shared segment; see the module comment.
 *
 * @example Drop-tail: a queue of 2 refuses a third frame sent at the same instant
 * ```ts
 * import assert from "node:assert/strict";
 * import { Random, Simulation } from "../../src/sim/mod.ts";
 * import { Interface, newFrameMeta } from "../iface/mod.ts";
 * const sim = new Simulation();
 * const link = new Link({ sim, random: new Random(1) }, { queueLimit: 2 });
 * const a = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
 * const b = new Interface({ name: "eth0", node: "b", mac: "02:00:00:00:00:02" });
 * link.attach(a);
 * link.attach(b);
 * for (let i = 0; i < 3; i++) a.send(new Uint8Array(60), newFrameMeta(0, 0));
 * sim.run();
 * assert.deepEqual([link.counters.delivered, link.counters.queueDrops], [2, 1]);
 * ```
 */
export class Link implements Medium {
  /** Label for traces. */
  readonly name: string;
  /** Bits per second. */
  readonly bandwidth: number;
  /** Propagation delay, ns. */
  readonly delay: Time;
  /** Frames per sender queue. */
  readonly queueLimit: number;
  /** Largest IP packet per frame, bytes. */
  readonly mtu: number;
  /** Fault probabilities and the reorder hold-back, as given. */
  readonly faults: {
    readonly loss: number;
    readonly duplication: number;
    readonly reordering: number;
    readonly reorderDelay: Time;
    readonly corruption: number;
  };
  /** What happened so far. */
  readonly counters: LinkCounters = {
    sent: 0,
    delivered: 0,
    lost: 0,
    queueDrops: 0,
    duplicated: 0,
    corrupted: 0,
    reordered: 0,
    tooBig: 0,
  };
  #sim: Simulation;
  #random: Random;
  #events?: Trace<EventRow>;
  #ends: Interface[] = [];
  #transmitters = new Map<Interface, Transmitter>();
  #receiverCache = new Map<Interface, Interface[]>();

  /** A link; options are validated and a bad one is named with its value. */
  constructor(context: LinkContext, options: LinkOptions = {}) {
    const parsed = parseOptions(linkOptionsSchema, options, "create a link");
    this.name = parsed.name ?? "link";
    this.bandwidth = parsed.bandwidth ?? DEFAULT_BANDWIDTH;
    this.delay = parsed.delay ?? DEFAULT_LINK_DELAY;
    this.queueLimit = parsed.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    this.mtu = parsed.mtu ?? DEFAULT_LINK_MTU;
    this.faults = Object.freeze({
      loss: parsed.loss ?? 0,
      duplication: parsed.duplication ?? 0,
      reordering: parsed.reordering ?? 0,
      reorderDelay: parsed.reorderDelay ?? DEFAULT_REORDER_DELAY,
      corruption: parsed.corruption ?? 0,
    });
    this.#sim = context.sim;
    this.#random = context.random.fork(`link:${this.name}`);
    this.#events = context.events;
  }

  /**
   * The interfaces plugged in, in attach order.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random, Simulation } from "../../src/sim/mod.ts";
   * const link = new Link({ sim: new Simulation(), random: new Random(1) });
   * assert.deepEqual(link.ends, []);
   * ```
   */
  get ends(): readonly Interface[] {
    return this.#ends;
  }

  /**
   * Plug an interface in (it calls back `transmit` to send).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random, Simulation } from "../../src/sim/mod.ts";
   * import { Interface } from "../iface/mod.ts";
   * const link = new Link({ sim: new Simulation(), random: new Random(1) }, { name: "cable" });
   * const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
   * link.attach(nic);
   * assert.equal(nic.medium, link);
   * ```
   */
  attach(nic: Interface): void {
    nic.attach(this);
    this.#ends.push(nic);
    this.#transmitters.set(nic, { owner: nic, queue: [], busy: false });
  }

  /**
   * Transmission time of a frame of `bytes` (as captured) on this link, ns:
   *
   *     ⌈(bytes + 24) × 8 × 10⁹ / bandwidth⌉
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random, Simulation } from "../../src/sim/mod.ts";
   * const link = new Link({ sim: new Simulation(), random: new Random(1) }, { bandwidth: 100e6 });
   * assert.equal(link.transmissionTime(60), 6_720); // a minimum frame at 100 Mbit/s
   * assert.equal(link.transmissionTime(1514), 123_040);
   * ```
   */
  transmissionTime(bytes: number): Time {
    return Math.ceil(((bytes + ETHERNET_LINK_OVERHEAD) * 8 * 1e9) / this.bandwidth);
  }

  /**
   * Queue a frame from `from` (called by `Interface.send`). Refused with a drop event when
   * the sender's queue is full.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random, Simulation } from "../../src/sim/mod.ts";
   * import { Interface, newFrameMeta } from "../iface/mod.ts";
   * const sim = new Simulation();
   * const link = new Link({ sim, random: new Random(1) });
   * const a = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
   * link.attach(a);
   * link.transmit(a, { bytes: new Uint8Array(60), meta: newFrameMeta(0, 0) });
   * assert.equal(link.counters.sent, 1);
   * ```
   */
  transmit(from: Interface, outgoing: OutgoingFrame): void {
    const { bytes: frame, meta } = outgoing;
    const transmitter = this.#transmitters.get(from);
    if (transmitter === undefined) {
      throw new RangeError(
        `Cannot transmit on ${this.name} from ${from.node}/${from.name}: that interface is not ` +
          `attached to this link. Call link.attach(nic) first.`,
      );
    }
    this.counters.sent++;
    // A frame carrying more than the MTU (after the 14-byte Ethernet header) cannot cross
    // this link: a switch does not fragment, the receiving NIC would drop the giant.
    if (frame.length - 14 > this.mtu) {
      this.counters.tooBig++;
      this.#event(
        from.node,
        "too-big",
        `${from.name}: ${frame.length - 14} > MTU ${this.mtu}`,
        meta,
      );
      return;
    }
    if (transmitter.queue.length >= this.queueLimit) {
      this.counters.queueDrops++;
      this.#event(from.node, "queue-full", `${from.name}: queue of ${this.queueLimit}`, meta);
      return;
    }
    transmitter.queue.push({ frame, meta, enqueued: this.#sim.now });
    if (!transmitter.busy) this.#startNext(transmitter);
  }

  // The head of the queue goes on the wire; when its last bit is out, the next one starts.
  #startNext(transmitter: Transmitter): void {
    const head = transmitter.queue[0];
    if (head === undefined) {
      transmitter.busy = false;
      return;
    }
    transmitter.busy = true;
    const sim = this.#sim;
    const duration = this.transmissionTime(head.frame.length);
    head.meta.queueing += sim.now - head.enqueued;
    head.meta.transmission += duration;
    sim.schedule(duration, () => {
      transmitter.queue.shift();
      this.#depart(transmitter.owner, head);
      this.#startNext(transmitter);
    });
  }

  // Faults, then propagation to every other end.
  #depart(sender: Interface, item: Queued): void {
    const faults = this.faults;
    const random = this.#random;
    if (faults.loss > 0 && random.bernoulli(faults.loss)) {
      this.counters.lost++;
      this.#event(this.name, "loss", `frame of ${item.frame.length} bytes`, item.meta);
      return;
    }
    let copies = 1;
    if (faults.duplication > 0 && random.bernoulli(faults.duplication)) {
      copies = 2;
      this.counters.duplicated++;
    }
    const receivers = this.#receivers(sender);
    for (let copy = 0; copy < copies; copy++) {
      let frame = item.frame;
      if (faults.corruption > 0 && random.bernoulli(faults.corruption)) {
        frame = frame.slice();
        const bit = random.int(0, frame.length * 8 - 1);
        frame[bit >> 3] ^= 0x80 >> (bit & 7);
        this.counters.corrupted++;
        this.#event(this.name, "corrupt", `bit ${bit} flipped`, item.meta);
      }
      let holdBack = 0;
      if (faults.reordering > 0 && random.bernoulli(faults.reordering)) {
        holdBack = random.int(0, faults.reorderDelay);
        this.counters.reordered++;
      }
      for (const receiver of receivers) {
        // Every receiver gets its own bytes and meta: routers rewrite both in place.
        const shared = receivers.length > 1 || copies > 1;
        const bytes = shared ? frame.slice() : frame;
        const meta = shared ? { ...item.meta } : item.meta;
        meta.propagation += this.delay;
        meta.queueing += holdBack;
        meta.hops++;
        this.#sim.schedule(this.delay + holdBack, () => {
          this.counters.delivered++;
          receiver.receive(bytes, meta);
        });
      }
    }
  }

  // The other ends, cached per sender (links do not change once built).
  #receivers(sender: Interface): Interface[] {
    let list = this.#receiverCache.get(sender);
    if (list === undefined || list.length !== this.#ends.length - 1) {
      list = this.#ends.filter((end) => end !== sender);
      this.#receiverCache.set(sender, list);
    }
    return list;
  }

  #event(node: string, event: string, detail: string, meta: FrameMeta): void {
    this.#events?.push({
      t: this.#sim.now,
      node,
      layer: "link",
      event,
      detail: `${this.name}: ${detail}`,
      packet: meta.packet,
    });
  }
}
