/**
 * A test harness: two TCP stacks joined by a simulated duplex pipe, so TCP can be run,
 * measured and drawn before the full network (`stack/net`) exists. Each direction is
 * a drop-tail queue feeding a link of fixed bandwidth and propagation delay, with
 * seeded random loss and an explicit drop list ("drop the 5th data segment"):
 *
 * ```
 *   a (10.0.0.1)                                                  b (10.0.0.2)
 *     send ─▶ [loss?][drop list?] ─▶ ▐queue▌ ─▶ serialize ─▶ delay ─▶ receive
 *     receive ◀─ delay ◀─ serialize ◀─ ▐queue▌ ◀─ [loss?][drop list?] ◀─ send
 *
 *   serialization time = wire bytes × 8 / bandwidth,  wire bytes = 20 IPv4 + TCP header + data
 *   one-way delay      = serialization + queueing + propagation (rtt / 2)
 * ```
 *
 * `bulk_transfer.ts` runs the classic experiment on it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms } from "@src/sim/mod.ts";
 * import { TcpPipe } from "./pipe.ts";
 * const pipe = new TcpPipe({ seed: 1, rtt: ms(20), bandwidth: 10e6, loss: 0.05 });
 * const listener = pipe.b.listen(80);
 * const socket = pipe.a.connect("10.0.0.2", 80);
 * pipe.sim.run({ until: ms(500) });
 * socket.send(new Uint8Array(50_000));
 * pipe.sim.run({ until: ms(5000) });
 * assert.equal(listener.accept()!.recv().length, 50_000);
 * ```
 *
 * @module
 */

import { ms, Random, SECOND, Simulation, type Time, type Trace } from "@src/sim/mod.ts";
import { paddedTcpOptionsLength, parseTcp } from "@stack/wire/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { encodeSegment, type TcpSegment } from "./segment.ts";
import type { TcpSettings } from "./socket.ts";
import { TcpStack } from "./stack.ts";
import type { TcpTraceRow } from "./trace_row.ts";

/**
 * What decides a drop: the segment and its running counts in its direction.
 *
 * @example
 * ```ts
 * import type { DropInfo } from "./pipe.ts";
 * const dropThird = (info: DropInfo) => info.direction === "a→b" && info.dataIndex === 3;
 * ```
 */
export interface DropInfo {
  /** `"a→b"` or `"b→a"`. */
  readonly direction: "a→b" | "b→a";
  /** 1-based count of segments entering this direction, this one included. */
  readonly index: number;
  /** 1-based count of data-carrying segments (retransmissions included), or 0 for none. */
  readonly dataIndex: number;
  /** The segment. */
  readonly segment: TcpSegment;
}

/**
 * Options of {@linkcode TcpPipe}.
 *
 * @example
 * ```ts
 * import { ms } from "@src/sim/mod.ts";
 * import type { TcpPipeOptions } from "./pipe.ts";
 * const options: TcpPipeOptions = { seed: 7, rtt: ms(40), bandwidth: 10e6, loss: 0.01 };
 * ```
 */
export interface TcpPipeOptions {
  /** Seed for loss and ISNs (required). */
  seed: number | string;
  /** Round-trip propagation delay, ns (half each way). @default 20 ms */
  rtt?: Time;
  /** Link rate each way, bits per second. @default 100e6 */
  bandwidth?: number;
  /** Drop-tail queue per direction, packets. @default 1000 */
  queue?: number;
  /** Probability that a segment a→b is lost. @default 0 */
  loss?: number;
  /** Probability that a segment b→a (ACKs) is lost. @default 0 */
  reverseLoss?: number;
  /** Data segments a→b to drop, 1-based, retransmissions counted (`[5]`: the 5th). @default [] */
  drop?: number[];
  /** Any other drops: return true to drop. @default none */
  dropWhere?: (info: DropInfo) => boolean;
  /** Encode each segment to bytes and parse it back (checksums included) on the way. @default false */
  wire?: boolean;
  /** Log TCP rows here. @default none */
  trace?: Trace<TcpTraceRow>;
  /** Settings for both stacks' connections. @default {} */
  settings?: TcpSettings;
}

const probability = z.number().min(0).max(1);
const pipeSchema = z.object({
  seed: z.union([z.number().int(), z.string().min(1)]),
  rtt: z.number().int().min(0).default(ms(20)),
  bandwidth: z.number().positive().default(100e6),
  queue: z.number().int().min(1).default(1000),
  loss: probability.default(0),
  reverseLoss: probability.default(0),
  drop: z.array(z.number().int().min(1)).default([]),
  dropWhere: z.custom<(info: DropInfo) => boolean>((v) => typeof v === "function", {
    message: "must be a function",
  }).optional(),
  wire: z.boolean().default(false),
  trace: z.custom<Trace<TcpTraceRow>>(
    (v) => typeof (v as Trace<TcpTraceRow>)?.push === "function",
    {
      message: "must be a Trace from @src/sim",
    },
  ).optional(),
  settings: z.record(z.string(), z.unknown()).default({}),
}).strict();

/**
 * Counters of one pipe direction.
 *
 * @example
 * ```ts
 * import type { PipeStats } from "./pipe.ts";
 * const lossRate = (s: PipeStats) => s.lost / s.segments;
 * ```
 */
export interface PipeStats {
  /** Segments that entered. */
  segments: number;
  /** Of those, carrying data. */
  dataSegments: number;
  /** Dropped by random loss. */
  lost: number;
  /** Dropped by the drop list or `dropWhere`. */
  dropped: number;
  /** Dropped because the queue was full. */
  queueDrops: number;
  /** Delivered to the other end. */
  delivered: number;
  /** Most packets ever waiting in the queue. */
  maxQueue: number;
}

class Direction {
  readonly stats: PipeStats = {
    segments: 0,
    dataSegments: 0,
    lost: 0,
    dropped: 0,
    queueDrops: 0,
    delivered: 0,
    maxQueue: 0,
  };
  #busyUntil = 0;
  #departures: number[] = []; // when each queued packet finishes serializing
  #head = 0;
  #drops: Set<number>;

  constructor(
    readonly name: "a→b" | "b→a",
    readonly sim: Simulation,
    readonly options: z.output<typeof pipeSchema>,
    readonly random: Random,
    readonly loss: number,
    drops: number[],
    readonly deliver: (segment: TcpSegment) => void,
  ) {
    this.#drops = new Set(drops);
  }

  send(segment: TcpSegment): void {
    const stats = this.stats;
    const options = this.options;
    const repr = segment.repr;
    stats.segments++;
    const data = repr.payload.length > 0;
    if (data) stats.dataSegments++;
    if (data && this.#drops.has(stats.dataSegments)) {
      stats.dropped++;
      return;
    }
    const dropWhere = options.dropWhere;
    if (
      dropWhere !== undefined &&
      dropWhere({
        direction: this.name,
        index: stats.segments,
        dataIndex: data ? stats.dataSegments : 0,
        segment,
      })
    ) {
      stats.dropped++;
      return;
    }
    if (this.loss > 0 && this.random.next() < this.loss) {
      stats.lost++;
      return;
    }
    const now = this.sim.now;
    const departures = this.#departures;
    while (this.#head < departures.length && departures[this.#head] <= now) this.#head++;
    if (this.#head > 1024) {
      departures.splice(0, this.#head);
      this.#head = 0;
    }
    const queued = departures.length - this.#head;
    if (queued >= options.queue) {
      stats.queueDrops++;
      return;
    }
    if (queued + 1 > stats.maxQueue) stats.maxQueue = queued + 1;
    // serialization = bytes × 8 / bandwidth; 20 IPv4 + 20 TCP + options + data
    const optionBytes = repr.options.length > 0 ? paddedTcpOptionsLength(repr.options) : 0;
    const bytes = 40 + optionBytes + repr.payload.length;
    const done = Math.max(now, this.#busyUntil) +
      Math.round(bytes * 8 * SECOND / options.bandwidth);
    this.#busyUntil = done;
    departures.push(done);
    const arriving = options.wire ? roundTrip(segment) : segment;
    this.sim.at(done + Math.round(options.rtt / 2), () => {
      stats.delivered++;
      this.deliver(arriving);
    });
  }
}

// Through the bytes and back: emitTcp with the checksum, parseTcp verifying it.
function roundTrip(segment: TcpSegment): TcpSegment {
  return { ...segment, repr: parseTcp(encodeSegment(segment), segment) };
}

/**
 * Two stacks, `a` (10.0.0.1) and `b` (10.0.0.2), on one simulated duplex pipe.
 *
 * @example Drop the 2nd data segment and watch the fast retransmit
 * ```ts
 * import assert from "node:assert/strict";
 * import { Trace } from "@src/sim/mod.ts";
 * import { TcpPipe } from "./pipe.ts";
 * import type { TcpTraceRow } from "./trace_row.ts";
 * const trace = new Trace<TcpTraceRow>();
 * const pipe = new TcpPipe({ seed: 1, drop: [2], trace });
 * pipe.b.listen(80);
 * const socket = pipe.a.connect("10.0.0.2", 80);
 * socket.send(new Uint8Array(20_000));
 * pipe.sim.run({ until: 1e9 });
 * assert.equal(pipe.stats["a→b"].dropped, 1);
 * assert.ok(trace.rows.some((row) => row.event === "fast-retransmit"));
 * ```
 */
export class TcpPipe {
  /** The simulation both ends and the pipe run on. */
  readonly sim: Simulation;
  /** The stack at 10.0.0.1. */
  readonly a: TcpStack;
  /** The stack at 10.0.0.2. */
  readonly b: TcpStack;
  /** Counters per direction. */
  readonly stats: { readonly "a→b": PipeStats; readonly "b→a": PipeStats };

  /** A pipe on a new simulation (or `sim`); options are validated with zod. */
  constructor(options: TcpPipeOptions, sim: Simulation = new Simulation()) {
    const o = parsePipeOptions(options, "create a TCP pipe");
    this.sim = sim;
    const random = new Random(o.seed);
    const settings = o.settings as TcpSettings;
    const trace = o.trace;
    const forward = new Direction(
      "a→b",
      sim,
      o,
      random.fork("loss a→b"),
      o.loss,
      o.drop,
      (segment) => this.b.receive(segment),
    );
    const backward = new Direction(
      "b→a",
      sim,
      o,
      random.fork("loss b→a"),
      o.reverseLoss,
      [],
      (segment) => this.a.receive(segment),
    );
    this.a = new TcpStack(sim, {
      address: "10.0.0.1",
      random: random.fork("a"),
      send: (segment) => forward.send(segment),
      trace,
      settings,
    });
    this.b = new TcpStack(sim, {
      address: "10.0.0.2",
      random: random.fork("b"),
      send: (segment) => backward.send(segment),
      trace,
      settings,
    });
    this.stats = { "a→b": forward.stats, "b→a": backward.stats };
  }
}

function parsePipeOptions(options: TcpPipeOptions, action: string) {
  return parseOptions(pipeSchema, options, action);
}
