/**
 * The eleven states of a TCP connection (RFC 9293 §3.3.2) and the diagram that links
 * them (RFC 9293 Figure 5, redrawn). A connection is in exactly one state; user calls
 * (connect, listen, close) and arriving segments move it along an arrow, and the
 * endpoint logs each move as a `"state"` trace row.
 *
 * ```
 *                              +---------+ ---------\      active OPEN
 *                              |  CLOSED |            \    -----------
 *                              +---------+<---------\   \   create TCB
 *                                |     ^              \   \  snd SYN
 *                   passive OPEN |     |   CLOSE        \   \
 *                   ------------ |     | ----------       \   \
 *                    create TCB  |     | delete TCB         \   \
 *                                V     |                      \   \
 *            rcv RST (note 1)  +---------+            CLOSE    |    \
 *         -------------------->|  LISTEN |          ---------- |     |
 *        /                     +---------+          delete TCB |     |
 *       /           rcv SYN      |     |     SEND              |     |
 *      /           -----------   |     |    -------            |     V
 *  +--------+      snd SYN,ACK  /       \   snd SYN          +--------+
 *  |        |<-----------------           ------------------>|        |
 *  |  SYN   |                    rcv SYN                     |  SYN   |
 *  |  RCVD  |<-----------------------------------------------|  SENT  |
 *  |        |                  snd SYN,ACK                   |        |
 *  |        |------------------           -------------------|        |
 *  +--------+   rcv ACK of SYN  \       /  rcv SYN,ACK       +--------+
 *     |         --------------   |     |   -----------
 *     |                x         |     |     snd ACK
 *     |                          V     V
 *     |  CLOSE                 +---------+
 *     | -------                |  ESTAB  |
 *     | snd FIN                +---------+
 *     |                 CLOSE    |     |    rcv FIN
 *     V                -------   |     |    -------
 *  +---------+         snd FIN  /       \   snd ACK         +---------+
 *  |  FIN    |<----------------          ------------------>|  CLOSE  |
 *  | WAIT-1  |------------------                            |   WAIT  |
 *  +---------+          rcv FIN  \                          +---------+
 *    | rcv ACK of FIN   -------   |                          CLOSE  |
 *    | --------------   snd ACK   |                         ------- |
 *    V        x                   V                         snd FIN V
 *  +---------+               +---------+                    +---------+
 *  |FINWAIT-2|               | CLOSING |                    | LAST-ACK|
 *  +---------+               +---------+                    +---------+
 *    |              rcv ACK of FIN |                 rcv ACK of FIN |
 *    |  rcv FIN     -------------- |    Timeout=2MSL -------------- |
 *    |  -------            x       V    ------------        x       V
 *     \ snd ACK              +---------+delete TCB          +---------+
 *       -------------------->|TIME-WAIT|------------------->| CLOSED  |
 *                            +---------+                    +---------+
 * ```
 *
 * (note 1: a RST in SYN-RECEIVED returns a passively opened connection to LISTEN.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isSynchronized, TCP_STATES } from "./state.ts";
 * assert.equal(TCP_STATES.length, 11);
 * assert.ok(isSynchronized("ESTABLISHED") && !isSynchronized("SYN-SENT"));
 * ```
 *
 * @module
 */

/**
 * Every state, in the order a connection usually visits them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TCP_STATES } from "./state.ts";
 * assert.equal(TCP_STATES[0], "CLOSED");
 * ```
 */
export const TCP_STATES = [
  "CLOSED",
  "LISTEN",
  "SYN-SENT",
  "SYN-RECEIVED",
  "ESTABLISHED",
  "FIN-WAIT-1",
  "FIN-WAIT-2",
  "CLOSE-WAIT",
  "CLOSING",
  "LAST-ACK",
  "TIME-WAIT",
] as const;

/**
 * A connection state (RFC 9293 §3.3.2), spelled as in the RFC.
 *
 * @example
 * ```ts
 * import type { TcpState } from "./state.ts";
 * const state: TcpState = "TIME-WAIT";
 * ```
 */
export type TcpState = typeof TCP_STATES[number];

/**
 * Whether both sides' sequence numbers are known: every state after the handshake's
 * SYNs (RFC 9293 §3.10.7.4 calls these the synchronized states, with SYN-RECEIVED).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isSynchronized } from "./state.ts";
 * assert.ok(isSynchronized("SYN-RECEIVED"));
 * assert.ok(!isSynchronized("LISTEN"));
 * ```
 */
export function isSynchronized(state: TcpState): boolean {
  return state !== "CLOSED" && state !== "LISTEN" && state !== "SYN-SENT";
}

/**
 * Whether the local side may still send data: ESTABLISHED or CLOSE-WAIT (before close()).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { canSendData } from "./state.ts";
 * assert.ok(canSendData("CLOSE-WAIT"));
 * assert.ok(!canSendData("FIN-WAIT-1"));
 * ```
 */
export function canSendData(state: TcpState): boolean {
  return state === "ESTABLISHED" || state === "CLOSE-WAIT";
}
