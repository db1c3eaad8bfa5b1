/**
 * CUBIC congestion control (RFC 9438), Linux's default since 2.6.19. After a loss the
 * window follows a cubic curve of the time t since the window was reduced, centred on
 * the window W_max where the loss happened:
 *
 * ```
 *   W_cubic(t) = C·(t − K)³ + W_max            RFC 9438 §4.2 eq. 1, C = 0.4
 *   K = ∛((W_max − cwnd_epoch) / C)            eq. 2: when the curve is back at W_max
 *
 *   cwnd │            ___________......          concave: fast, then flat near W_max
 *   W_max│- - - - -,-´           `            (probing gently where it lost before)
 *        │       ,´                           convex beyond K: accelerating again
 *        │     /
 *   β·Wmax ──´
 *        └───────────────K──────────────▶ t
 * ```
 *
 * Other rules, each beside its code below: multiplicative decrease β_cubic = 0.7
 * (§4.6), the Reno-friendly estimate W_est (§4.3), the target clamp
 * cwnd ≤ target ≤ 1.5·cwnd (§4.4), fast convergence (§4.7), and timeouts (§4.8).
 * Slow start below ssthresh is Reno's (§4.10; HyStart++ is not modelled).
 *
 * Linux (net/ipv4/tcp_cubic.c) computes the same curve in fixed point: β = 717/1024,
 * C = `bic_scale` 41 × 10/1024 ≈ 0.4, ∛ by a table and one Newton step, time in
 * jiffies, and the target at t + `delay_min` (the minimum RTT, where RFC 9438 uses
 * SRTT); it also runs HyStart to leave slow start early. Windows there are in packets;
 * here they are bytes (cwnd_bytes = segments × MSS) and the curve runs in segments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cubicK, cubicWindow } from "./cubic.ts";
 * // Loss at W_max = 100 segments: the window drops to 70, K = ∛(30/0.4) ≈ 4.217 s.
 * const k = cubicK(100, 70);
 * assert.ok(Math.abs(cubicWindow(0, { wMax: 100, k }) - 70) < 1e-9);
 * assert.ok(Math.abs(cubicWindow(k, { wMax: 100, k }) - 100) < 1e-9);
 * ```
 *
 * @module
 */

import type { Time } from "@src/sim/mod.ts";
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
 * import { CUBIC } from "./cubic.ts";
 * assert.equal(CUBIC, "cubic");
 * ```
 */
export const CUBIC = "cubic";

/**
 * RFC 9438's constants: C = 0.4 (§5.1) and β_cubic = 0.7 (§4.6).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CUBIC_CONSTANTS } from "./cubic.ts";
 * // the Reno-friendly increase α = 3(1 − β)/(1 + β) ≈ 0.53 segments per RTT (§4.3)
 * assert.ok(Math.abs(3 * (1 - CUBIC_CONSTANTS.beta) / (1 + CUBIC_CONSTANTS.beta) - 0.5294) < 1e-4);
 * ```
 */
export const CUBIC_CONSTANTS = { c: 0.4, beta: 0.7 } as const; // RFC 9438 §5.1, §4.6

/**
 * Options of {@linkcode cubicWindow}.
 *
 * @example
 * ```ts
 * import type { CubicCurve } from "./cubic.ts";
 * const curve: CubicCurve = { wMax: 100, k: 4.217 };
 * ```
 */
export interface CubicCurve {
  /** Window at the last loss, segments. */
  wMax: number;
  /** Seconds until the curve is back at `wMax`. */
  k: number;
  /** Scaling constant C. @default 0.4 */
  c?: number;
}

/**
 * K = ∛((W_max − cwnd_epoch) / C), RFC 9438 §4.2 eq. 2 (0 if the window starts above W_max).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cubicK } from "./cubic.ts";
 * assert.ok(Math.abs(cubicK(100, 100 - 0.4 * 8) - 2) < 1e-12); // ∛(3.2 / 0.4) = ∛8
 * ```
 */
export function cubicK(wMax: number, cwndEpoch: number, c: number = CUBIC_CONSTANTS.c): number {
  return wMax > cwndEpoch ? Math.cbrt((wMax - cwndEpoch) / c) : 0;
}

/**
 * W_cubic(t) = C·(t − K)³ + W_max, RFC 9438 §4.2 eq. 1, with t in seconds and windows
 * in segments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cubicWindow } from "./cubic.ts";
 * assert.equal(cubicWindow(3, { wMax: 50, k: 1 }), 0.4 * 8 + 50);
 * ```
 */
export function cubicWindow(t: number, curve: CubicCurve): number {
  const d = t - curve.k;
  return (curve.c ?? CUBIC_CONSTANTS.c) * d * d * d + curve.wMax;
}

/**
 * Options of {@linkcode Cubic}.
 *
 * @example
 * ```ts
 * import type { CubicOptions } from "./cubic.ts";
 * const options: CubicOptions = { mss: 1460, fastConvergence: false };
 * ```
 */
export interface CubicOptions extends CongestionOptions {
  /** Release bandwidth to newer flows by remembering a lower W_max (RFC 9438 §4.7). @default true */
  fastConvergence?: boolean;
}

/**
 * CUBIC's window rules; build one with {@linkcode createCubic}.
 *
 * @example A loss, then the curve
 * ```ts
 * import assert from "node:assert/strict";
 * import { seconds } from "@src/sim/mod.ts";
 * import { Cubic } from "./cubic.ts";
 * const cubic = new Cubic({ mss: 1000, initialWindow: 100_000 });
 * cubic.onCongestion("duplicate-acks", { now: 0, flight: 100_000 });
 * assert.equal(cubic.ssthresh, 70_000); // β_cubic · cwnd
 * assert.equal(cubic.wMax, 100);
 * ```
 */
export class Cubic implements CongestionControl {
  /** Always `"cubic"`. */
  readonly name = CUBIC;
  /** Sender MSS, bytes. */
  readonly mss: number;
  /** Congestion window, bytes. */
  cwnd: number;
  /** Slow-start threshold, bytes. */
  ssthresh = Infinity;
  /** W_max: window before the last reduction, segments (0 before any loss). */
  wMax = 0;
  /** K of the current epoch, seconds. */
  k = 0;
  /** Start of the current congestion-avoidance epoch, ns, or null outside one. */
  epochStart: Time | null = null;
  /** W_est, the window standard Reno would have now, segments (§4.3). */
  wEst = 0;
  readonly #fastConvergence: boolean;
  #cwndPrior = 0; // cwnd when ssthresh was last set, segments
  #carry = 0; // fraction of a byte of growth not yet added to cwnd

  /** A CUBIC window starting at `initialWindow` (RFC 6928 by default). */
  constructor(options: CubicOptions) {
    this.cwnd = checkCongestionOptions(options, "CUBIC");
    this.mss = options.mss;
    this.#fastConvergence = options.fastConvergence ?? true;
  }

  /**
   * Grow `cwnd` for `acked` new bytes: slow start, then the cubic curve or W_est.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Cubic } from "./cubic.ts";
   * const cubic = new Cubic({ mss: 1000, initialWindow: 2000 });
   * cubic.onAck(1000, { now: 0, srtt: null, flight: 2000 });
   * assert.equal(cubic.cwnd, 3000); // slow start, as Reno
   * ```
   */
  onAck(acked: number, sample: AckSample): void {
    const mss = this.mss;
    if (this.cwnd < this.ssthresh) {
      this.cwnd += Math.min(acked, mss); // RFC 9438 §4.10: standard slow start
      return;
    }
    const { c, beta } = CUBIC_CONSTANTS;
    let cwnd = this.cwnd / mss;
    if (this.epochStart === null) {
      // §4.2: a new congestion-avoidance stage begins; K from cwnd_epoch.
      this.epochStart = sample.now;
      if (cwnd >= this.wMax) this.wMax = cwnd; // no loss yet, or already above: K = 0
      this.k = cubicK(this.wMax, cwnd, c);
      this.wEst = cwnd;
    }
    const t = (sample.now - this.epochStart) / 1e9;
    const rtt = (sample.srtt ?? 0) / 1e9;
    const segments = acked / mss;
    // §4.3: W_est += α_cubic · segments_acked / cwnd,  α_cubic = 3(1 − β)/(1 + β),
    // and α_cubic = 1 once W_est has reached cwnd_prior.
    const alpha = this.wEst >= this.#cwndPrior ? 1 : 3 * (1 - beta) / (1 + beta);
    this.wEst += alpha * segments / cwnd;
    const curve = { wMax: this.wMax, k: this.k, c };
    if (cubicWindow(t, curve) < this.wEst) {
      cwnd = this.wEst; // Reno-friendly region: be at least as aggressive as Reno
    } else {
      // §4.4: target = W_cubic(t + RTT) clamped to [cwnd, 1.5·cwnd];
      // §4.4–4.5: cwnd += (target − cwnd)/cwnd per ACKed segment
      const target = Math.min(Math.max(cubicWindow(t + rtt, curve), cwnd), 1.5 * cwnd);
      cwnd += (target - cwnd) / cwnd * segments;
    }
    // Keep the fraction of a byte for the next ACK, or slow growth would round to nothing.
    const bytes = cwnd * mss + this.#carry;
    const whole = Math.floor(bytes);
    if (whole > this.cwnd) {
      this.#carry = bytes - whole;
      this.cwnd = whole;
    }
  }

  /**
   * Multiplicative decrease by β_cubic, with fast convergence; RTO also sets cwnd = 1 MSS.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Cubic } from "./cubic.ts";
   * const cubic = new Cubic({ mss: 1000, initialWindow: 20_000 });
   * cubic.onCongestion("timeout", { now: 0, flight: 20_000 });
   * assert.deepEqual([cubic.ssthresh, cubic.cwnd, cubic.wMax], [14_000, 1000, 20]);
   * ```
   */
  onCongestion(signal: CongestionSignal, _sample: CongestionSample): void {
    const { beta } = CUBIC_CONSTANTS;
    const cwnd = this.cwnd / this.mss;
    // §4.7 fast convergence: a flow whose window shrank since the last loss remembers
    // W_max = cwnd·(1 + β)/2 to leave room for newcomers.
    this.wMax = this.#fastConvergence && cwnd < this.wMax ? cwnd * (1 + beta) / 2 : cwnd;
    this.#cwndPrior = cwnd;
    // §4.6: ssthresh = cwnd · β_cubic, at least 2 segments
    this.ssthresh = Math.max(Math.round(cwnd * beta * this.mss), 2 * this.mss);
    this.epochStart = null;
    this.#carry = 0;
    // §4.8: after a timeout cwnd = 1 segment and slow start resumes up to ssthresh
    if (signal === "timeout") this.cwnd = this.mss;
  }
}

/**
 * Factory for the registry: a new {@linkcode Cubic}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCubic } from "./cubic.ts";
 * assert.equal(createCubic({ mss: 1460 }).name, "cubic");
 * ```
 */
export function createCubic(options: CubicOptions): Cubic {
  return new Cubic(options);
}
