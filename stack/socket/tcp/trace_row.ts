/**
 * The rows a TCP endpoint appends to a `Trace`: one per segment sent, retransmitted or
 * received, per timer expiry and per state change. Flat and tidy, so a notebook can draw
 * a sequence diagram (t against conn, one arrow per send/receive pair) or cwnd and
 * ssthresh over time with `Plot.line(trace.rows.filter(...), {x: "t", y: "cwnd"})`.
 *
 * ```
 *   event            when                                   seq / ack
 *   send             a segment leaves (new data, SYN, ACK)  the segment's
 *   retransmit       a segment is sent again (go-back/RTO)  the segment's
 *   fast-retransmit  3 duplicate ACKs: first hole resent    the segment's
 *   receive          a segment arrives                      the segment's
 *   ack              an arriving ACK acknowledged new data  the segment's
 *   timeout          the retransmission timer expired       SND.UNA / RCV.NXT
 *   persist          the persist timer sent a window probe  the probe's
 *   state            the connection changed state           SND.NXT / RCV.NXT
 * ```
 *
 * Times are integer nanoseconds (`t`, `srtt`, `rto`); windows are bytes; `ssthresh` and
 * `srtt` are null while undefined (before the first loss or RTT sample).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Trace } from "@src/sim/mod.ts";
 * import type { TcpTraceRow } from "./trace_row.ts";
 * const trace = new Trace<TcpTraceRow>();
 * trace.push({ t: 0, conn: "client", event: "state", id: null, seq: 0, ack: 0, len: 0, flags: "",
 *   wnd: 0, cwnd: 14600, ssthresh: null, srtt: null, rto: 1e9, state: "SYN-SENT" });
 * assert.equal(trace.rows[0].state, "SYN-SENT");
 * ```
 *
 * @module
 */

import type { Time } from "@src/sim/mod.ts";
import type { TcpState } from "./state.ts";

/**
 * What a trace row records.
 *
 * @example
 * ```ts
 * import type { TcpTraceEvent } from "./trace_row.ts";
 * const event: TcpTraceEvent = "fast-retransmit";
 * ```
 */
export type TcpTraceEvent =
  | "send"
  | "retransmit"
  | "fast-retransmit"
  | "receive"
  | "ack"
  | "timeout"
  | "persist"
  | "state";

/**
 * One row of a TCP trace.
 *
 * @example
 * ```ts
 * import type { TcpTraceRow } from "./trace_row.ts";
 * const row: TcpTraceRow = { t: 5, conn: "a", event: "send", id: 3, seq: 1, ack: 1, len: 1460,
 *   flags: ".", wnd: 65535, cwnd: 14600, ssthresh: null, srtt: null, rto: 1e9, state: "ESTABLISHED" };
 * ```
 */
export interface TcpTraceRow {
  /** Simulated time, ns. */
  readonly t: Time;
  /** The connection's name. */
  readonly conn: string;
  /** What happened. */
  readonly event: TcpTraceEvent;
  /**
   * For segments: the sending connection's running segment count (1, 2, …), the same on
   * the send row and the receive row of one copy of a segment; null for other rows.
   */
  readonly id: number | null;
  /** Sequence number (32-bit, absolute), see the table above. */
  readonly seq: number;
  /** Acknowledgment number (32-bit, absolute). */
  readonly ack: number;
  /** Payload bytes of the segment (0 for rows that are not segments). */
  readonly len: number;
  /** tcpdump flag letters of the segment ("S", "S.", ".", "F.", "R"), "" otherwise. */
  readonly flags: string;
  /** Window field of the segment (after scaling), bytes. */
  readonly wnd: number;
  /** Congestion window, bytes. */
  readonly cwnd: number;
  /** Slow-start threshold, bytes, or null while still "arbitrarily high". */
  readonly ssthresh: number | null;
  /** Smoothed RTT, ns, or null before the first sample. */
  readonly srtt: Time | null;
  /** Retransmission timeout, ns (backoff included). */
  readonly rto: Time;
  /** The connection's state after the event. */
  readonly state: TcpState;
}
