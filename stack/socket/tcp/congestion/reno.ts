/**
 * Reno congestion control (RFC 5681), the window rules behind NewReno recovery
 * (RFC 6582, run by the endpoint). Two phases and one reaction:
 *
 * ```
 *   slow start (cwnd < ssthresh):  per ACK   cwnd += min(N, SMSS)             RFC 5681 (2)
 *                                  → doubles every round trip
 *   congestion avoidance:          per cwnd bytes ACKed   cwnd += SMSS        RFC 5681 §3.1
 *                                  → +1 segment every round trip              (byte counting)
 *   loss (3 dup ACKs or RTO):      ssthresh = max(FlightSize / 2, 2·SMSS)     RFC 5681 (4)
 *   RTO only:                      cwnd = LW = 1 SMSS                         RFC 5681 §3.1
 * ```
 *
 * The sawtooth this makes is what the Mathis et al. (1997) model averages:
 * throughput ≈ (MSS/RTT)·√(3/2)/√p.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createReno } from "./reno.ts";
 * const reno = createReno({ mss: 1000, initialWindow: 2000 });
 * reno.onAck(1000, { now: 0, srtt: null, flight: 2000 });
 * reno.onAck(1000, { now: 0, srtt: null, flight: 1000 });
 * assert.equal(reno.cwnd, 4000); // one round trip of slow start doubled it
 * reno.onCongestion("timeout", { now: 0, flight: 4000 });
 * assert.deepEqual([reno.cwnd, reno.ssthresh], [1000, 2000]);
 * ```
 *
 * @module
 */

import {
  type AckSample,
  checkCongestionOptions,
  type CongestionControl,
  type CongestionOptions,
  type CongestionSample,
  type CongestionSignal,
} from "./congestion.ts";

/**
 * Registry name of this module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RENO } from "./reno.ts";
 * assert.equal(RENO, "reno");
 * ```
 */
export const RENO = "reno";

/**
 * Reno's window rules. Build one with {@linkcode createReno}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Reno } from "./reno.ts";
 * const reno = new Reno({ mss: 1460 });
 * assert.equal(reno.cwnd, 14600);
 * assert.equal(reno.ssthresh, Infinity);
 * ```
 */
export class Reno implements CongestionControl {
  /** Always `"reno"`. */
  readonly name = RENO;
  /** Sender MSS, bytes. */
  readonly mss: number;
  /** Congestion window, bytes. */
  cwnd: number;
  /** Slow-start threshold, bytes: "arbitrarily high" at first (RFC 5681 §3.1). */
  ssthresh = Infinity;
  #ackedInAvoidance = 0; // bytes ACKed since cwnd last grew in congestion avoidance

  /** A Reno window starting at `initialWindow` (RFC 6928 by default). */
  constructor(options: CongestionOptions) {
    this.cwnd = checkCongestionOptions(options, "Reno");
    this.mss = options.mss;
  }

  /**
   * Grow `cwnd` for `acked` new bytes (slow start or congestion avoidance).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reno } from "./reno.ts";
   * const reno = new Reno({ mss: 1000, initialWindow: 4000 });
   * reno.ssthresh = 4000; // congestion avoidance: +1 MSS per cwnd of ACKed bytes
   * for (let i = 0; i < 4; i++) reno.onAck(1000, { now: 0, srtt: null, flight: 4000 });
   * assert.equal(reno.cwnd, 5000);
   * ```
   */
  onAck(acked: number, _sample: AckSample): void {
    if (this.cwnd < this.ssthresh) {
      // RFC 5681 (2): cwnd += min(N, SMSS)
      this.cwnd += Math.min(acked, this.mss);
      return;
    }
    // RFC 5681 §3.1, byte counting: once cwnd bytes are ACKed, cwnd += SMSS
    this.#ackedInAvoidance += acked;
    if (this.#ackedInAvoidance >= this.cwnd) {
      this.#ackedInAvoidance -= this.cwnd;
      this.cwnd += this.mss;
    }
  }

  /**
   * Halve: ssthresh = max(FlightSize/2, 2·SMSS); after an RTO also cwnd = 1 SMSS.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reno } from "./reno.ts";
   * const reno = new Reno({ mss: 1000 });
   * reno.onCongestion("duplicate-acks", { now: 0, flight: 10_000 });
   * assert.deepEqual([reno.ssthresh, reno.cwnd], [5000, 10_000]);
   * ```
   */
  onCongestion(signal: CongestionSignal, sample: CongestionSample): void {
    // RFC 5681 (4): ssthresh = max(FlightSize / 2, 2*SMSS)
    this.ssthresh = Math.max(Math.floor(sample.flight / 2), 2 * this.mss);
    this.#ackedInAvoidance = 0;
    // RFC 5681 §3.1: after a timeout cwnd = LW (loss window) = 1 full-sized segment
    if (signal === "timeout") this.cwnd = this.mss;
  }
}

/**
 * Factory for the registry: a new {@linkcode Reno}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createReno } from "./reno.ts";
 * assert.equal(createReno({ mss: 536 }).cwnd, 5360);
 * ```
 */
export function createReno(options: CongestionOptions): Reno {
  return new Reno(options);
}
