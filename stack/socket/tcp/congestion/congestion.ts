/**
 * The congestion-control extension point: one small interface that Reno/NewReno and
 * CUBIC implement, and the initial window they share. The endpoint owns loss *detection*
 * (duplicate ACKs, the retransmission timer) and loss *recovery* (which bytes to send
 * again, RFC 5681 §3.2 and RFC 6582); a module only decides how big the congestion
 * window `cwnd` and the slow-start threshold `ssthresh` are, as Linux's
 * `struct tcp_congestion_ops` does (`cong_avoid`, `ssthresh`).
 *
 * ```
 *   new data ACKed, not recovering ──▶ onAck(acked, sample)        grow cwnd
 *   3 duplicate ACKs / RTO expiry  ──▶ onCongestion(kind, sample)  set ssthresh (and cwnd)
 *   during fast recovery the endpoint inflates cwnd itself, then sets cwnd ← ssthresh
 * ```
 *
 * All windows are in bytes. Modules are deterministic: no clock but `sample.now`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initialWindow } from "./congestion.ts";
 * assert.equal(initialWindow(1460), 14600); // 10 segments (RFC 6928)
 * ```
 *
 * @module
 */

import type { Time } from "@src/sim/mod.ts";

/**
 * What an ACK of new data tells a module.
 *
 * @example
 * ```ts
 * import type { AckSample } from "./congestion.ts";
 * const sample: AckSample = { now: 0, srtt: 20_000_000, flight: 14600 };
 * ```
 */
export interface AckSample {
  /** Simulated time of the ACK, ns. */
  readonly now: Time;
  /** Smoothed RTT, ns, or null before the first sample. */
  readonly srtt: Time | null;
  /** Bytes that were in flight before this ACK. */
  readonly flight: number;
}

/**
 * What a congestion signal tells a module.
 *
 * @example
 * ```ts
 * import type { CongestionSample } from "./congestion.ts";
 * const sample: CongestionSample = { now: 0, flight: 14600 };
 * ```
 */
export interface CongestionSample {
  /** Simulated time of the signal, ns. */
  readonly now: Time;
  /** FlightSize: bytes sent and not yet acknowledged (RFC 5681 §2). */
  readonly flight: number;
}

/**
 * The two congestion signals: three duplicate ACKs (fast retransmit, RFC 5681 §3.2)
 * and the retransmission timer (RFC 5681 §3.1, RFC 6298 §5).
 *
 * @example
 * ```ts
 * import type { CongestionSignal } from "./congestion.ts";
 * const signal: CongestionSignal = "duplicate-acks";
 * ```
 */
export type CongestionSignal = "duplicate-acks" | "timeout";

/**
 * A congestion-control module. `cwnd` and `ssthresh` are writable because the endpoint
 * inflates and deflates `cwnd` during fast recovery (RFC 5681 §3.2 steps 4–6).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createReno } from "./reno.ts";
 * import type { CongestionControl } from "./congestion.ts";
 * const cc: CongestionControl = createReno({ mss: 1000 });
 * cc.onAck(1000, { now: 0, srtt: null, flight: 10000 });
 * assert.equal(cc.cwnd, 11000); // slow start: +1 MSS per ACK
 * ```
 */
export interface CongestionControl {
  /** The module's registry name, e.g. `"reno"`. */
  readonly name: string;
  /** Sender maximum segment size, bytes. */
  readonly mss: number;
  /** Congestion window, bytes. */
  cwnd: number;
  /** Slow-start threshold, bytes (`Infinity` until the first loss). */
  ssthresh: number;
  /** `acked` bytes of new data were acknowledged outside loss recovery: grow `cwnd`. */
  onAck(acked: number, sample: AckSample): void;
  /** A loss was detected: set `ssthresh`, and on `"timeout"` also `cwnd`. */
  onCongestion(signal: CongestionSignal, sample: CongestionSample): void;
}

/**
 * Options every module's factory takes.
 *
 * @example
 * ```ts
 * import type { CongestionOptions } from "./congestion.ts";
 * const options: CongestionOptions = { mss: 1460, initialWindow: 4380 };
 * ```
 */
export interface CongestionOptions {
  /** Sender maximum segment size, bytes. */
  mss: number;
  /** First `cwnd`, bytes. @default initialWindow(mss) (RFC 6928) */
  initialWindow?: number;
}

/**
 * RFC 6928 §2's initial window:
 *
 * ```
 *   IW = min(10·MSS, max(2·MSS, 14600))
 * ```
 *
 * (RFC 5681 §3.1 had allowed 2–4 segments; Linux's `TCP_INIT_CWND` is 10.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initialWindow } from "./congestion.ts";
 * assert.equal(initialWindow(536), 5360);   // 10 small segments
 * assert.equal(initialWindow(1460), 14600);
 * assert.equal(initialWindow(8960), 17920); // jumbo frames: 2 segments
 * ```
 */
export function initialWindow(mss: number): number {
  return Math.min(10 * mss, Math.max(2 * mss, 14600));
}

/**
 * Check the factory options every module shares and return the initial window; a
 * `RangeError` names the bad field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkCongestionOptions } from "./congestion.ts";
 * assert.equal(checkCongestionOptions({ mss: 1000 }, "Reno"), 10000);
 * assert.throws(() => checkCongestionOptions({ mss: 0 }, "Reno"), /option mss/);
 * ```
 */
export function checkCongestionOptions(options: CongestionOptions, module: string): number {
  const { mss, initialWindow: iw = initialWindow(mss) } = options;
  if (!Number.isSafeInteger(mss) || mss < 1) {
    throw new RangeError(
      `Cannot create ${module} congestion control: option mss must be a positive integer ` +
        `(got ${mss}); pass the sender MSS in bytes, e.g. 1460`,
    );
  }
  if (!Number.isFinite(iw) || iw < mss) {
    throw new RangeError(
      `Cannot create ${module} congestion control: option initialWindow must be ≥ mss ${mss} ` +
        `(got ${iw}); pass at least one segment, or leave it out for RFC 6928's value`,
    );
  }
  return iw;
}
