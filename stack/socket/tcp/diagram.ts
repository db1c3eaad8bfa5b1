/**
 * Sequence-diagram rows from a TCP trace: each segment as one arrow from the sender's
 * lifeline to the receiver's, sent at one time and received at a later one (or lost).
 * A notebook draws them with `Plot.arrow(arrows, {x1: "from", y1: "sent", x2: "to",
 * y2: "received"})` and marks the lost ones (`received: null`) with a cross.
 *
 * ```
 *      client                 server
 *        │ ── S 0 ──────────▶   │      t = 0 → 10 ms
 *        │   ◀────── S. 0 1 ──  │      10 → 20 ms
 *        │ ── . 1 1 ────────▶   │
 *        │ ── . 1 1 len 1448 ─X │      lost: received = null
 * ```
 *
 * A sent row (event send, retransmit, fast-retransmit or persist) is paired with the
 * first unpaired receive row at another connection with the same segment id, sequence
 * number, acknowledgment number, length and flags. Ids travel beside the segment (not
 * on the wire); without them copies of a retransmitted segment pair first-come,
 * first-served.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bulkTransfer } from "./bulk_transfer.ts";
 * import { segmentArrows } from "./diagram.ts";
 * const { trace } = bulkTransfer({ bytes: 5000, seed: 1, drop: [2] });
 * const arrows = segmentArrows(trace!.rows);
 * assert.equal(arrows[0].label, "S");                 // the SYN opens the diagram
 * assert.equal(arrows.filter((a) => a.received === null).length, 1); // the dropped one
 * ```
 *
 * @module
 */

import type { Time } from "@src/sim/mod.ts";
import { seqDiff } from "./sequence.ts";
import type { TcpTraceEvent, TcpTraceRow } from "./trace_row.ts";

/**
 * One segment as an arrow between two lifelines.
 *
 * @example
 * ```ts
 * import type { SegmentArrow } from "./diagram.ts";
 * const lost = (arrows: SegmentArrow[]) => arrows.filter((a) => a.received === null);
 * ```
 */
export interface SegmentArrow {
  /** Sending connection's name. */
  readonly from: string;
  /** Receiving connection's name (for a lost segment, the peer it was meant for), or null if unknown. */
  readonly to: string | null;
  /** When it was sent, ns. */
  readonly sent: Time;
  /** When it arrived, ns, or null if it never did. */
  readonly received: Time | null;
  /** How it was sent: send, retransmit, fast-retransmit or persist. */
  readonly event: TcpTraceEvent;
  /** Sequence number relative to the sender's ISN (its SYN is 0). */
  readonly seq: number;
  /** Acknowledgment number relative to the receiver's ISN, or null without ACK. */
  readonly ack: number | null;
  /** Payload bytes. */
  readonly len: number;
  /** tcpdump flags ("S", "S.", ".", "P.", "F."). */
  readonly flags: string;
  /** A short label: flags, relative seq:end, ack — e.g. `". 1:1449 ack 1"`. */
  readonly label: string;
}

const SENT = new Set<TcpTraceEvent>(["send", "retransmit", "fast-retransmit", "persist"]);

/**
 * Pair sent and received rows into arrows, in the order they were sent. Sequence and
 * acknowledgment numbers become relative to each side's ISN (as Wireshark shows them),
 * taken from the first SYN each connection sent.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bulkTransfer } from "./bulk_transfer.ts";
 * import { segmentArrows } from "./diagram.ts";
 * const { trace } = bulkTransfer({ bytes: 3000, seed: 1 });
 * const [syn, synAck, ack] = segmentArrows(trace!.rows);
 * assert.deepEqual([syn.from, syn.to, syn.label], ["sender", "receiver", "S"]);
 * assert.equal(synAck.label, "S. ack 1");
 * assert.equal(ack.label, ". ack 1");
 * ```
 */
export function segmentArrows(rows: readonly TcpTraceRow[]): SegmentArrow[] {
  const iss = new Map<string, number>();
  for (const row of rows) {
    if (SENT.has(row.event) && row.flags.startsWith("S") && !iss.has(row.conn)) {
      iss.set(row.conn, row.seq);
    }
  }
  const key = (row: TcpTraceRow) => `${row.id}|${row.seq}|${row.ack}|${row.len}|${row.flags}`;
  const waiting = new Map<string, number[]>();
  const sent: TcpTraceRow[] = [];
  const receiver: (TcpTraceRow | null)[] = [];
  const peer = new Map<string, string>();
  for (const row of rows) {
    if (SENT.has(row.event)) {
      const list = waiting.get(key(row)) ?? [];
      list.push(sent.length);
      waiting.set(key(row), list);
      sent.push(row);
      receiver.push(null);
    } else if (row.event === "receive") {
      const list = waiting.get(key(row));
      const match = list?.findIndex((index) => sent[index].conn !== row.conn) ?? -1;
      if (list === undefined || match < 0) continue;
      const index = list.splice(match, 1)[0];
      receiver[index] = row;
      if (!peer.has(sent[index].conn)) peer.set(sent[index].conn, row.conn);
    }
  }
  return sent.map((row, index) => {
    const to = receiver[index]?.conn ?? peer.get(row.conn) ?? null;
    const base = iss.get(row.conn);
    const peerIss = to === null ? undefined : iss.get(to);
    const arrow = {
      from: row.conn,
      to,
      sent: row.t,
      received: receiver[index]?.t ?? null,
      event: row.event,
      seq: base === undefined ? row.seq : seqDiff(row.seq, base),
      ack: row.flags.includes(".")
        ? (peerIss === undefined ? row.ack : seqDiff(row.ack, peerIss))
        : null,
      len: row.len,
      flags: row.flags,
    };
    return { ...arrow, label: label(arrow) };
  });
}

function label(arrow: Omit<SegmentArrow, "label">): string {
  const range = arrow.len > 0 ? ` ${arrow.seq}:${arrow.seq + arrow.len}` : "";
  const ack = arrow.ack === null ? "" : ` ack ${arrow.ack}`;
  return `${arrow.flags}${range}${ack}`;
}
