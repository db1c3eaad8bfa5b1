/**
 * What a TCP connection can be told, checked with zod so a bad value names its field,
 * and what it reports back (`TcpInfo`, like Linux's `struct tcp_info`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseConnectionOptions } from "./connection_options.ts";
 * const options = parseConnectionOptions({ localAddress: "10.0.0.1", localPort: 80, iss: 0, send: () => {} });
 * assert.equal(options.mss, 1460);
 * assert.throws(() => parseConnectionOptions({ localAddress: "10.0.0.1", localPort: 70000, iss: 0, send: () => {} }),
 *   /option localPort must be ≤ 65535/);
 * ```
 *
 * @module
 */

import type { Random, Time, Trace } from "@src/sim/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { DEFAULT_MSS, DEFAULT_RECEIVE_BUFFER, DELAYED_ACK_TIMEOUT, MSL } from "./params.ts";
import type { TcpSegment } from "./segment.ts";
import type { TcpState } from "./state.ts";
import type { TcpTraceRow } from "./trace_row.ts";

/**
 * Options of {@linkcode TcpConnection}. Validated with zod: a bad value throws an error
 * that names the field.
 *
 * @example
 * ```ts
 * import { Random } from "@src/sim/mod.ts";
 * import type { TcpConnectionOptions } from "./connection_options.ts";
 * const options: TcpConnectionOptions = {
 *   localAddress: "10.0.0.1", localPort: 49152, remoteAddress: "10.0.0.2", remotePort: 80,
 *   send: () => {}, random: new Random("isn"), congestion: "cubic", sack: false,
 * };
 * ```
 */
export interface TcpConnectionOptions {
  /** Our IPv4 address. */
  localAddress: string;
  /** Our port. */
  localPort: number;
  /** The peer's address; needed by `connect()`, learnt from the SYN by `listen()`. @default "0.0.0.0" */
  remoteAddress?: string;
  /** The peer's port. @default 0 */
  remotePort?: number;
  /** Where outgoing segments go. */
  send: (segment: TcpSegment) => void;
  /**
   * ISN source (RFC 9293 §3.4.1): ISN = (4 µs clock + random.uint32()) mod 2³². Give
   * `random` or `iss`. @default none
   */
  random?: Random;
  /** A fixed initial sequence number, e.g. 2³² − 100 to exercise wraparound. @default from `random` */
  iss?: number;
  /** MSS we advertise, bytes. @default 1460 (`DEFAULT_MSS`) */
  mss?: number;
  /** Receive buffer, bytes: the most we ever advertise. @default 262144 */
  receiveBuffer?: number;
  /** Offer window scaling (RFC 7323 §2). @default true */
  windowScale?: boolean;
  /** Offer SACK (RFC 2018). @default true */
  sack?: boolean;
  /** Offer timestamps (RFC 7323 §3). @default true */
  timestamps?: boolean;
  /** Delay ACKs: every second segment or after `delayedAckTimeout`. @default false */
  delayedAck?: boolean;
  /** Longest an ACK waits, ns. @default 200 ms (`DELAYED_ACK_TIMEOUT`) */
  delayedAckTimeout?: Time;
  /** Congestion-control module. @default "reno" */
  congestion?: "reno" | "cubic";
  /** First congestion window, bytes. @default RFC 6928's min(10·MSS, max(2·MSS, 14600)) */
  initialWindow?: number;
  /** RTO estimator: RFC 6298 or Linux's. @default "rfc6298" */
  rto?: "rfc6298" | "linux";
  /** Floor under the RTO, ns. @default 1 s (rfc6298) or 200 ms (linux) */
  minRto?: Time;
  /** Maximum segment lifetime, ns; TIME-WAIT lasts 2·MSL. @default 120 s (`MSL`) */
  msl?: Time;
  /** Where trace rows go. @default none */
  trace?: Trace<TcpTraceRow>;
  /** Name in trace rows. @default "<localAddress>:<localPort>" */
  name?: string;
  /** Called on every state change. @default none */
  onState?: (from: TcpState, to: TcpState) => void;
  /** Called when bytes (or the end of the stream) become readable. @default none */
  onReadable?: () => void;
}

const address = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, "must be a dotted-quad IPv4 address");
const port = z.number().int().min(0).max(65535);
const time = z.number().int().min(0);
const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === "function", {
  message: "must be a function",
});
const schema = z.object({
  localAddress: address,
  localPort: port,
  remoteAddress: address.default("0.0.0.0"),
  remotePort: port.default(0),
  send: fn,
  random: z.custom<Random>((value) => typeof (value as Random | undefined)?.uint32 === "function", {
    message: "must be a Random from @src/sim",
  }).optional(),
  iss: z.number().int().min(0).max(0xffffffff).optional(),
  mss: z.number().int().min(64).max(65495).default(DEFAULT_MSS),
  receiveBuffer: z.number().int().min(1).max(2 ** 30).default(DEFAULT_RECEIVE_BUFFER),
  windowScale: z.boolean().default(true),
  sack: z.boolean().default(true),
  timestamps: z.boolean().default(true),
  delayedAck: z.boolean().default(false),
  delayedAckTimeout: time.min(1).default(DELAYED_ACK_TIMEOUT),
  congestion: z.enum(["reno", "cubic"]).default("reno"),
  initialWindow: z.number().int().min(1).optional(),
  rto: z.enum(["rfc6298", "linux"]).default("rfc6298"),
  minRto: time.optional(),
  msl: time.default(MSL),
  trace: z.custom<Trace<TcpTraceRow>>(
    (value) => typeof (value as Trace<TcpTraceRow> | undefined)?.push === "function",
    {
      message: "must be a Trace from @src/sim",
    },
  ).optional(),
  name: z.string().optional(),
  onState: fn.optional(),
  onReadable: fn.optional(),
}).strict();

/**
 * Smallest window scale shift that lets a 16-bit field express `buffer` bytes (RFC 7323 §2.3).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { windowScaleFor } from "./connection_options.ts";
 * assert.equal(windowScaleFor(65535), 0);
 * assert.equal(windowScaleFor(262144), 3); // 262144 / 2³ = 32768 ≤ 65535
 * ```
 */
export function windowScaleFor(buffer: number): number {
  let shift = 0;
  while (shift < 14 && buffer / 2 ** shift > 0xffff) shift++;
  return shift;
}

/**
 * Validate `options` (zod) and fill in the defaults; the error names the bad field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseConnectionOptions } from "./connection_options.ts";
 * assert.throws(() => parseConnectionOptions({ localAddress: "10.0.0.1", localPort: 1, iss: 0, send: () => {},
 *   congestion: "vegas" as "reno" }), /option congestion must be one of \["reno","cubic"\]/);
 * ```
 */
export function parseConnectionOptions(options: TcpConnectionOptions): z.output<typeof schema> {
  return parseOptions(schema, options, "create a TCP connection");
}

/**
 * What {@linkcode TcpConnection.info} returns.
 *
 * @example
 * ```ts
 * import type { TcpInfo } from "./connection_options.ts";
 * const cwnd = (info: TcpInfo) => info.cwnd;
 * ```
 */
export interface TcpInfo {
  /** Current state. */
  readonly state: TcpState;
  /** Initial send sequence number. */
  readonly iss: number;
  /** Initial receive sequence number (0 before the peer's SYN). */
  readonly irs: number;
  /** SND.UNA, 32-bit. */
  readonly sndUna: number;
  /** SND.NXT, 32-bit. */
  readonly sndNxt: number;
  /** RCV.NXT, 32-bit. */
  readonly rcvNxt: number;
  /** Peer's window, bytes (scaled). */
  readonly sndWnd: number;
  /** Our window as last advertised, bytes. */
  readonly rcvWnd: number;
  /** Effective send MSS. */
  readonly mss: number;
  /** Congestion window, bytes. */
  readonly cwnd: number;
  /** Slow-start threshold, bytes. */
  readonly ssthresh: number;
  /** Smoothed RTT, ns, or null. */
  readonly srtt: Time | null;
  /** Retransmission timeout, ns. */
  readonly rto: Time;
  /** Bytes in flight (SND.NXT − SND.UNA). */
  readonly flight: number;
  /** Bytes written but not yet sent. */
  readonly unsent: number;
  /** Bytes received, not yet read. */
  readonly unread: number;
  /** Negotiated window scale shifts, or null. */
  readonly windowScale: { readonly send: number; readonly receive: number } | null;
  /** SACK negotiated. */
  readonly sack: boolean;
  /** Timestamps negotiated. */
  readonly timestamps: boolean;
}
