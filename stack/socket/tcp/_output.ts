// What a connection sends, and when it may (RFC 9293 §3.8.6, RFC 5681, RFC 6298 §5):
// segment construction, the transmit loop, retransmissions, ACKs and resets. Private to
// the endpoint: `connection.ts`, `_input.ts` and `_timers.ts` call these on a `Tcb`.
//
//   transmit():  while there is data and room,
//     room = SND.UNA + min(cwnd, SND.WND) − SND.NXT          (RFC 5681 §2, RFC 9293 §3.8.6)
//     send min(MSS, room, unsent) bytes at SND.NXT, skipping bytes the peer SACKed
//     (sender SWS avoidance holds back a small new segment unless it ends the data)

import {
  formatTcpFlags,
  TcpFlag,
  type TcpFlags,
  tcpFlagsFromByte,
  type TcpOption,
  type TcpRepr,
} from "@stack/wire/mod.ts";
import { MAX_SACK_BLOCKS, TIMESTAMP_TICK } from "./params.ts";
import type { TcpState } from "./state.ts";
import type { Tcb, TcpError as TcbError } from "./tcb.ts";
import type { TcpTraceEvent } from "./trace_row.ts";
import { armRto, armTimeWait, cancelTimers, maybeArmPersist } from "./_timers.ts";

const FLAGS: TcpFlags[] = [];
const FLAG_TEXT: string[] = [];
for (let byte = 0; byte < 256; byte++) {
  FLAGS.push(Object.freeze(tcpFlagsFromByte(byte)));
  FLAG_TEXT.push(formatTcpFlags(FLAGS[byte]));
}
const EMPTY = new Uint8Array(0);
const NO_OPTIONS: readonly TcpOption[] = Object.freeze([]);
const ACK = TcpFlag.Ack;

/** Move to `next`, log it, tell the hooks; entering CLOSED or TIME-WAIT settles timers. */
export function setState(tcb: Tcb, next: TcpState): void {
  const from = tcb.state;
  if (from === next) return;
  tcb.state = next;
  if (next === "CLOSED") cancelTimers(tcb);
  if (next === "TIME-WAIT") {
    cancelTimers(tcb);
    armTimeWait(tcb);
  }
  tcb.log("state", tcb.sendSeq(tcb.sndNxt), tcb.rcvNxtSeq, 0, "", 0);
  tcb.hooks.state?.(from, next);
}

/** The current TSval: our clock in 1 ms ticks, from 1 so a TSecr of 0 means "none". */
export function timestampNow(tcb: Tcb): number {
  return (Math.floor(tcb.sim.now / TIMESTAMP_TICK) + 1) >>> 0;
}

// RFC 9293 §3.8.6.2.2 receiver SWS avoidance: move the right edge only when it can move
// by min(half the buffer, one MSS); never move it left. Returns the window in bytes.
function advertisedWindow(tcb: Tcb): number {
  const buffer = tcb.receiveBuffer;
  const next = tcb.rcvNxt;
  const edge = next + buffer.window;
  if (edge - tcb.rcvEdge >= Math.min(buffer.capacity / 2, tcb.localMss)) {
    // What the 16-bit field can say after scaling (RFC 7323 §2.3): round down.
    const field = Math.min(0xffff, (edge - next) >>> tcb.rcvShift);
    tcb.rcvEdge = Math.max(tcb.rcvEdge, next + field * 2 ** tcb.rcvShift);
  }
  return Math.max(0, tcb.rcvEdge - next);
}

function synOptions(tcb: Tcb, answering: boolean): TcpOption[] {
  // A SYN offers what we support; a SYN-ACK may only echo what the peer offered
  // (RFC 7323 §2.2 and §3.2, RFC 2018 §2).
  const options: TcpOption[] = [{ kind: "mss", value: tcb.localMss }];
  if (answering ? tcb.wsOk : tcb.offer.windowScale) {
    options.push({ kind: "nop" }, { kind: "windowScale", shift: tcb.offeredShift });
  }
  if (answering ? tcb.sackOk : tcb.offer.sack) options.push({ kind: "sackPermitted" });
  if (answering ? tcb.tsOk : tcb.offer.timestamps) {
    options.push({ kind: "timestamps", value: timestampNow(tcb), echoReply: tcb.tsRecent });
  }
  return options;
}

function dataOptions(tcb: Tcb): readonly TcpOption[] {
  const hasSack = tcb.sackOk && tcb.receiveBuffer.outOfOrder > 0;
  if (!tcb.tsOk && !hasSack) return NO_OPTIONS;
  const options: TcpOption[] = [];
  if (tcb.tsOk) {
    options.push({ kind: "timestamps", value: timestampNow(tcb), echoReply: tcb.tsRecent });
  }
  if (hasSack) {
    // RFC 2018 §3: at most 4 blocks, 3 when timestamps take 10 of the 40 option bytes.
    const blocks = tcb.receiveBuffer.sackBlocks(tcb.tsOk ? MAX_SACK_BLOCKS - 1 : MAX_SACK_BLOCKS);
    const base = tcb.irs + 1; // receive stream offset 0 is sequence number IRS + 1
    options.push({
      kind: "sack",
      blocks: blocks.map((b) => ({ left: (base + b.start) >>> 0, right: (base + b.end) >>> 0 })),
    });
  }
  return options;
}

/** Build and hand off one segment at send `position`; logs it as `event`. */
export function emitSegment(
  tcb: Tcb,
  position: number,
  payload: Uint8Array,
  flags: number,
  event: TcpTraceEvent,
): void {
  const syn = (flags & TcpFlag.Syn) !== 0;
  const ackOn = (flags & ACK) !== 0;
  let window: number;
  let field: number;
  if (syn) {
    // Windows in SYN segments are never scaled (RFC 7323 §2.2).
    window = field = Math.min(0xffff, tcb.receiveBuffer.window);
    tcb.rcvEdge = Math.max(tcb.rcvEdge, 1 + window);
  } else {
    window = advertisedWindow(tcb);
    field = Math.min(0xffff, window >>> tcb.rcvShift);
  }
  const seq = tcb.sendSeq(position);
  const ack = ackOn ? tcb.rcvNxtSeq : 0;
  const repr: TcpRepr = {
    sourcePort: tcb.localPort,
    destinationPort: tcb.remotePort,
    sequenceNumber: seq,
    acknowledgmentNumber: ack,
    flags: FLAGS[flags],
    window: field,
    urgentPointer: 0,
    options: syn ? synOptions(tcb, ackOn) : (flags & TcpFlag.Rst) ? NO_OPTIONS : dataOptions(tcb),
    payload,
  };
  tcb.stats.segmentsSent++;
  if (ackOn) {
    tcb.lastAckSent = ack;
    tcb.unacked = 0;
    if (tcb.ackEvent !== null) {
      tcb.ackEvent.cancel();
      tcb.ackEvent = null;
    }
  }
  const id = tcb.stats.segmentsSent;
  tcb.log(event, seq, ack, payload.length, FLAG_TEXT[flags], window, id);
  tcb.output({ source: tcb.localAddress, destination: tcb.remoteAddress, repr, id });
}

/** Send a bare ACK now: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. */
export function sendAck(tcb: Tcb): void {
  emitSegment(tcb, tcb.sndNxt, EMPTY, ACK, "send");
}

/** End the connection with `error`, telling the peer by RST when it knows us (RFC 9293 §3.10.5). */
export function abortConnection(tcb: Tcb, error: TcbError | null): void {
  if (tcb.state !== "CLOSED" && tcb.state !== "LISTEN" && tcb.state !== "SYN-SENT") sendReset(tcb);
  if (error !== null) tcb.error = error;
  setState(tcb, "CLOSED");
}

/** Send (or resend) our SYN, or SYN-ACK once the peer's SYN is in. */
export function sendSyn(tcb: Tcb, event: TcpTraceEvent): void {
  const flags = TcpFlag.Syn | (tcb.synReceived ? ACK : 0);
  emitSegment(tcb, 0, EMPTY, flags, event);
  if (tcb.sndNxt < 1) tcb.sndNxt = 1;
  if (tcb.sndMax < 1) tcb.sndMax = 1;
  armRto(tcb, false);
}

/** <SEQ=SND.NXT><CTL=RST>: what ABORT sends in a synchronized state (RFC 9293 §3.10.5). */
export function sendReset(tcb: Tcb): void {
  emitSegment(tcb, tcb.sndNxt, EMPTY, TcpFlag.Rst, "send");
}

// The first position ≥ `position` the peer has not SACKed.
function skipSacked(tcb: Tcb, position: number): number {
  for (const range of tcb.sacked) {
    if (range.start <= position && position < range.end) position = range.end;
  }
  return position;
}

// Where the next SACKed range above `position` begins (Infinity if none).
function sackedStartAfter(tcb: Tcb, position: number): number {
  for (const range of tcb.sacked) if (range.start > position) return range.start;
  return Infinity;
}

// Send `length` data bytes at `position` (a FIN too when `fin`).
function sendData(tcb: Tcb, position: number, length: number, fin: boolean, event?: TcpTraceEvent) {
  const payload = tcb.sendBuffer.slice(position - 1, length);
  const end = position + length;
  const retransmission = position < tcb.sndMax;
  const last = end === tcb.dataEnd;
  const flags = ACK | (last && length > 0 ? TcpFlag.Psh : 0) | (fin ? TcpFlag.Fin : 0);
  emitSegment(tcb, position, payload, flags, event ?? (retransmission ? "retransmit" : "send"));
  tcb.stats.bytesSent += length;
  if (retransmission) {
    tcb.stats.retransmissions++;
    if (tcb.highRetransmitted < end) tcb.highRetransmitted = end;
    tcb.rttEnd = -1; // Karn: no RTT sample while a retransmission is outstanding
  } else if (tcb.rttEnd < 0 && !tcb.tsOk) {
    tcb.rttEnd = end; // time this segment (RFC 6298 §3: at least one sample per RTT)
    tcb.rttStart = tcb.sim.now;
  }
  const next = end + (fin ? 1 : 0);
  if (tcb.sndNxt < next) tcb.sndNxt = next;
  if (tcb.sndMax < next) tcb.sndMax = next;
  armRto(tcb, false); // RFC 6298 (5.1): start the timer if it is not running
}

/** Resend the oldest unacknowledged segment (SYN, data or FIN), window or not. */
export function retransmitOldest(tcb: Tcb, event: TcpTraceEvent): void {
  const position = tcb.sndUna;
  if (position === 0) {
    sendSyn(tcb, event);
    return;
  }
  sendSegmentAt(tcb, position, event);
}

function sendSegmentAt(tcb: Tcb, position: number, event: TcpTraceEvent): void {
  const dataEnd = tcb.dataEnd;
  if (position >= dataEnd) {
    if (tcb.finQueued) sendData(tcb, dataEnd, 0, true, event);
    return;
  }
  const length = Math.min(tcb.mss, dataEnd - position, sackedStartAfter(tcb, position) - position);
  sendData(tcb, position, length, tcb.finQueued && position + length === dataEnd, event);
}

/**
 * SACK loss recovery, simplified from RFC 6675 §4 (NextSeg rule 1): resend the first
 * hole below the highest SACKed byte not yet resent in this recovery. Returns whether
 * it sent one.
 */
export function retransmitNextHole(tcb: Tcb): boolean {
  const ranges = tcb.sacked;
  if (ranges.length === 0) return false;
  let position = Math.max(tcb.sndUna, tcb.highRetransmitted);
  position = skipSacked(tcb, position);
  const highest = ranges[ranges.length - 1].end;
  if (position >= highest || position >= tcb.dataEnd) return false;
  sendSegmentAt(tcb, position, "retransmit");
  return true;
}

/**
 * Send whatever the windows allow. `force` sends one segment even if sender SWS
 * avoidance would wait (the persist timer's duty when a small window stays open).
 */
export function transmit(tcb: Tcb, force = false): void {
  const state = tcb.state;
  if (
    state !== "ESTABLISHED" && state !== "CLOSE-WAIT" && state !== "FIN-WAIT-1" &&
    state !== "CLOSING" && state !== "LAST-ACK"
  ) return;
  const mss = tcb.mss;
  const dataEnd = tcb.dataEnd;
  for (;;) {
    const limit = tcb.sndUna + Math.min(tcb.cc.cwnd, tcb.sndWnd);
    let position = tcb.sndNxt;
    if (position < tcb.sndMax && tcb.sacked.length > 0) {
      position = tcb.sndNxt = skipSacked(tcb, position);
    }
    if (position < dataEnd) {
      let length = Math.min(mss, dataEnd - position, limit - position);
      if (position < tcb.sndMax) {
        length = Math.min(length, sackedStartAfter(tcb, position) - position);
      }
      if (length <= 0) break;
      // Sender SWS avoidance (RFC 9293 §3.8.6.2.1): a new segment goes if it is full, or
      // ends the data, or fills half the largest window the peer ever offered.
      if (
        !force && position >= tcb.sndMax && length < mss && position + length < dataEnd &&
        length < tcb.maxSndWnd / 2
      ) break;
      force = false;
      sendData(tcb, position, length, tcb.finQueued && position + length === dataEnd);
      continue;
    }
    if (tcb.finQueued && position === dataEnd) sendData(tcb, dataEnd, 0, true);
    break;
  }
  maybeArmPersist(tcb);
}
