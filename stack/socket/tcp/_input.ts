// A segment arrives (RFC 9293 §3.10.7): the event-processing rules, state by state.
// Private to the endpoint; `TcpConnection.segmentArrives()` calls `segmentArrives()`.
//
//   CLOSED        answer with a reset (§3.10.7.1)
//   LISTEN        a SYN starts a connection: send SYN-ACK, go to SYN-RECEIVED (§3.10.7.2)
//   SYN-SENT      a SYN-ACK completes our open; a bare SYN means a simultaneous open (§3.10.7.3)
//   otherwise     the eight checks of §3.10.7.4, in order:
//                 1 sequence number acceptable?  2 RST  3 (security)  4 SYN
//                 5 ACK: advance SND.UNA, window, loss detection  6 (URG)
//                 7 segment text  8 FIN

import type { TcpOption, TcpRepr } from "@stack/wire/mod.ts";
import { DEFAULT_PEER_MSS, FALLBACK_RTO, MAX_WINDOW_SCALE } from "./params.ts";
import { resetFor, segmentLength, type TcpSegment } from "./segment.ts";
import { seqDiff, seqLe, seqLt } from "./sequence.ts";
import type { Tcb } from "./tcb.ts";
import { sendAck, sendSyn, setState, transmit } from "./_output.ts";
import { armDelayedAck, armTimeWait, stopRto } from "./_timers.ts";
import { processAck, takeRttSample } from "./_ack.ts";

/** Process one arriving segment addressed to this connection. */
export function segmentArrives(tcb: Tcb, segment: TcpSegment): void {
  tcb.processing = true;
  try {
    dispatch(tcb, segment);
  } finally {
    tcb.processing = false;
  }
}

function dispatch(tcb: Tcb, segment: TcpSegment): void {
  const repr = segment.repr;
  tcb.stats.segmentsReceived++;
  if (tcb.trace !== null) {
    const f = repr.flags;
    const letters = (f.fin ? "F" : "") + (f.syn ? "S" : "") + (f.rst ? "R" : "") +
      (f.psh ? "P" : "") + (f.ack ? "." : "");
    tcb.log(
      "receive",
      repr.sequenceNumber,
      repr.acknowledgmentNumber,
      repr.payload.length,
      letters,
      repr.flags.syn ? repr.window : repr.window * 2 ** tcb.sndShift,
      segment.id ?? null,
    );
  }
  switch (tcb.state) {
    case "CLOSED":
      replyReset(tcb, segment);
      return;
    case "LISTEN":
      listen(tcb, segment);
      return;
    case "SYN-SENT":
      synSent(tcb, segment);
      return;
    default:
      synchronized(tcb, segment);
  }
}

function replyReset(tcb: Tcb, segment: TcpSegment): void {
  const reset = resetFor(segment);
  if (reset === null) return;
  const id = ++tcb.stats.segmentsSent;
  const r = reset.repr;
  tcb.log("send", r.sequenceNumber, r.acknowledgmentNumber, 0, r.flags.ack ? "R." : "R", 0, id);
  tcb.output({ ...reset, id });
}

// §3.10.7.2: first check for RST (ignore), then ACK (reset), then SYN.
function listen(tcb: Tcb, segment: TcpSegment): void {
  const repr = segment.repr;
  if (repr.flags.rst) return;
  if (repr.flags.ack) {
    replyReset(tcb, segment); // <SEQ=SEG.ACK><CTL=RST>
    return;
  }
  if (!repr.flags.syn) return;
  tcb.remoteAddress = segment.source;
  tcb.remotePort = repr.sourcePort;
  tcb.irs = repr.sequenceNumber;
  tcb.synReceived = true;
  readSynOptions(tcb, repr);
  setState(tcb, "SYN-RECEIVED");
  tcb.rttEnd = 1; // time the SYN-ACK
  tcb.rttStart = tcb.sim.now;
  sendSyn(tcb, "send"); // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
}

// Negotiate from the peer's SYN: MSS (RFC 9293 §3.7.1), window scale (RFC 7323 §2),
// SACK-permitted (RFC 2018 §2), timestamps (RFC 7323 §3). Both must offer an option.
function readSynOptions(tcb: Tcb, repr: TcpRepr): void {
  let peerMss = DEFAULT_PEER_MSS;
  let shift = -1;
  let sack = false;
  let timestamp: (TcpOption & { kind: "timestamps" }) | null = null;
  for (const option of repr.options) {
    if (option.kind === "mss") peerMss = option.value;
    else if (option.kind === "windowScale") shift = option.shift;
    else if (option.kind === "sackPermitted") sack = true;
    else if (option.kind === "timestamps") timestamp = option;
  }
  tcb.wsOk = tcb.offer.windowScale && shift >= 0;
  // RFC 7323 §2.3: a shift above 14 is used as 14.
  tcb.sndShift = tcb.wsOk ? Math.min(shift, MAX_WINDOW_SCALE) : 0;
  tcb.rcvShift = tcb.wsOk ? tcb.offeredShift : 0;
  tcb.sackOk = tcb.offer.sack && sack;
  tcb.tsOk = tcb.offer.timestamps && timestamp !== null;
  if (timestamp !== null) tcb.tsRecent = timestamp.value;
  // Effective send MSS (RFC 9293 §3.7.1): the smaller MSS, less the 12 bytes every
  // segment's timestamp option takes (as Linux's tcp_mss_cache).
  tcb.mss = Math.min(peerMss, tcb.localMss) - (tcb.tsOk ? 12 : 0);
  tcb.cc = tcb.makeCc(tcb.mss);
  // Windows in SYN segments are not scaled (RFC 7323 §2.2).
  tcb.sndWnd = repr.window;
  tcb.maxSndWnd = Math.max(tcb.maxSndWnd, repr.window);
  tcb.sndWl1 = repr.sequenceNumber;
  tcb.sndWl2 = repr.acknowledgmentNumber;
}

// §3.10.7.3
function synSent(tcb: Tcb, segment: TcpSegment): void {
  const repr = segment.repr;
  const flags = repr.flags;
  let ackPosition = 0;
  if (flags.ack) {
    ackPosition = tcb.sendPosition(repr.acknowledgmentNumber);
    // "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set)"
    if (ackPosition <= 0 || ackPosition > tcb.sndMax) {
      if (!flags.rst) replyReset(tcb, segment);
      return;
    }
  }
  if (flags.rst) {
    // Acceptable ACK with RST: "error: connection reset" — to connect(), refused.
    if (flags.ack) {
      tcb.error = "connection refused";
      setState(tcb, "CLOSED");
    }
    return;
  }
  if (!flags.syn) return;
  tcb.irs = repr.sequenceNumber;
  tcb.synReceived = true;
  readSynOptions(tcb, repr);
  if (flags.ack) {
    takeRttSample(tcb, repr, ackPosition);
    tcb.sndUna = ackPosition;
    handshakeDone(tcb);
    // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, sent before the state hook can queue data
    sendAck(tcb);
    setState(tcb, "ESTABLISHED");
    transmit(tcb);
  } else {
    // Simultaneous open (RFC 9293 §3.5 Figure 7): both sent SYNs; answer with SYN-ACK.
    setState(tcb, "SYN-RECEIVED");
    sendSyn(tcb, "send");
  }
}

// The SYN was ACKed. RFC 6298 §5.7: if it had to be retransmitted and no RTT sample
// exists, data transmission starts with RTO = 3 s.
function handshakeDone(tcb: Tcb): void {
  if (tcb.rto.srtt === null) tcb.rto.reset(tcb.retries > 0 ? FALLBACK_RTO : tcb.rto.rto);
  tcb.retries = 0;
  stopRto(tcb);
}

// §3.10.7.4: SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1/2, CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT.
function synchronized(tcb: Tcb, segment: TcpSegment): void {
  const repr = segment.repr;
  const flags = repr.flags;
  const rcvNxt = tcb.rcvNxt;
  // Receive position of the segment's first sequence number.
  let position = rcvNxt + seqDiff(repr.sequenceNumber, tcb.rcvNxtSeq);
  let syn = flags.syn;
  let length = segmentLength(repr);
  if (tcb.state === "SYN-RECEIVED" && syn && flags.ack && position === 0) {
    // Simultaneous open: the peer's SYN-ACK repeats the SYN we have; keep only its ACK.
    syn = false;
    position = 1;
    length -= 1;
  }

  // First: is the sequence number acceptable? (the four cases of §3.10.7.4)
  //   SEG.LEN  RCV.WND  test
  //   0        0        SEG.SEQ = RCV.NXT
  //   0        >0       RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
  //   >0       0        not acceptable
  //   >0       >0       RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
  //                  or RCV.NXT =< SEG.SEQ+SEG.LEN-1 < RCV.NXT+RCV.WND
  const window = tcb.rcvWnd;
  const edge = rcvNxt + window;
  const last = position + length - 1;
  let acceptable = length === 0
    ? (window === 0 ? position === rcvNxt : rcvNxt <= position && position < edge)
    : window > 0 &&
      ((rcvNxt <= position && position < edge) || (rcvNxt <= last && last < edge));
  let textAllowed = true;
  if (!acceptable && window === 0 && position === rcvNxt && flags.ack && !flags.rst) {
    // "special allowance should be made to accept valid ACKs": a zero window still
    // takes the ACK, but not the data (answered with an ACK below).
    acceptable = true;
    textAllowed = false;
  }
  if (!acceptable) {
    if (flags.rst) return;
    if (tcb.state === "TIME-WAIT" && flags.fin) armTimeWait(tcb); // a retransmitted FIN
    sendAck(tcb); // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    return;
  }
  if (syn) updateTimestamp(tcb, repr);

  // Second: RST. RFC 5961 §3.2: reset only on an exact RCV.NXT match, else challenge.
  if (flags.rst) {
    if (position !== rcvNxt) {
      sendAck(tcb);
      return;
    }
    if (tcb.state === "SYN-RECEIVED" && tcb.passive) {
      setState(tcb, "CLOSED"); // back to LISTEN: the listener keeps listening
    } else {
      const state = tcb.state;
      if (state !== "CLOSING" && state !== "LAST-ACK" && state !== "TIME-WAIT") {
        tcb.error = state === "SYN-RECEIVED" ? "connection refused" : "connection reset";
      }
      setState(tcb, "CLOSED");
    }
    return;
  }

  // Fourth: a SYN in a synchronized state gets a challenge ACK (RFC 5961 §4).
  if (syn) {
    sendAck(tcb);
    return;
  }
  updateTimestamp(tcb, repr);

  // Fifth: the ACK field.
  if (!flags.ack) return;
  const ackPosition = tcb.sendPosition(repr.acknowledgmentNumber);
  if (tcb.state === "SYN-RECEIVED") {
    if (ackPosition <= 0 || ackPosition > tcb.sndMax) {
      replyReset(tcb, segment); // <SEQ=SEG.ACK><CTL=RST>
      return;
    }
    handshakeDone(tcb); // the RTT sample, if any, comes with the ACK processing below
    setState(tcb, "ESTABLISHED");
    // The window of this ACK is scaled; take it as the first update.
    tcb.sndWl1 = (repr.sequenceNumber - 1) >>> 0;
  }
  if (!processAck(tcb, repr, ackPosition)) return;
  const finAcked = tcb.finQueued && tcb.sndUna === tcb.dataEnd + 1;
  switch (tcb.state) {
    case "FIN-WAIT-1":
      if (finAcked) setState(tcb, "FIN-WAIT-2");
      break;
    case "CLOSING":
      if (finAcked) setState(tcb, "TIME-WAIT");
      return;
    case "LAST-ACK":
      if (finAcked) setState(tcb, "CLOSED");
      return;
    case "TIME-WAIT":
      return;
  }

  // Seventh: segment text, in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2 only.
  const state = tcb.state;
  const receiving = state === "ESTABLISHED" || state === "FIN-WAIT-1" || state === "FIN-WAIT-2";
  if (repr.payload.length > 0 && receiving) {
    if (textAllowed) receiveText(tcb, position, repr.payload);
    else sendAck(tcb);
  }

  // Eighth: FIN.
  if (flags.fin && textAllowed) {
    const finPosition = position + length - 1;
    if (finPosition === tcb.rcvNxt) receiveFin(tcb);
    else if (finPosition > tcb.rcvNxt && finPosition <= tcb.rcvEdge) tcb.pendingFin = finPosition;
  }
}

// RFC 7323 §4.3: remember the peer's TSval to echo if the segment covers Last.ACK.sent.
function updateTimestamp(tcb: Tcb, repr: TcpRepr): void {
  if (!tcb.tsOk || seqLt(tcb.lastAckSent, repr.sequenceNumber)) return;
  for (const option of repr.options) {
    if (option.kind === "timestamps" && seqLe(tcb.tsRecent, option.value)) {
      tcb.tsRecent = option.value;
    }
  }
}

function receiveText(tcb: Tcb, position: number, payload: Uint8Array): void {
  const buffer = tcb.receiveBuffer;
  const before = tcb.rcvNxt;
  const hadGap = buffer.outOfOrder > 0;
  const advanced = buffer.accept(position - 1, payload);
  tcb.stats.bytesReceived += advanced;
  if (tcb.pendingFin >= 0 && tcb.pendingFin === tcb.rcvNxt) {
    if (advanced > 0) tcb.hooks.readable?.();
    receiveFin(tcb);
    return;
  }
  if (advanced > 0) tcb.hooks.readable?.();
  if (tcb.state === "CLOSED") return;
  // RFC 5681 §4.2: ACK out-of-order segments and gap fills at once; otherwise delayed
  // ACKs may wait for every second full-sized segment (RFC 9293 §3.8.6.3).
  if (!tcb.delayedAck || position !== before || hadGap || advanced === 0) {
    sendAck(tcb);
    return;
  }
  tcb.unacked++;
  if (tcb.unacked >= 2) sendAck(tcb);
  else armDelayedAck(tcb);
}

function receiveFin(tcb: Tcb): void {
  tcb.finReceived = true;
  tcb.pendingFin = -1;
  sendAck(tcb);
  switch (tcb.state) {
    case "SYN-RECEIVED":
    case "ESTABLISHED":
      setState(tcb, "CLOSE-WAIT");
      break;
    case "FIN-WAIT-1":
      // Our FIN not yet ACKed: both closed at once (RFC 9293 §3.6 Figure 13).
      setState(tcb, tcb.sndUna === tcb.dataEnd + 1 ? "TIME-WAIT" : "CLOSING");
      break;
    case "FIN-WAIT-2":
      setState(tcb, "TIME-WAIT");
      break;
  }
  tcb.hooks.readable?.(); // end of stream is readable too
}
