// The ACK field of an arriving segment (RFC 9293 §3.10.7.4, fifth check): advance
// SND.UNA, take the window (SND.WL1/WL2 rule), sample the RTT, and detect and repair
// loss (RFC 5681 §3.2 fast retransmit and recovery, RFC 6582 NewReno, RFC 2018 SACK).
// Private to the endpoint; `_input.ts` calls `processAck()`.
//
//   ACK > SND.MAX          acknowledges nothing we sent: answer with an ACK, drop
//   ACK < SND.UNA          old duplicate: ignore
//   ACK = SND.UNA          duplicate ACK if it carries nothing else (RFC 5681 §2):
//                          the 3rd starts fast retransmit, later ones inflate cwnd
//   ACK > SND.UNA          new data acknowledged: cwnd grows, or recovery advances

import type { TcpRepr } from "@stack/wire/mod.ts";
import { DUPLICATE_ACK_THRESHOLD, TIMESTAMP_TICK } from "./params.ts";
import { seqDiff, seqLe, seqLt } from "./sequence.ts";
import type { Tcb } from "./tcb.ts";
import { retransmitNextHole, retransmitOldest, sendAck, transmit } from "./_output.ts";
import { armRto, stopPersist, stopRto } from "./_timers.ts";

// RTT samples: from the timestamp echo when timestamps are on (RFC 7323 §4.1), else
// from the one timed segment (RFC 6298 §3, Karn's rule enforced when sending).
export function takeRttSample(tcb: Tcb, repr: TcpRepr, ackPosition: number): void {
  let rtt = -1;
  if (tcb.tsOk) {
    for (const option of repr.options) {
      if (option.kind === "timestamps" && option.echoReply !== 0) {
        const ticks = seqDiff(Math.floor(tcb.sim.now / TIMESTAMP_TICK) + 1, option.echoReply);
        if (ticks >= 0) rtt = Math.max(1, ticks) * TIMESTAMP_TICK;
      }
    }
  } else if (tcb.rttEnd >= 0 && ackPosition >= tcb.rttEnd) {
    rtt = tcb.sim.now - tcb.rttStart;
    tcb.rttEnd = -1;
  }
  if (rtt < 0) return;
  const newRound = ackPosition > tcb.rttRoundEnd; // Linux: mdev_max decays once per RTT
  if (newRound) tcb.rttRoundEnd = tcb.sndNxt;
  tcb.rto.sample(rtt, newRound);
}

// The ACK field: RFC 9293 §3.10.7.4 fifth check, with loss detection (RFC 5681 §3.2)
// and NewReno recovery (RFC 6582 §3.2). Returns false when the segment is dropped.
export function processAck(tcb: Tcb, repr: TcpRepr, ackPosition: number): boolean {
  if (ackPosition > tcb.sndMax) {
    sendAck(tcb); // "acks something not yet sent": send an ACK, drop the segment
    return false;
  }
  if (ackPosition < tcb.sndUna) return true; // an old duplicate: ignore the ACK
  if (tcb.sackOk) readSack(tcb, repr);
  const window = repr.window * 2 ** tcb.sndShift;
  const windowChanged = window !== tcb.sndWnd;
  // Window update, "if SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)":
  // the newest segment's window wins, never an older, reordered one.
  const seq = repr.sequenceNumber;
  const ack = repr.acknowledgmentNumber;
  if (seqLt(tcb.sndWl1, seq) || (tcb.sndWl1 === seq && seqLe(tcb.sndWl2, ack))) {
    tcb.sndWnd = window;
    tcb.sndWl1 = seq;
    tcb.sndWl2 = ack;
    if (window > tcb.maxSndWnd) tcb.maxSndWnd = window;
    if (window > 0 && tcb.persistEvent !== null) stopPersist(tcb);
  }
  if (ackPosition === tcb.sndUna) {
    // RFC 5681 §2 duplicate ACK: data outstanding, no data or SYN/FIN on it, same ACK
    // number, and the window unchanged.
    const duplicate = tcb.sndMax > tcb.sndUna && repr.payload.length === 0 &&
      !repr.flags.fin && !windowChanged;
    if (duplicate) duplicateAck(tcb);
    else if (windowChanged) transmit(tcb);
    return true;
  }
  newAck(tcb, repr, ackPosition);
  return true;
}

// RFC 2018: record the SACKed ranges (as positions above SND.UNA), merged and sorted.
function readSack(tcb: Tcb, repr: TcpRepr): void {
  for (const option of repr.options) {
    if (option.kind !== "sack") continue;
    for (const block of option.blocks) {
      const start = tcb.sendPosition(block.left);
      const end = tcb.sendPosition(block.right);
      if (end <= start || end <= tcb.sndUna || end > tcb.sndMax) continue;
      insertRange(tcb.sacked, Math.max(start, tcb.sndUna), end);
    }
  }
}

function insertRange(ranges: { start: number; end: number }[], start: number, end: number) {
  let i = 0;
  while (i < ranges.length && ranges[i].end < start) i++;
  let j = i;
  while (j < ranges.length && ranges[j].start <= end) {
    start = Math.min(start, ranges[j].start);
    end = Math.max(end, ranges[j].end);
    j++;
  }
  ranges.splice(i, j - i, { start, end });
}

function duplicateAck(tcb: Tcb): void {
  tcb.duplicateAcks++;
  tcb.stats.duplicateAcks++;
  const cc = tcb.cc;
  if (tcb.inRecovery) {
    // Each duplicate ACK means a segment left the network: with SACK, spend it on the
    // next hole; otherwise inflate cwnd by one SMSS (RFC 5681 §3.2 step 5).
    if (tcb.sackOk && retransmitNextHole(tcb)) return;
    cc.cwnd += tcb.mss;
    transmit(tcb);
    return;
  }
  // RFC 6582 §3.2 step 2: enter recovery only if the ACK covers more than `recover`.
  if (tcb.duplicateAcks !== DUPLICATE_ACK_THRESHOLD || tcb.sndUna < tcb.recover) return;
  const flight = tcb.sndMax - tcb.sndUna;
  cc.onCongestion("duplicate-acks", { now: tcb.sim.now, flight }); // RFC 5681 (4)
  tcb.inRecovery = true;
  tcb.recover = tcb.sndMax; // RFC 6582 §3.2 step 3: recover ← highest sequence sent
  tcb.highRetransmitted = tcb.sndUna;
  tcb.stats.fastRetransmits++;
  retransmitOldest(tcb, "fast-retransmit"); // RFC 5681 §3.2 step 3
  cc.cwnd = cc.ssthresh + DUPLICATE_ACK_THRESHOLD * tcb.mss; // step 4: ssthresh + 3·SMSS
  transmit(tcb);
}

function newAck(tcb: Tcb, repr: TcpRepr, ackPosition: number): void {
  const now = tcb.sim.now;
  const dataEnd = tcb.dataEnd;
  // Data bytes newly acknowledged (the SYN and FIN take a position but carry no byte).
  const acked = Math.max(0, Math.min(ackPosition, dataEnd) - Math.max(tcb.sndUna, 1));
  const flight = tcb.sndMax - tcb.sndUna;
  takeRttSample(tcb, repr, ackPosition);
  tcb.sndUna = ackPosition;
  if (tcb.sndNxt < ackPosition) tcb.sndNxt = ackPosition;
  if (tcb.highRetransmitted < ackPosition) tcb.highRetransmitted = ackPosition;
  tcb.sendBuffer.release(Math.min(ackPosition, dataEnd) - 1);
  const sacked = tcb.sacked;
  while (sacked.length > 0 && sacked[0].end <= ackPosition) sacked.shift();
  if (sacked.length > 0 && sacked[0].start < ackPosition) sacked[0].start = ackPosition;
  tcb.retries = 0;
  const cc = tcb.cc;
  let restartTimer = true;
  if (tcb.inRecovery) {
    if (ackPosition >= tcb.recover) {
      // Full ACK (RFC 6582 §3.2 step 3, option 2): deflate, cwnd ← ssthresh.
      tcb.inRecovery = false;
      tcb.duplicateAcks = 0;
      cc.cwnd = cc.ssthresh;
    } else {
      // Partial ACK (step 5): resend the next unacknowledged segment, deflate cwnd by
      // the new data ACKed and add back one SMSS if at least one was ACKed. Only the
      // first partial ACK restarts the timer (the "impatient" variant).
      // With SACK the next hole may already have been resent for a duplicate ACK.
      if (!tcb.sackOk || !retransmitNextHole(tcb)) {
        if (!tcb.sackOk || tcb.highRetransmitted <= tcb.sndUna) retransmitOldest(tcb, "retransmit");
      }
      cc.cwnd = Math.max(tcb.mss, cc.cwnd - acked + (acked >= tcb.mss ? tcb.mss : 0));
      restartTimer = tcb.duplicateAcks > 0;
      tcb.duplicateAcks = 0;
    }
  } else {
    tcb.duplicateAcks = 0;
    if (acked > 0) cc.onAck(acked, { now, srtt: tcb.rto.srtt, flight });
  }
  tcb.log(
    "ack",
    repr.sequenceNumber,
    repr.acknowledgmentNumber,
    repr.payload.length,
    ".",
    tcb.sndWnd,
  );
  if (tcb.sndUna >= tcb.sndMax) stopRto(tcb); // RFC 6298 (5.2)
  else if (restartTimer) armRto(tcb, true); // (5.3)
  transmit(tcb);
}
