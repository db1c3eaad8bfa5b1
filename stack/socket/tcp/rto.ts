/**
 * The retransmission timeout (RTO): how long a sender waits for an ACK before it sends
 * the oldest unacknowledged segment again. It adapts to the path from round-trip-time
 * samples R (RFC 6298 §2):
 *
 * ```
 *   first sample:  SRTT ← R          RTTVAR ← R/2
 *   later ones:    RTTVAR ← (1 − β)·RTTVAR + β·|SRTT − R|     (β = 1/4, old SRTT)
 *                  SRTT   ← (1 − α)·SRTT   + α·R              (α = 1/8)
 *   always:        RTO ← SRTT + max(G, K·RTTVAR)              (K = 4, G = clock tick)
 *                  RTO ← max(RTO, 1 s)  (§2.4)    RTO ← min(RTO, 60 s or more)  (§2.5)
 *   on expiry:     RTO ← 2·RTO ("back off", §5.5), kept until the next sample
 * ```
 *
 * Karn's algorithm (RFC 6298 §3) is the caller's duty: never sample a segment that was
 * retransmitted, since its ACK may answer either copy. The connection does that.
 *
 * **Linux differs** (`tcp_rtt_estimator()` in net/ipv4/tcp_input.c, `__tcp_set_rto()`
 * in net/ipv4/tcp_output.c): it keeps 8·SRTT and 4·mdev in integers, and instead of
 * clamping RTO to 1 s it puts a floor under the variance term:
 *
 * ```
 *   RTO = SRTT + max(4·mdev_max, TCP_RTO_MIN)     TCP_RTO_MIN = 200 ms (include/net/tcp.h)
 * ```
 *
 * where mdev_max is the largest deviation seen in the last round trip, decayed once per
 * RTT, and a falling RTT moves mdev with a gain of only 1/32 (the "Eifel" comment in
 * the source). So on a 20 ms LAN-like path RFC 6298 waits 1 s but Linux waits ~220 ms:
 * faster recovery, at the price of more spurious timeouts when delay jumps.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms } from "@src/sim/mod.ts";
 * import { RtoEstimator } from "./rto.ts";
 * const rfc = new RtoEstimator();
 * const linux = new RtoEstimator({ variant: "linux" });
 * rfc.sample(ms(20));
 * linux.sample(ms(20));
 * assert.equal(rfc.rto, ms(1000));  // 20 + 4·10 = 60 ms, raised to the 1 s floor
 * assert.equal(linux.rto, ms(220)); // 20 + max(4·10, 200) ms
 * ```
 *
 * @module
 */

import type { Time } from "@src/sim/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import {
  CLOCK_GRANULARITY,
  INITIAL_RTO,
  LINUX_RTO_MAX,
  LINUX_RTO_MIN,
  RFC6298_RTO_MAX,
  RFC6298_RTO_MIN,
  RTO_GAINS,
} from "./params.ts";

/**
 * Which estimator: the RFC's (`"rfc6298"`) or Linux's (`"linux"`).
 *
 * @example
 * ```ts
 * import type { RtoVariant } from "./rto.ts";
 * const variant: RtoVariant = "linux";
 * ```
 */
export type RtoVariant = "rfc6298" | "linux";

/**
 * Options of {@linkcode RtoEstimator}.
 *
 * @example
 * ```ts
 * import { ms } from "@src/sim/mod.ts";
 * import type { RtoOptions } from "./rto.ts";
 * const options: RtoOptions = { variant: "rfc6298", min: ms(200) };
 * ```
 */
export interface RtoOptions {
  /** The estimator. @default "rfc6298" */
  variant?: RtoVariant;
  /** RTO before the first sample, ns. @default 1 s (`INITIAL_RTO`, RFC 6298 §2.1) */
  initial?: Time;
  /** Floor, ns. @default 1 s for rfc6298 (§2.4), 200 ms (`TCP_RTO_MIN`) for linux */
  min?: Time;
  /** Ceiling, ns. @default 60 s for rfc6298 (§2.5), 120 s (`TCP_RTO_MAX`) for linux */
  max?: Time;
  /** Clock granularity G, ns (rfc6298 only). @default 1 ms (`CLOCK_GRANULARITY`) */
  granularity?: Time;
}

const time = z.number().int().min(0);
const schema = z.object({
  variant: z.enum(["rfc6298", "linux"]).default("rfc6298"),
  initial: time.min(1).default(INITIAL_RTO),
  min: time.optional(),
  max: time.min(1).optional(),
  granularity: time.default(CLOCK_GRANULARITY),
}).strict();

/**
 * An RTO estimator: feed it RTT samples, read `rto`, call `backoff()` when the timer
 * expires.
 *
 * @example Hand-computed RFC 6298 values
 * ```ts
 * import assert from "node:assert/strict";
 * import { seconds } from "@src/sim/mod.ts";
 * import { RtoEstimator } from "./rto.ts";
 * const rto = new RtoEstimator();
 * assert.equal(rto.rto, seconds(1));          // §2.1 before any sample
 * rto.sample(seconds(2));                      // SRTT 2, RTTVAR 1
 * assert.equal(rto.rto, seconds(6));           // 2 + 4·1
 * rto.backoff();
 * assert.equal(rto.rto, seconds(12));          // §5.5
 * ```
 */
export class RtoEstimator {
  /** Which estimator this is. */
  readonly variant: RtoVariant;
  /** Floor, ns. */
  readonly min: Time;
  /** Ceiling, ns. */
  readonly max: Time;
  readonly #granularity: Time;
  #srtt: number | null = null; // ns (Linux: 8·SRTT, as `srtt_us`)
  #rttvar = 0; // ns (Linux: the `rttvar_us` term, already ×4)
  #mdev = 0; // Linux `mdev_us` (4·mean deviation)
  #mdevMax = 0; // Linux `mdev_max_us`
  #base: Time; // RTO before backoff
  #backoffs = 0;

  /** A fresh estimator; options are checked with zod and errors name the field. */
  constructor(options: RtoOptions = {}) {
    const parsed = parseOptions(schema, options, "create an RTO estimator");
    const linux = parsed.variant === "linux";
    this.variant = parsed.variant;
    this.min = parsed.min ?? (linux ? LINUX_RTO_MIN : RFC6298_RTO_MIN);
    this.max = parsed.max ?? (linux ? LINUX_RTO_MAX : RFC6298_RTO_MAX);
    if (this.max < this.min) {
      throw new RangeError(
        `Cannot create an RTO estimator: option max ${this.max} ns is below min ${this.min} ns; ` +
          `pass a max ≥ min`,
      );
    }
    this.#granularity = parsed.granularity;
    this.#base = parsed.initial;
  }

  /**
   * Smoothed RTT in ns, or null before the first sample.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ms } from "@src/sim/mod.ts";
   * import { RtoEstimator } from "./rto.ts";
   * const rto = new RtoEstimator();
   * assert.equal(rto.srtt, null);
   * rto.sample(ms(30));
   * assert.equal(rto.srtt, ms(30));
   * ```
   */
  get srtt(): Time | null {
    if (this.#srtt === null) return null;
    return this.variant === "linux" ? Math.floor(this.#srtt / 8) : this.#srtt;
  }

  /**
   * RTT variation in ns (RFC 6298 RTTVAR; for Linux, `rttvar_us / 4`), null before a sample.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ms } from "@src/sim/mod.ts";
   * import { RtoEstimator } from "./rto.ts";
   * const rto = new RtoEstimator();
   * rto.sample(ms(30));
   * assert.equal(rto.rttvar, ms(15));
   * ```
   */
  get rttvar(): Time | null {
    if (this.#srtt === null) return null;
    return this.variant === "linux" ? this.#rttvar / 4 : this.#rttvar;
  }

  /**
   * The current timeout in ns, backoff included.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { seconds } from "@src/sim/mod.ts";
   * import { RtoEstimator } from "./rto.ts";
   * assert.equal(new RtoEstimator().rto, seconds(1));
   * ```
   */
  get rto(): Time {
    return Math.min(this.max, this.#base * 2 ** this.#backoffs);
  }

  /**
   * How many times the timer has backed off since the last sample.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RtoEstimator } from "./rto.ts";
   * const rto = new RtoEstimator();
   * rto.backoff();
   * assert.equal(rto.backoffs, 1);
   * ```
   */
  get backoffs(): number {
    return this.#backoffs;
  }

  /**
   * Double the timeout after an expiry (RFC 6298 §5.5), up to `max`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { seconds } from "@src/sim/mod.ts";
   * import { RtoEstimator } from "./rto.ts";
   * const rto = new RtoEstimator();
   * for (let i = 0; i < 10; i++) rto.backoff();
   * assert.equal(rto.rto, seconds(60)); // capped (§2.5)
   * ```
   */
  backoff(): void {
    if (this.rto < this.max) this.#backoffs++;
  }

  /**
   * Set the RTO before any sample, e.g. 3 s after a retransmitted SYN (RFC 6298 §5.7).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { seconds } from "@src/sim/mod.ts";
   * import { RtoEstimator } from "./rto.ts";
   * const rto = new RtoEstimator();
   * rto.reset(seconds(3));
   * assert.equal(rto.rto, seconds(3));
   * ```
   */
  reset(rto: Time): void {
    this.#base = rto;
    this.#backoffs = 0;
  }

  /**
   * Feed one RTT sample in ns. `newRound` matters for Linux only: whether this sample
   * ends a round trip (SND.UNA passed the sequence number the last round began at), when
   * `mdev_max` decays; leave it out to treat every sample as a new round.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { seconds } from "@src/sim/mod.ts";
   * import { RtoEstimator } from "./rto.ts";
   * const rto = new RtoEstimator();
   * rto.sample(seconds(2));
   * rto.sample(seconds(1)); // RTTVAR 3/4·1 + 1/4·1 = 1, SRTT 7/8·2 + 1/8·1 = 1.875
   * assert.equal(rto.rto, seconds(5.875));
   * ```
   */
  sample(rtt: Time, newRound = true): void {
    if (!Number.isFinite(rtt) || rtt < 0) {
      throw new RangeError(
        `Cannot take an RTT sample of ${rtt} ns: it must be a non-negative number of ` +
          `nanoseconds, e.g. ms(20)`,
      );
    }
    this.#backoffs = 0;
    if (this.variant === "linux") {
      this.#linux(Math.max(1, Math.round(rtt)), newRound);
      return;
    }
    const { alpha, beta, k } = RTO_GAINS;
    if (this.#srtt === null) {
      // RFC 6298 §2.2: SRTT ← R, RTTVAR ← R/2
      this.#srtt = rtt;
      this.#rttvar = rtt / 2;
    } else {
      // RFC 6298 §2.3: RTTVAR first, with the old SRTT
      this.#rttvar = (1 - beta) * this.#rttvar + beta * Math.abs(this.#srtt - rtt);
      this.#srtt = (1 - alpha) * this.#srtt + alpha * rtt;
    }
    // RTO ← SRTT + max(G, K·RTTVAR), then §2.4 floor and §2.5 ceiling
    const rto = this.#srtt + Math.max(this.#granularity, k * this.#rttvar);
    this.#base = Math.min(this.max, Math.max(this.min, Math.round(rto)));
  }

  // tcp_rtt_estimator(), net/ipv4/tcp_input.c, with ns in place of µs. srtt holds 8·SRTT,
  // mdev and mdevMax and rttvar hold 4·deviation, as in the kernel.
  #linux(m: number, newRound: boolean): void {
    if (this.#srtt === null) {
      this.#srtt = m * 8; // srtt = m << 3
      this.#mdev = m * 2; // mdev = m << 1: "make sure rto = 3*rtt"
      this.#rttvar = Math.max(this.#mdev, this.min); // rttvar = max(mdev, tcp_rto_min)
      this.#mdevMax = this.#rttvar;
    } else {
      m -= Math.floor(this.#srtt / 8); // m is now the error in the estimate
      this.#srtt += m; // SRTT = 7/8 SRTT + 1/8 R
      if (m < 0) {
        m = -m - Math.floor(this.#mdev / 4);
        if (m > 0) m = Math.floor(m / 8); // RTT falling: gain 1/32 instead of 1/4
      } else {
        m -= Math.floor(this.#mdev / 4);
      }
      this.#mdev += m; // mdev = 3/4 mdev + 1/4 |error|
      if (this.#mdev > this.#mdevMax) {
        this.#mdevMax = this.#mdev;
        if (this.#mdevMax > this.#rttvar) this.#rttvar = this.#mdevMax;
      }
      if (newRound) {
        // Once per RTT: let rttvar decay a quarter of the way toward this round's max.
        if (this.#mdevMax < this.#rttvar) {
          this.#rttvar -= Math.floor((this.#rttvar - this.#mdevMax) / 4);
        }
        this.#mdevMax = this.min;
      }
    }
    this.#srtt = Math.max(1, this.#srtt);
    // __tcp_set_rto(): RTO = SRTT + rttvar, bounded by TCP_RTO_MAX (tcp_bound_rto)
    this.#base = Math.min(this.max, Math.floor(this.#srtt / 8) + this.#rttvar);
  }
}
