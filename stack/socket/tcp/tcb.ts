/**
 * The transmission control block (TCB, RFC 9293 §3.3.1): every variable one connection
 * keeps. `connection.ts` owns one; the private `_input.ts` (a segment arrives),
 * `_output.ts` (what may be sent now) and `_timers.ts` read and write it, as Linux's
 * tcp_input.c, tcp_output.c and tcp_timer.c share `struct tcp_sock`.
 *
 * Send and receive sequence space (RFC 9293 Figures 3 and 4):
 *
 * ```
 *        1          2          3          4
 *   ----------|----------|----------|----------
 *          SND.UNA    SND.NXT    SND.UNA+SND.WND
 *   1 acknowledged   2 sent, unacknowledged   3 allowed to send   4 not yet allowed
 *
 *        1          2          3
 *   ----------|----------|----------
 *          RCV.NXT    RCV.NXT+RCV.WND
 *   1 received and acknowledged   2 allowed to arrive   3 not yet allowed
 * ```
 *
 * Positions, not sequence numbers: internally the send side counts *positions* from the
 * SYN (position 0 is the SYN, data byte i is position 1 + i, the FIN follows the last
 * byte), as plain numbers that never wrap. The 32-bit sequence number of position p is
 * (ISS + p) mod 2³² (`sendSeq`), and likewise on the receive side from IRS. Only the
 * wire sees wrapping numbers; comparisons inside never need `seqLt`.
 *
 * SND.NXT after a timeout: like BSD, the endpoint rewinds `sndNxt` to `sndUna` and
 * sends again from there ("go-back-N"), keeping the highest position ever sent in
 * `sndMax` (BSD's `snd_max`); positions below `sndMax` are retransmissions.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "@src/sim/mod.ts";
 * import { Tcb } from "./tcb.ts";
 * const tcb = new Tcb(new Simulation(), { iss: 2 ** 32 - 1, receiveBuffer: 65535 });
 * assert.equal(tcb.sendSeq(0), 2 ** 32 - 1); // the SYN
 * assert.equal(tcb.sendSeq(1), 0);           // the first data byte wraps to 0
 * ```
 *
 * @module
 */

import type { ScheduledEvent, Simulation, Trace } from "@src/sim/mod.ts";
import type { CongestionControl } from "./congestion/mod.ts";
import { ReceiveBuffer } from "./receive_buffer.ts";
import type { RtoEstimator } from "./rto.ts";
import type { TcpSegment } from "./segment.ts";
import { SendBuffer } from "./send_buffer.ts";
import { seqDiff } from "./sequence.ts";
import type { TcpState } from "./state.ts";
import type { TcpTraceRow } from "./trace_row.ts";

/**
 * Why a connection ended abnormally: refused (RST answering our SYN), reset (RST later),
 * or timed out (too many retransmissions).
 *
 * @example
 * ```ts
 * import type { TcpError } from "./tcb.ts";
 * const error: TcpError = "connection refused";
 * ```
 */
export type TcpError = "connection refused" | "connection reset" | "connection timed out";

/**
 * Counters a connection keeps for reports and tests.
 *
 * @example
 * ```ts
 * import type { TcpStats } from "./tcb.ts";
 * const stats: Partial<TcpStats> = { retransmissions: 0 };
 * ```
 */
export interface TcpStats {
  /** Segments handed to `send()`. */
  segmentsSent: number;
  /** Segments taken by `segmentArrives()`. */
  segmentsReceived: number;
  /** Data segments sent again (timeouts, fast retransmit, go-back-N). */
  retransmissions: number;
  /** Retransmission timer expiries. */
  timeouts: number;
  /** Fast retransmits (3 duplicate ACKs). */
  fastRetransmits: number;
  /** Duplicate ACKs received. */
  duplicateAcks: number;
  /** Window probes sent by the persist timer. */
  windowProbes: number;
  /** Payload bytes sent, retransmissions included. */
  bytesSent: number;
  /** Payload bytes delivered in order to the receive buffer. */
  bytesReceived: number;
}

/**
 * Hooks a connection calls; the socket facade and harnesses plug in here.
 *
 * @example
 * ```ts
 * import type { TcbHooks } from "./tcb.ts";
 * const hooks: TcbHooks = { state: (from, to) => console.log(from, "→", to) };
 * ```
 */
export interface TcbHooks {
  /** The state changed. */
  state?: (from: TcpState, to: TcpState) => void;
  /** New in-order bytes are readable (or the peer's FIN arrived). */
  readable?: () => void;
}

/**
 * What the block is built from (the connection fills it from its validated options).
 *
 * @example
 * ```ts
 * import type { TcbInit } from "./tcb.ts";
 * const init: TcbInit = { iss: 1000, receiveBuffer: 65535 };
 * ```
 */
export interface TcbInit {
  /** Initial send sequence number. */
  iss: number;
  /** Receive buffer, bytes. */
  receiveBuffer: number;
}

/**
 * One connection's variables. Fields are public for the endpoint's private modules and
 * for study; change them only through `TcpConnection`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "@src/sim/mod.ts";
 * import { Tcb } from "./tcb.ts";
 * const tcb = new Tcb(new Simulation(), { iss: 100, receiveBuffer: 1000 });
 * assert.equal(tcb.state, "CLOSED");
 * assert.equal(tcb.flight, 0);
 * ```
 */
export class Tcb {
  /** The simulation whose clock and timers the connection uses. */
  readonly sim: Simulation;
  /** Name in trace rows. */
  name = "tcp";
  /** Local and remote addresses and ports. */
  localAddress = "0.0.0.0";
  /** Local port. */
  localPort = 0;
  /** Remote address (set by connect, or by the SYN in LISTEN). */
  remoteAddress = "0.0.0.0";
  /** Remote port. */
  remotePort = 0;
  /** Current state. */
  state: TcpState = "CLOSED";
  /** Opened by listen(): a RST in SYN-RECEIVED returns to LISTEN. */
  passive = false;
  /** Why the connection failed, if it did. */
  error: TcpError | null = null;
  /** A segment is being processed (its ACK will carry any window update). */
  processing = false;
  /** Where segments go. */
  output: (segment: TcpSegment) => void = () => {};
  /** Where rows go, if anywhere. */
  trace: Trace<TcpTraceRow> | null = null;
  /** Callbacks. */
  hooks: TcbHooks = {};

  // Send sequence variables, as positions (see the module comment).
  /** ISS: initial send sequence number (RFC 9293 §3.4.1). */
  iss: number;
  /** SND.UNA: oldest unacknowledged position. */
  sndUna = 0;
  /** SND.NXT: next position to send. */
  sndNxt = 0;
  /** Highest position sent so far (BSD snd_max). */
  sndMax = 0;
  /** SND.WND: the peer's advertised window, bytes, already scaled. */
  sndWnd = 0;
  /** Largest window the peer ever advertised (sender SWS avoidance, RFC 9293 §3.8.6.2.1). */
  maxSndWnd = 0;
  /** SND.WL1: sequence number of the segment that last updated the window. */
  sndWl1 = 0;
  /** SND.WL2: acknowledgment number of the segment that last updated the window. */
  sndWl2 = 0;
  /** The application called close(): a FIN follows the data. */
  finQueued = false;

  // Receive sequence variables.
  /** IRS: the peer's initial sequence number. */
  irs = 0;
  /** The peer's SYN has arrived (receive positions are defined). */
  synReceived = false;
  /** The peer's FIN has arrived in order. */
  finReceived = false;
  /** Position of a FIN that arrived before the data preceding it, or −1. */
  pendingFin = -1;
  /** Right edge of the window last advertised, as a receive position. */
  rcvEdge = 0;
  /** RCV.NXT (as a sequence number) carried by the last ACK sent, for RFC 7323 §4.3. */
  lastAckSent = 0;

  // Negotiated options.
  /** MSS we advertise. */
  localMss = 1460;
  /** Effective send MSS: min(peer's MSS, ours) less the timestamp option's 12 bytes. */
  mss = 536;
  /** Shift applied to windows we receive (the peer's Window Scale option, RFC 7323 §2). */
  sndShift = 0;
  /** Shift applied to windows we send. */
  rcvShift = 0;
  /** Shift we offer in our SYN (used only if the peer offers one too). */
  offeredShift = 0;
  /** Options we offer in our SYN. */
  offer = { windowScale: true, sack: true, timestamps: true };
  /** Both sides sent Window Scale (RFC 7323 §2.2); shifts are 0 otherwise. */
  wsOk = false;
  /** Both sides sent SACK-permitted (RFC 2018 §2). */
  sackOk = false;
  /** Both sides sent timestamps (RFC 7323 §3.2). */
  tsOk = false;
  /** TS.Recent: the timestamp to echo (RFC 7323 §4.3). */
  tsRecent = 0;

  // Buffers.
  /** Application bytes not yet acknowledged. */
  readonly sendBuffer = new SendBuffer();
  /** Bytes received and not yet read. */
  readonly receiveBuffer: ReceiveBuffer;

  // Congestion control and loss recovery.
  /** The congestion-control module (replaced once the MSS is known). */
  cc!: CongestionControl;
  /** The RTO estimator. */
  rto!: RtoEstimator;
  /** Duplicate ACKs in a row. */
  duplicateAcks = 0;
  /** In fast recovery (RFC 5681 §3.2, RFC 6582). */
  inRecovery = false;
  /** NewReno's `recover`: the highest position sent when loss recovery began (RFC 6582 §3.2). */
  recover = 0;
  /** Highest position resent in this recovery (RFC 6675's HighRxt). */
  highRetransmitted = 0;
  /** Builds the congestion-control module once the send MSS is known. */
  makeCc: (mss: number) => CongestionControl = () => this.cc;
  /** Positions the peer reported by SACK, merged ranges `[start, end)` above SND.UNA. */
  sacked: { start: number; end: number }[] = [];
  /** Position the timed segment must be acknowledged past (Karn), or −1. */
  rttEnd = -1;
  /** When the timed segment was sent. */
  rttStart = 0;
  /** Linux estimator: position that ends the current RTT round. */
  rttRoundEnd = 0;
  /** Retransmissions of the oldest segment in a row (the abort counter). */
  retries = 0;

  // Delayed ACKs.
  /** Delay ACKs (RFC 9293 §3.8.6.3)? */
  delayedAck = false;
  /** How long an ACK may wait, ns. */
  delayedAckTimeout = 0;
  /** Full segments received since the last ACK. */
  unacked = 0;

  // Timers: one pending event each; the RTO keeps a deadline so restarting it on every
  // ACK only moves a number (the event, when it fires early, re-arms itself).
  /** When the retransmission timer expires (Infinity: stopped). */
  rtoDeadline = Infinity;
  /** The scheduled RTO check. */
  rtoEvent: ScheduledEvent | null = null;
  /** Persist timer (zero-window probes). */
  persistEvent: ScheduledEvent | null = null;
  /** Probes sent since the window was last open. */
  persistBackoff = 0;
  /** Delayed-ACK timer. */
  ackEvent: ScheduledEvent | null = null;
  /** TIME-WAIT timer. */
  timeWaitEvent: ScheduledEvent | null = null;
  /** Maximum segment lifetime, ns. */
  msl = 0;

  /** Counters. */
  readonly stats: TcpStats = {
    segmentsSent: 0,
    segmentsReceived: 0,
    retransmissions: 0,
    timeouts: 0,
    fastRetransmits: 0,
    duplicateAcks: 0,
    windowProbes: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };

  /** A closed block. */
  constructor(sim: Simulation, init: TcbInit) {
    this.sim = sim;
    this.iss = init.iss >>> 0;
    this.receiveBuffer = new ReceiveBuffer(init.receiveBuffer);
  }

  /**
   * Sequence number of send position `position`: (ISS + position) mod 2³².
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { Tcb } from "./tcb.ts";
   * const tcb = new Tcb(new Simulation(), { iss: 10, receiveBuffer: 100 });
   * assert.equal(tcb.sendSeq(5), 15);
   * ```
   */
  sendSeq(position: number): number {
    return (this.iss + position) >>> 0;
  }

  /**
   * Send position of sequence number `seq` (which must lie within 2³¹ of SND.UNA).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { Tcb } from "./tcb.ts";
   * const tcb = new Tcb(new Simulation(), { iss: 2 ** 32 - 2, receiveBuffer: 100 });
   * assert.equal(tcb.sendPosition(3), 5);
   * ```
   */
  sendPosition(seq: number): number {
    return this.sndUna + seqDiff(seq, this.sendSeq(this.sndUna));
  }

  /**
   * RCV.NXT as a receive position: 1 + bytes in order, plus 1 once the FIN is in.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { Tcb } from "./tcb.ts";
   * assert.equal(new Tcb(new Simulation(), { iss: 0, receiveBuffer: 100 }).rcvNxt, 0);
   * ```
   */
  get rcvNxt(): number {
    if (!this.synReceived) return 0;
    return 1 + this.receiveBuffer.next + (this.finReceived ? 1 : 0);
  }

  /**
   * RCV.NXT as a 32-bit sequence number: (IRS + position) mod 2³².
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { Tcb } from "./tcb.ts";
   * const tcb = new Tcb(new Simulation(), { iss: 0, receiveBuffer: 100 });
   * tcb.irs = 41;
   * tcb.synReceived = true;
   * assert.equal(tcb.rcvNxtSeq, 42);
   * ```
   */
  get rcvNxtSeq(): number {
    return (this.irs + this.rcvNxt) >>> 0;
  }

  /**
   * RCV.WND: what is left of the window last advertised, bytes.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { Tcb } from "./tcb.ts";
   * assert.equal(new Tcb(new Simulation(), { iss: 0, receiveBuffer: 100 }).rcvWnd, 0);
   * ```
   */
  get rcvWnd(): number {
    return Math.max(0, this.rcvEdge - this.rcvNxt);
  }

  /**
   * Position just past the last data byte written: where the FIN goes.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { Tcb } from "./tcb.ts";
   * const tcb = new Tcb(new Simulation(), { iss: 0, receiveBuffer: 100 });
   * tcb.sendBuffer.write(new Uint8Array(10));
   * assert.equal(tcb.dataEnd, 11);
   * ```
   */
  get dataEnd(): number {
    return 1 + this.sendBuffer.end;
  }

  /**
   * FlightSize (RFC 5681 §2): bytes sent and not acknowledged, SND.NXT − SND.UNA.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { Tcb } from "./tcb.ts";
   * const tcb = new Tcb(new Simulation(), { iss: 0, receiveBuffer: 100 });
   * tcb.sndUna = 1; tcb.sndNxt = 2921;
   * assert.equal(tcb.flight, 2920);
   * ```
   */
  get flight(): number {
    return this.sndNxt - this.sndUna;
  }

  /**
   * Append a trace row for `event` (no-op without a trace); `id` is the segment's number.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation, Trace } from "@src/sim/mod.ts";
   * import { Tcb } from "./tcb.ts";
   * import { RtoEstimator } from "./rto.ts";
   * import { createReno } from "./congestion/mod.ts";
   * const tcb = new Tcb(new Simulation(), { iss: 0, receiveBuffer: 100 });
   * tcb.trace = new Trace();
   * tcb.cc = createReno({ mss: 1000 });
   * tcb.rto = new RtoEstimator();
   * tcb.log("timeout", 0, 0, 0, "", 0);
   * assert.equal(tcb.trace.rows[0].event, "timeout");
   * ```
   */
  log(
    event: TcpTraceRow["event"],
    seq: number,
    ack: number,
    len: number,
    flags: string,
    wnd: number,
    id: number | null = null,
  ): void {
    const trace = this.trace;
    if (trace === null) return;
    const ssthresh = this.cc.ssthresh;
    trace.push({
      t: this.sim.now,
      conn: this.name,
      event,
      id,
      seq,
      ack,
      len,
      flags,
      wnd,
      cwnd: this.cc.cwnd,
      ssthresh: Number.isFinite(ssthresh) ? ssthresh : null,
      srtt: this.rto.srtt,
      rto: this.rto.rto,
      state: this.state,
    });
  }
}
