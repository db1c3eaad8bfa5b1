/**
 * A TCP endpoint: one connection's state machine (RFC 9293), as a pure object a network
 * can host later. It takes arriving segments through `segmentArrives()`, hands outgoing
 * ones to the injected `send(segment)` function, and runs its timers on the injected
 * `Simulation`. It knows nothing about links or routing.
 *
 * ```
 *   application:   connect() listen() write() read() close() abort()
 *                           │                      ▲
 *                   ┌───────▼──────────────────────┴───────┐
 *                   │ TcpConnection (a Tcb, see tcb.ts)    │ ← timers on sim
 *                   │  _input.ts: a segment arrives        │
 *                   │  _output.ts: what may be sent now    │
 *                   │  congestion/: how much (cwnd)        │
 *                   │  rto.ts: how long to wait            │
 *                   └───────┬──────────────────────▲───────┘
 *   network:          send(segment)        segmentArrives(segment)
 * ```
 *
 * Everything is deterministic: the ISN comes from a seeded `Random` (or is given), and
 * all time is `sim.now`. Most people use it through sockets (`stack.ts`,
 * `socket.ts`) or the test pipe (`pipe.ts`) rather than directly.
 *
 * @example Two endpoints wired back to back, no network at all
 * ```ts
 * import assert from "node:assert/strict";
 * import { Random, Simulation } from "@src/sim/mod.ts";
 * import { TcpConnection } from "./connection.ts";
 * const sim = new Simulation();
 * const random = new Random(1);
 * let client!: TcpConnection, server!: TcpConnection;
 * client = new TcpConnection(sim, { localAddress: "10.0.0.1", localPort: 49152,
 *   remoteAddress: "10.0.0.2", remotePort: 80, random,
 *   send: (segment) => sim.schedule(1000, () => server.segmentArrives(segment)) });
 * server = new TcpConnection(sim, { localAddress: "10.0.0.2", localPort: 80, random,
 *   send: (segment) => sim.schedule(1000, () => client.segmentArrives(segment)) });
 * server.listen();
 * client.connect();
 * sim.run(); // SYN, SYN-ACK, ACK: 3 µs later both are ESTABLISHED
 * assert.deepEqual([client.state, server.state], ["ESTABLISHED", "ESTABLISHED"]);
 * client.write(new TextEncoder().encode("hello"));
 * client.close();
 * sim.run();
 * assert.equal(new TextDecoder().decode(server.read()), "hello");
 * assert.deepEqual([client.state, server.state], ["FIN-WAIT-2", "CLOSE-WAIT"]);
 * ```
 *
 * @module
 */

import type { Simulation } from "@src/sim/mod.ts";
import { createCongestionControl } from "./congestion/mod.ts";
import {
  parseConnectionOptions,
  type TcpConnectionOptions,
  type TcpInfo,
  windowScaleFor,
} from "./connection_options.ts";
import { ISN_TICK } from "./params.ts";
import { RtoEstimator } from "./rto.ts";
import type { TcpSegment } from "./segment.ts";
import { canSendData, isSynchronized, type TcpState } from "./state.ts";
import { Tcb, type TcpError, type TcpStats } from "./tcb.ts";
import { segmentArrives } from "./_input.ts";
import {
  abortConnection,
  retransmitOldest,
  sendAck,
  sendSyn,
  setState,
  transmit,
} from "./_output.ts";

/**
 * One TCP connection. See the module comment for the picture.
 *
 * @example Connection refused: a SYN to a closed port meets a RST
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "@src/sim/mod.ts";
 * import { TcpConnection } from "./connection.ts";
 * import { resetFor } from "./segment.ts";
 * const sim = new Simulation();
 * const client: TcpConnection = new TcpConnection(sim, {
 *   localAddress: "10.0.0.1", localPort: 49152, remoteAddress: "10.0.0.2", remotePort: 81, iss: 1000,
 *   send: (syn) => sim.schedule(10, () => client.segmentArrives(resetFor(syn)!)),
 * });
 * client.connect();
 * sim.run();
 * assert.equal(client.state, "CLOSED");
 * assert.equal(client.error, "connection refused");
 * ```
 */
export class TcpConnection {
  /** The transmission control block: every variable, for study (read, don't write). */
  readonly tcb: Tcb;

  /** A CLOSED connection; call `connect()` or `listen()` next. */
  constructor(sim: Simulation, options: TcpConnectionOptions) {
    const o = parseConnectionOptions(options);
    if (o.iss === undefined && o.random === undefined) {
      throw new TypeError(
        "Cannot create a TCP connection: options random and iss are both missing; pass " +
          "random: new Random(seed) (the ISN is drawn from it) or a fixed iss",
      );
    }
    // RFC 9293 §3.4.1: ISN = M + F(...), M a 4 µs clock; F is a seeded draw here.
    const iss = o.iss ?? (Math.floor(sim.now / ISN_TICK) + o.random!.uint32()) >>> 0;
    const tcb = new Tcb(sim, { iss, receiveBuffer: o.receiveBuffer });
    this.tcb = tcb;
    tcb.name = o.name ?? `${o.localAddress}:${o.localPort}`;
    tcb.localAddress = o.localAddress;
    tcb.localPort = o.localPort;
    tcb.remoteAddress = o.remoteAddress;
    tcb.remotePort = o.remotePort;
    tcb.output = o.send as (segment: TcpSegment) => void;
    tcb.trace = o.trace ?? null;
    tcb.hooks = {
      state: o.onState as ((from: TcpState, to: TcpState) => void) | undefined,
      readable: o.onReadable as (() => void) | undefined,
    };
    tcb.localMss = o.mss;
    tcb.mss = Math.min(o.mss, 536);
    tcb.offer = { windowScale: o.windowScale, sack: o.sack, timestamps: o.timestamps };
    tcb.offeredShift = windowScaleFor(o.receiveBuffer);
    tcb.delayedAck = o.delayedAck;
    tcb.delayedAckTimeout = o.delayedAckTimeout;
    tcb.msl = o.msl;
    const { congestion, initialWindow } = o;
    tcb.makeCc = (mss) =>
      createCongestionControl(congestion, {
        mss,
        initialWindow: initialWindow === undefined ? undefined : Math.max(initialWindow, mss),
      });
    tcb.cc = tcb.makeCc(o.mss);
    tcb.rto = new RtoEstimator({ variant: o.rto, min: o.minRto });
  }

  /**
   * Current state.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.1", localPort: 1, iss: 0, send: () => {} });
   * assert.equal(tcp.state, "CLOSED");
   * ```
   */
  get state(): TcpState {
    return this.tcb.state;
  }

  /**
   * Why the connection failed (refused, reset, timed out), or null.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.1", localPort: 1, iss: 0, send: () => {} });
   * assert.equal(tcp.error, null);
   * ```
   */
  get error(): TcpError | null {
    return this.tcb.error;
  }

  /**
   * Counters: segments, retransmissions, timeouts, fast retransmits, bytes.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.1", localPort: 1, iss: 0, send: () => {} });
   * assert.equal(tcp.stats.retransmissions, 0);
   * ```
   */
  get stats(): Readonly<TcpStats> {
    return this.tcb.stats;
  }

  /**
   * A snapshot of the numbers a notebook shows: sequence variables as 32-bit numbers,
   * windows in bytes, times in ns.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.1", localPort: 1, iss: 7, send: () => {} });
   * assert.equal(tcp.info().iss, 7);
   * ```
   */
  info(): TcpInfo {
    const tcb = this.tcb;
    return {
      state: tcb.state,
      iss: tcb.iss,
      irs: tcb.irs,
      sndUna: tcb.sendSeq(tcb.sndUna),
      sndNxt: tcb.sendSeq(tcb.sndNxt),
      rcvNxt: tcb.rcvNxtSeq,
      sndWnd: tcb.sndWnd,
      rcvWnd: tcb.rcvWnd,
      mss: tcb.mss,
      cwnd: tcb.cc.cwnd,
      ssthresh: tcb.cc.ssthresh,
      srtt: tcb.rto.srtt,
      rto: tcb.rto.rto,
      flight: tcb.flight,
      unsent: Math.max(0, tcb.dataEnd - tcb.sndNxt),
      unread: tcb.receiveBuffer.unread,
      windowScale: tcb.wsOk ? { send: tcb.sndShift, receive: tcb.rcvShift } : null,
      sack: tcb.sackOk,
      timestamps: tcb.tsOk,
    };
  }

  /**
   * Active open (RFC 9293 §3.10.1): send a SYN, enter SYN-SENT.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const sent: number[] = [];
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.1", localPort: 1,
   *   remoteAddress: "10.0.0.2", remotePort: 80, iss: 7, send: (s) => sent.push(s.repr.sequenceNumber) });
   * tcp.connect();
   * assert.equal(tcp.state, "SYN-SENT");
   * assert.deepEqual(sent, [7]);
   * ```
   */
  connect(): void {
    const tcb = this.tcb;
    this.#expectState("connect()", "CLOSED");
    if (tcb.remotePort === 0 || tcb.remoteAddress === "0.0.0.0") {
      throw new TypeError(
        `Cannot connect(): remote address ${tcb.remoteAddress} port ${tcb.remotePort} is ` +
          `not set; pass remoteAddress and remotePort when creating the connection`,
      );
    }
    setState(tcb, "SYN-SENT");
    tcb.rttEnd = 1; // time the SYN
    tcb.rttStart = tcb.sim.now;
    sendSyn(tcb, "send");
  }

  /**
   * Passive open (RFC 9293 §3.10.1): wait in LISTEN for a SYN.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.2", localPort: 80, iss: 0, send: () => {} });
   * tcp.listen();
   * assert.equal(tcp.state, "LISTEN");
   * ```
   */
  listen(): void {
    this.#expectState("listen()", "CLOSED");
    this.tcb.passive = true;
    setState(this.tcb, "LISTEN");
  }

  /**
   * Process one arriving segment (RFC 9293 §3.10.7).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { tcpFlags } from "@stack/wire/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const replies: string[] = [];
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.2", localPort: 80, iss: 500,
   *   send: (s) => replies.push(`${s.repr.sequenceNumber} ${s.repr.acknowledgmentNumber}`) });
   * tcp.listen();
   * tcp.segmentArrives({ source: "10.0.0.1", destination: "10.0.0.2", repr: {
   *   sourcePort: 49152, destinationPort: 80, sequenceNumber: 99, acknowledgmentNumber: 0,
   *   flags: tcpFlags({ syn: true }), window: 65535, urgentPointer: 0, options: [], payload: new Uint8Array() } });
   * assert.equal(tcp.state, "SYN-RECEIVED");
   * assert.deepEqual(replies, ["500 100"]); // SYN-ACK: <SEQ=ISS><ACK=IRS+1>
   * ```
   */
  segmentArrives(segment: TcpSegment): void {
    segmentArrives(this.tcb, segment);
  }

  /**
   * Queue bytes to send (RFC 9293 §3.10.2 SEND); returns how many were taken (all of
   * them: the send buffer grows as needed). Allowed from SYN-SENT to CLOSE-WAIT. The
   * bytes are copied unless `options.copy` is false (`@default true`): then the caller
   * promises not to modify them until they are acknowledged, and no byte is ever copied.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.1", localPort: 1, iss: 0, send: () => {} });
   * assert.throws(() => tcp.write(new Uint8Array(1)), /connection is CLOSED/);
   * ```
   */
  write(bytes: Uint8Array, options: { copy?: boolean } = {}): number {
    const tcb = this.tcb;
    const state = tcb.state;
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError(
        `Cannot write ${typeof bytes}: pass a Uint8Array, e.g. new TextEncoder().encode("hi")`,
      );
    }
    if (!canSendData(state) && state !== "SYN-SENT" && state !== "SYN-RECEIVED") {
      throw new RangeError(
        `Cannot write: the connection is ${state}` +
          (tcb.finQueued ? " and close() was called" : "") +
          `; write between connect() and close() (ESTABLISHED or CLOSE-WAIT)`,
      );
    }
    tcb.sendBuffer.write(bytes, options);
    transmit(tcb);
    return bytes.length;
  }

  /**
   * Read up to `max` received bytes (RFC 9293 §3.10.3 RECEIVE); empty when none.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.1", localPort: 1, iss: 0, send: () => {} });
   * assert.equal(tcp.read().length, 0);
   * ```
   */
  read(max = Infinity): Uint8Array {
    const bytes = this.tcb.receiveBuffer.read(max);
    if (bytes.length > 0) this.#windowUpdate();
    return bytes;
  }

  /**
   * Hand every received chunk to `visit` without copying; returns the bytes drained.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.1", localPort: 1, iss: 0, send: () => {} });
   * assert.equal(tcp.drain(() => {}), 0);
   * ```
   */
  drain(visit: (chunk: Uint8Array) => void): number {
    const bytes = this.tcb.receiveBuffer.drain(visit);
    if (bytes > 0) this.#windowUpdate();
    return bytes;
  }

  /**
   * Whether the peer closed its side (its FIN arrived) and every byte was read.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.1", localPort: 1, iss: 0, send: () => {} });
   * assert.equal(tcp.ended, false);
   * ```
   */
  get ended(): boolean {
    return this.tcb.finReceived && this.tcb.receiveBuffer.unread === 0;
  }

  /**
   * Close our side (RFC 9293 §3.10.4): a FIN follows the queued data. From ESTABLISHED
   * to FIN-WAIT-1, from CLOSE-WAIT to LAST-ACK; LISTEN and SYN-SENT just close.
   * Closing twice does nothing.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.2", localPort: 80, iss: 0, send: () => {} });
   * tcp.listen();
   * tcp.close();
   * assert.equal(tcp.state, "CLOSED");
   * ```
   */
  close(): void {
    const tcb = this.tcb;
    switch (tcb.state) {
      case "LISTEN":
      case "SYN-SENT":
        setState(tcb, "CLOSED");
        return;
      case "SYN-RECEIVED":
      case "ESTABLISHED":
        tcb.finQueued = true;
        setState(tcb, "FIN-WAIT-1");
        break;
      case "CLOSE-WAIT":
        tcb.finQueued = true;
        setState(tcb, "LAST-ACK");
        break;
      default:
        return;
    }
    transmit(tcb);
  }

  /**
   * Abort (RFC 9293 §3.10.5): send a RST if the peer knows us, drop everything, CLOSED.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.1", localPort: 1,
   *   remoteAddress: "10.0.0.2", remotePort: 2, iss: 0, send: () => {} });
   * tcp.connect();
   * tcp.abort();
   * assert.equal(tcp.state, "CLOSED");
   * ```
   */
  abort(): void {
    if (this.tcb.state !== "CLOSED") abortConnection(this.tcb, null);
  }

  /**
   * Path MTU discovery (RFC 1191 §6.2 "TCP layer actions"): an ICMP "fragmentation
   * needed" said a segment was too big for a link on the path, whose MTU is `mtu`.
   * The send MSS drops to `mtu − 40` (20-byte IP + 20-byte TCP headers, RFC 9293
   * §3.7.1), less 12 when timestamps are on, and the segments in flight are sent again
   * at the new size — at once, without waiting for the RTO and without a congestion
   * signal (Linux `tcp_v4_mtu_reduced()` → `tcp_simple_retransmit()`). Returns whether
   * the MSS changed; a larger or equal MTU changes nothing (RFC 1191 §3: the PMTU only
   * decreases until it is aged out).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "@src/sim/mod.ts";
   * import { TcpConnection } from "./connection.ts";
   * const tcp = new TcpConnection(new Simulation(), { localAddress: "10.0.0.1", localPort: 1,
   *   remoteAddress: "10.0.0.2", remotePort: 2, iss: 0, send: () => {} });
   * assert.equal(tcp.pathMtuReduced(576), false); // MSS is still 536 before the handshake
   * assert.equal(tcp.pathMtuReduced(500), true);
   * assert.equal(tcp.tcb.mss, 460);
   * ```
   */
  pathMtuReduced(mtu: number): boolean {
    if (!Number.isInteger(mtu) || mtu < 68 || mtu > 0xffff) {
      throw new RangeError(
        `Cannot apply path MTU ${mtu}: an IPv4 MTU is an integer from 68 (RFC 791) to 65535.`,
      );
    }
    const tcb = this.tcb;
    // MSS = MTU − 20 (IP) − 20 (TCP) − 12 (timestamp option, if negotiated); Linux's
    // tcp_mtu_to_mss() floors it at tcp_min_snd_mss (48).
    const mss = Math.max(48, mtu - 40 - (tcb.tsOk ? 12 : 0));
    if (mss >= tcb.mss) return false;
    tcb.mss = mss;
    // Data (or a FIN) in flight after the handshake (sndUna 0 is the SYN, never too big).
    if (tcb.sndNxt > tcb.sndUna && tcb.sndUna > 0 && isSynchronized(tcb.state)) {
      tcb.rttEnd = -1; // Karn: do not time a retransmitted segment
      tcb.highRetransmitted = tcb.sndUna;
      tcb.sndNxt = tcb.sndUna; // go back: everything in flight is resent at the new size
      retransmitOldest(tcb, "retransmit");
      transmit(tcb);
    }
    return true;
  }

  // After the application reads, tell a peer that may be blocked about the new space:
  // when the window it knows is below half of what is free and the edge can move by
  // SWS avoidance's min(buffer/2, MSS) (RFC 9293 §3.8.6.2.2; Linux tcp_cleanup_rbuf()).
  #windowUpdate(): void {
    const tcb = this.tcb;
    if (!isSynchronized(tcb.state) || tcb.finReceived || tcb.processing) return;
    const free = tcb.receiveBuffer.window;
    const known = tcb.rcvWnd;
    const step = Math.min(tcb.receiveBuffer.capacity / 2, tcb.localMss);
    if (known < free / 2 && free - known >= step) sendAck(tcb);
  }

  #expectState(call: string, expected: TcpState): void {
    if (this.tcb.state !== expected) {
      throw new RangeError(
        `Cannot ${call}: the connection is ${this.tcb.state}, not ${expected}; ` +
          `create a new TcpConnection for a new connection`,
      );
    }
  }
}
