/**
 * The classic experiment: send N bytes from one stack to another over the test pipe
 * (`pipe.ts`) and report goodput, retransmissions, timeouts and the trace, checking that
 * every byte arrived in order: an Adler-32 of what was sent against one of what the
 * application read. Compare the goodput with the Mathis et al. (1997) model,
 * MSS/RTT · √(3/2)/√p (about 7 Mbit/s for MSS 1448 B, RTT 20 ms, p = 1 %).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bulkTransfer } from "./bulk_transfer.ts";
 * const result = bulkTransfer({ bytes: 100_000, seed: 1, drop: [5] });
 * assert.ok(result.completed);
 * assert.equal(result.checksumReceived, result.checksumSent);
 * assert.equal(result.sender.fastRetransmits, 1); // the 5th segment, resent after 3 dup ACKs
 * ```
 *
 * @module
 */

import { ms, Random, SECOND, type Time, Trace } from "@src/sim/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { TcpPipe } from "./pipe.ts";
import type { TcpSettings, TcpSocket } from "./socket.ts";
import type { TcpStats } from "./tcb.ts";
import type { TcpTraceRow } from "./trace_row.ts";

const probability = z.number().min(0).max(1);

/**
 * Adler-32 (RFC 1950 §8), updated chunk by chunk: cheap, and it notices reordered bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Adler32 } from "./bulk_transfer.ts";
 * const sum = new Adler32();
 * sum.update(new TextEncoder().encode("Wikipedia"));
 * assert.equal(sum.value, 0x11e60398); // the worked example on Wikipedia's Adler-32 page
 * ```
 */
export class Adler32 {
  #a = 1;
  #b = 0;

  /**
   * Add `bytes` to the running sum.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adler32 } from "./bulk_transfer.ts";
   * const sum = new Adler32();
   * sum.update(new Uint8Array([1]));
   * assert.equal(sum.value, (2 << 16) | 2); // a = 1 + 1, b = 0 + 2
   * ```
   */
  update(bytes: Uint8Array): void {
    let a = this.#a;
    let b = this.#b;
    let i = 0;
    const n = bytes.length;
    while (i < n) {
      // 5552 bytes is the most that cannot overflow before the modulo (zlib's NMAX).
      const end = Math.min(n, i + 5552);
      for (; i < end; i++) {
        a += bytes[i];
        b += a;
      }
      a %= 65521;
      b %= 65521;
    }
    this.#a = a;
    this.#b = b;
  }

  /**
   * The checksum: (b << 16) | a, unsigned.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adler32 } from "./bulk_transfer.ts";
   * assert.equal(new Adler32().value, 1); // a = 1, b = 0 for no bytes
   * ```
   */
  get value(): number {
    return ((this.#b << 16) | this.#a) >>> 0;
  }
}

/**
 * Options of {@linkcode bulkTransfer}.
 *
 * @example
 * ```ts
 * import type { BulkTransferOptions } from "./bulk_transfer.ts";
 * const options: BulkTransferOptions = { bytes: 1e6, seed: 1, loss: 0.01, cc: "cubic" };
 * ```
 */
export interface BulkTransferOptions {
  /** Bytes to send from a to b. */
  bytes: number;
  /** Seed for the data, losses and ISNs (required). */
  seed: number | string;
  /** Probability a data-direction segment is lost. @default 0 */
  loss?: number;
  /** Round-trip propagation delay, ns. @default 20 ms */
  rtt?: Time;
  /** Link rate, bits/s. @default 100e6 */
  bandwidth?: number;
  /** Congestion control. @default "reno" */
  cc?: "reno" | "cubic";
  /** Data segments to drop, 1-based (see {@linkcode TcpPipeOptions.drop}). @default [] */
  drop?: number[];
  /** Queue per direction, packets. @default 1000 */
  queue?: number;
  /** Settings for both ends (MSS, SACK, timestamps, receive buffer, RTO variant…). @default {} */
  settings?: TcpSettings;
  /** Keep a trace of every TCP event (turn off for big transfers). @default true */
  trace?: boolean;
  /** Give up at this simulated time, ns. @default 1 hour */
  timeLimit?: Time;
}

const bulkSchema = z.object({
  bytes: z.number().int().min(1),
  seed: z.union([z.number().int(), z.string().min(1)]),
  loss: probability.default(0),
  rtt: z.number().int().min(0).default(ms(20)),
  bandwidth: z.number().positive().default(100e6),
  cc: z.enum(["reno", "cubic"]).default("reno"),
  drop: z.array(z.number().int().min(1)).default([]),
  queue: z.number().int().min(1).default(1000),
  settings: z.record(z.string(), z.unknown()).default({}),
  trace: z.boolean().default(true),
  timeLimit: z.number().int().min(1).default(3600 * SECOND),
}).strict();

/**
 * What {@linkcode bulkTransfer} reports.
 *
 * @example
 * ```ts
 * import type { BulkTransferResult } from "./bulk_transfer.ts";
 * const mbps = (r: BulkTransferResult) => r.goodput / 1e6;
 * ```
 */
export interface BulkTransferResult {
  /** Every byte arrived and both sides closed. */
  readonly completed: boolean;
  /** Bytes read by the receiver, in order. */
  readonly received: number;
  /** Adler-32 of the bytes sent. */
  readonly checksumSent: number;
  /** Adler-32 of the bytes read. */
  readonly checksumReceived: number;
  /** Simulated time from connect() until the last byte was read, ns. */
  readonly duration: Time;
  /** Goodput: bytes × 8 / duration, bits/s. */
  readonly goodput: number;
  /** Events the simulation executed. */
  readonly events: number;
  /** The sender's counters. */
  readonly sender: Readonly<TcpStats>;
  /** The receiver's counters. */
  readonly receiver: Readonly<TcpStats>;
  /** The pipe's counters. */
  readonly pipe: TcpPipe["stats"];
  /** Every TCP event, or null with `trace: false`. */
  readonly trace: Trace<TcpTraceRow> | null;
}

/**
 * Send `bytes` from a to b over a lossy pipe and report what happened.
 *
 * @example 1 MB over 1 % loss, CUBIC
 * ```ts
 * import assert from "node:assert/strict";
 * import { bulkTransfer } from "./bulk_transfer.ts";
 * const r = bulkTransfer({ bytes: 1_000_000, seed: 42, loss: 0.01, cc: "cubic" });
 * assert.ok(r.completed);
 * assert.equal(r.checksumReceived, r.checksumSent);
 * assert.ok(r.sender.retransmissions > 0);
 * ```
 */
export function bulkTransfer(options: BulkTransferOptions): BulkTransferResult {
  const o = parseOptions(bulkSchema, options, "run a bulk transfer");
  const trace = o.trace ? new Trace<TcpTraceRow>({ capacity: 10_000_000 }) : undefined;
  const pipe = new TcpPipe({
    seed: o.seed,
    rtt: o.rtt,
    bandwidth: o.bandwidth,
    queue: o.queue,
    loss: o.loss,
    drop: o.drop,
    trace,
    settings: { ...(o.settings as TcpSettings), congestion: o.cc },
  });
  const data = fillBytes(o.bytes, new Random(o.seed).fork("data"));
  const sent = new Adler32();
  sent.update(data);
  const read = new Adler32();
  let received = 0;
  let finishedAt = 0;
  const sim = pipe.sim;
  let receiver: TcpSocket | undefined;
  pipe.b.listen(80, {
    name: "receiver",
    onAccept: (socket: TcpSocket) => {
      receiver = socket;
      const drain = () => {
        received += socket.connection.drain((chunk) => read.update(chunk));
        if (socket.ended && socket.state === "CLOSE-WAIT") {
          finishedAt = sim.now;
          socket.close();
        }
      };
      socket.onReadable(drain);
      drain();
    },
  });
  const sender = pipe.a.connect("10.0.0.2", 80, { name: "sender" });
  sender.onState((_, to) => {
    if (to === "ESTABLISHED") {
      sender.send(data, { copy: false }); // payloads are views into `data` all the way
      sender.close();
    }
  });
  sim.run({ until: o.timeLimit, maxEvents: Number.MAX_SAFE_INTEGER });
  const completed = received === o.bytes && finishedAt > 0 &&
    (sender.state === "TIME-WAIT" || sender.state === "CLOSED") && sender.error === null;
  const duration = finishedAt;
  return {
    completed,
    received,
    checksumSent: sent.value,
    checksumReceived: read.value,
    duration,
    goodput: duration > 0 ? received * 8 * SECOND / duration : 0,
    events: sim.eventCount,
    sender: sender.connection.stats,
    receiver: (receiver ?? sender).connection.stats,
    pipe: pipe.stats,
    trace: trace ?? null,
  };
}

// Deterministic bytes: xorshift32 words seeded from `random` (not a cryptographic stream).
function fillBytes(length: number, random: Random): Uint8Array {
  const words = new Uint32Array(Math.ceil(length / 4));
  let x = random.uint32() | 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x;
  }
  return new Uint8Array(words.buffer, 0, length);
}
