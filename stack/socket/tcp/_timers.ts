// A connection's four timers (RFC 9293 §3.8, RFC 6298 §5, RFC 1122 §4.2.2.17):
//
//   retransmission (RTO)   data outstanding and unacknowledged for RTO → resend the
//                          oldest segment, back off, cut cwnd to 1 MSS (RFC 5681 §3.1)
//   persist                the peer's window is zero and nothing is in flight → probe it
//   delayed ACK            an ACK may wait ≤ 200 ms for a second segment or for data
//   TIME-WAIT              2·MSL after the last FIN's ACK → CLOSED (RFC 9293 §3.6.1)
//
// The RTO is restarted on nearly every ACK, so it keeps a deadline and one scheduled
// event: restarting moves the deadline; the event, if it fires early, sleeps again.

import { MAX_RETRANSMISSIONS, MAX_SYN_RETRANSMISSIONS } from "./params.ts";
import type { Tcb } from "./tcb.ts";
import {
  abortConnection,
  emitSegment,
  retransmitOldest,
  sendAck,
  sendSyn,
  setState,
  transmit,
} from "./_output.ts";

const EMPTY = new Uint8Array(0);
const ACK = 0x10;

/** Start the retransmission timer at now + RTO; if running, only when `restart` (RFC 6298 5.1, 5.3). */
export function armRto(tcb: Tcb, restart: boolean): void {
  if (!restart && tcb.rtoDeadline !== Infinity) return;
  const deadline = tcb.sim.now + tcb.rto.rto;
  tcb.rtoDeadline = deadline;
  const event = tcb.rtoEvent;
  if (event !== null && event.pending && event.time <= deadline) return;
  event?.cancel();
  tcb.rtoEvent = tcb.sim.at(deadline, () => onRtoEvent(tcb));
}

/** Stop the retransmission timer (RFC 6298 5.2: everything is acknowledged). */
export function stopRto(tcb: Tcb): void {
  tcb.rtoDeadline = Infinity;
  tcb.rtoEvent?.cancel(); // O(1); a stale event would otherwise keep the clock running
  tcb.rtoEvent = null;
}

function onRtoEvent(tcb: Tcb): void {
  tcb.rtoEvent = null;
  const deadline = tcb.rtoDeadline;
  if (deadline === Infinity) return;
  if (tcb.sim.now < deadline) {
    tcb.rtoEvent = tcb.sim.at(deadline, () => onRtoEvent(tcb));
    return;
  }
  tcb.rtoDeadline = Infinity;
  onRtoExpired(tcb);
}

// RFC 6298 §5.4–5.6 and RFC 5681 §3.1: the timer expired.
function onRtoExpired(tcb: Tcb): void {
  const state = tcb.state;
  if (tcb.sndUna === tcb.sndMax || state === "CLOSED" || state === "TIME-WAIT") return;
  tcb.stats.timeouts++;
  tcb.retries++;
  const handshake = state === "SYN-SENT" || state === "SYN-RECEIVED";
  if (tcb.retries > (handshake ? MAX_SYN_RETRANSMISSIONS : MAX_RETRANSMISSIONS)) {
    abortConnection(tcb, "connection timed out");
    return;
  }
  tcb.rto.backoff(); // (5.5) RTO ← 2·RTO
  tcb.rttEnd = -1; // Karn: the timed segment is being retransmitted
  if (handshake) {
    tcb.log("timeout", tcb.sendSeq(tcb.sndUna), tcb.rcvNxtSeq, 0, "", 0);
    sendSyn(tcb, "retransmit"); // (5.4) and (5.6) restart the timer
    return;
  }
  // RFC 5681 (4): ssthresh = max(FlightSize/2, 2·SMSS); cwnd = LW = 1 SMSS.
  tcb.cc.onCongestion("timeout", { now: tcb.sim.now, flight: tcb.sndMax - tcb.sndUna });
  tcb.inRecovery = false;
  tcb.duplicateAcks = 0;
  tcb.recover = tcb.sndMax; // RFC 6582 §3.2 step 1 after a timeout, avoids false fast retransmits
  tcb.log("timeout", tcb.sendSeq(tcb.sndUna), tcb.rcvNxtSeq, 0, "", 0);
  tcb.highRetransmitted = tcb.sndUna;
  tcb.sndNxt = tcb.sndUna; // go back: everything after SND.UNA will be sent again
  retransmitOldest(tcb, "retransmit"); // (5.4)
  armRto(tcb, true); // (5.6)
  transmit(tcb);
}

/** Start the persist timer if the peer's window keeps unsent data from going (RFC 9293 §3.8.6.1). */
export function maybeArmPersist(tcb: Tcb): void {
  if (
    tcb.persistEvent !== null || tcb.sndNxt !== tcb.sndUna || tcb.sndNxt >= tcb.dataEnd ||
    tcb.rtoDeadline !== Infinity
  ) return;
  // RFC 1122 §4.2.2.17: probes back off exponentially, like the RTO (Linux: tcp_probe_timer).
  const interval = Math.min(tcb.rto.max, tcb.rto.rto * 2 ** tcb.persistBackoff);
  tcb.persistEvent = tcb.sim.schedule(interval, () => onPersist(tcb));
}

/** The window opened: stop probing. */
export function stopPersist(tcb: Tcb): void {
  tcb.persistEvent?.cancel();
  tcb.persistEvent = null;
  tcb.persistBackoff = 0;
}

function onPersist(tcb: Tcb): void {
  tcb.persistEvent = null;
  if (tcb.sndNxt !== tcb.sndUna || tcb.state === "CLOSED") return;
  if (tcb.sndWnd > 0) {
    transmit(tcb, true); // a small window stayed open: send into it despite SWS avoidance
    return;
  }
  // The probe: like Linux's tcp_xmit_probe_skb(), a segment with SEQ = SND.UNA − 1 and no
  // data. It lies outside the receiver's window, so RFC 9293 §3.10.7.4 makes the
  // receiver answer with an ACK carrying its current window, and no byte is ever sent
  // past a closed window.
  tcb.stats.windowProbes++;
  emitSegment(tcb, tcb.sndUna - 1, EMPTY, ACK, "persist");
  tcb.persistBackoff++;
  maybeArmPersist(tcb);
}

/** Let an ACK wait for a second segment, at most `delayedAckTimeout` (RFC 9293 §3.8.6.3). */
export function armDelayedAck(tcb: Tcb): void {
  if (tcb.ackEvent !== null) return;
  tcb.ackEvent = tcb.sim.schedule(tcb.delayedAckTimeout, () => {
    tcb.ackEvent = null;
    if (tcb.state !== "CLOSED") sendAck(tcb);
  });
}

/** TIME-WAIT: wait 2·MSL so old duplicates die out, then delete the TCB (RFC 9293 §3.6.1). */
export function armTimeWait(tcb: Tcb): void {
  tcb.timeWaitEvent?.cancel();
  tcb.timeWaitEvent = tcb.sim.schedule(2 * tcb.msl, () => {
    tcb.timeWaitEvent = null;
    setState(tcb, "CLOSED");
  });
}

/** Cancel every timer (entering CLOSED or TIME-WAIT). */
export function cancelTimers(tcb: Tcb): void {
  tcb.rtoDeadline = Infinity;
  tcb.rtoEvent?.cancel();
  tcb.rtoEvent = null;
  stopPersist(tcb);
  tcb.ackEvent?.cancel();
  tcb.ackEvent = null;
  tcb.timeWaitEvent?.cancel();
  tcb.timeWaitEvent = null;
}
