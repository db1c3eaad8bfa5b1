/**
 * `stack/socket/tcp`: TCP (RFC 9293) as a pure endpoint. A connection consumes
 * arriving segments and emits outgoing ones through an injected `send`, with timers on
 * a `Simulation`; sockets sit on top; a test pipe joins two stacks until the full
 * network (`stack/net`) hosts them. Everything is deterministic from a seed.
 *
 * Read in this order, from numbers to behaviour to experiments:
 *
 * @example A bulk transfer over a lossy path, and its cwnd trace
 * ```ts
 * import assert from "node:assert/strict";
 * import { bulkTransfer } from "./mod.ts";
 * const result = bulkTransfer({ bytes: 200_000, seed: 3, loss: 0.02, cc: "reno" });
 * assert.ok(result.completed);
 * assert.equal(result.checksumReceived, result.checksumSent);
 * const cwnd = result.trace!.filter((row) => row.conn === "sender" && row.event === "ack");
 * assert.ok(cwnd.length > 0); // rows {t, cwnd, ssthresh, ...} for Plot.line
 * ```
 *
 * @module
 */

// 1. Tunables: MSL, RTO bounds, MSS defaults, delayed-ACK timers, each with its source.
export * from "./params.ts";
// 2. Sequence numbers modulo 2³² and how to compare them (RFC 9293 §3.4).
export * from "./sequence.ts";
// 3. The eleven connection states and the state diagram (RFC 9293 §3.3.2).
export * from "./state.ts";
// 4. Segments in flight, SEG.LEN, and the RST a closed port sends (RFC 9293 §3.10.7.1).
export * from "./segment.ts";
// 5. The send buffer: unacknowledged bytes, sliced without copying.
export * from "./send_buffer.ts";
// 6. The receive buffer: reassembly, the receive window, SACK blocks (RFC 2018).
export * from "./receive_buffer.ts";
// 7. The retransmission timeout: RFC 6298 and Linux's tcp_rtt_estimator().
export * from "./rto.ts";
// 8. Congestion control: the extension point, Reno/NewReno, CUBIC, the registry.
export * from "./congestion/mod.ts";
// 9. Trace rows: what the endpoint logs for sequence diagrams and cwnd plots.
export * from "./trace_row.ts";
// 10. The transmission control block: every variable of one connection (RFC 9293 §3.3.1).
export * from "./tcb.ts";
// 11. What a connection can be told (zod-checked options) and what it reports (TcpInfo).
export * from "./connection_options.ts";
// 12. The endpoint: handshake, data, close, RST, timers (RFC 9293 §3.10).
export * from "./connection.ts";
// 13. Sockets: send/recv/close on one connection, with callbacks.
export * from "./socket.ts";
// 14. Listeners: a port's accept queue and backlog.
export * from "./listener.ts";
// 15. A host's TCP: connect/listen, demultiplexing by four-tuple, RST for strays.
export * from "./stack.ts";
// 16. The test pipe: two stacks, delay, bandwidth, drop-tail queue, seeded loss.
export * from "./pipe.ts";
// 17. Bulk transfers over the pipe: goodput, retransmissions, a checksum of every byte.
export * from "./bulk_transfer.ts";
// 18. Sequence diagrams: each segment as an arrow between two lifelines, or lost.
export * from "./diagram.ts";
