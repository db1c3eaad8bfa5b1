/**
 * Tunables of the TCP endpoint, in one place (xv6 `param.h`). Each value names its
 * source: an RFC section, a Linux constant, or "estimate" when it is our own choice.
 * Times are integer nanoseconds, like every clock in `src/sim`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RFC6298_RTO_MIN, LINUX_RTO_MIN } from "./params.ts";
 * assert.equal(RFC6298_RTO_MIN / LINUX_RTO_MIN, 5); // 1 s against 200 ms
 * ```
 *
 * @module
 */

/**
 * Maximum segment lifetime: 2 minutes (RFC 9293 §3.4.2); TIME-WAIT lasts 2·MSL.
 * Linux waits a fixed 60 s instead (`TCP_TIMEWAIT_LEN`, include/net/tcp.h).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(MSL, 120e9);
 * ```
 */
export const MSL = 120_000_000_000; // RFC 9293 §3.4.2: "arbitrarily defined to be 2 minutes"

/**
 * MSS assumed when the peer's SYN carries no MSS option (RFC 9293 §3.7.1, RFC 1122 §4.2.2.6).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_PEER_MSS, 576 - 40);
 * ```
 */
export const DEFAULT_PEER_MSS = 536; // RFC 9293 §3.7.1: 576-byte datagram − 40 header bytes

/**
 * MSS we advertise by default: a 1500-byte Ethernet MTU minus 20 bytes IPv4 and 20 TCP.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_MSS, 1500 - 40);
 * ```
 */
export const DEFAULT_MSS = 1460; // IEEE 802.3 payload 1500 − IPv4 20 − TCP 20

/**
 * Receive buffer when none is given; 256 KiB needs window scale shift 2 (RFC 7323 §2.3).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_RECEIVE_BUFFER, 262144);
 * ```
 */
export const DEFAULT_RECEIVE_BUFFER = 262_144; // estimate: one 100 Mbit/s × 20 ms path (250 KB)

/**
 * Largest window scale shift (RFC 7323 §2.3: a shift above 14 is treated as 14).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(65535 * 2 ** MAX_WINDOW_SCALE < 2 ** 30, true);
 * ```
 */
export const MAX_WINDOW_SCALE = 14; // RFC 7323 §2.3

/**
 * Initial RTO before any RTT sample: 1 s (RFC 6298 §2.1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(INITIAL_RTO, 1e9);
 * ```
 */
export const INITIAL_RTO = 1_000_000_000; // RFC 6298 §2.1; Linux TCP_TIMEOUT_INIT is also 1 s

/**
 * RTO after a handshake that needed a retransmitted SYN (RFC 6298 §5.7).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(FALLBACK_RTO, 3e9);
 * ```
 */
export const FALLBACK_RTO = 3_000_000_000; // RFC 6298 §5.7; Linux TCP_TIMEOUT_FALLBACK

/**
 * RFC 6298's floor: "Whenever RTO is computed, if it is less than 1 second, then the
 * RTO SHOULD be rounded up to 1 second" (§2.4).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(RFC6298_RTO_MIN, 1e9);
 * ```
 */
export const RFC6298_RTO_MIN = 1_000_000_000; // RFC 6298 §2.4

/**
 * Linux's floor `TCP_RTO_MIN` = HZ/5 = 200 ms (include/net/tcp.h), added to SRTT rather
 * than clamped (see `rto.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(LINUX_RTO_MIN, 200e6);
 * ```
 */
export const LINUX_RTO_MIN = 200_000_000; // include/net/tcp.h: #define TCP_RTO_MIN ((unsigned)(HZ / 5))

/**
 * RTO ceiling: RFC 6298 §2.5 allows a maximum of at least 60 s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(RFC6298_RTO_MAX, 60e9);
 * ```
 */
export const RFC6298_RTO_MAX = 60_000_000_000; // RFC 6298 §2.5

/**
 * Linux's ceiling `TCP_RTO_MAX` = 120 s (include/net/tcp.h).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(LINUX_RTO_MAX, 120e9);
 * ```
 */
export const LINUX_RTO_MAX = 120_000_000_000; // include/net/tcp.h: TCP_RTO_MAX ((unsigned)(120*HZ))

/**
 * Clock granularity G of RFC 6298 §2 (our clock is exact; Linux's is one jiffy, 1–10 ms).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(CLOCK_GRANULARITY, 1e6);
 * ```
 */
export const CLOCK_GRANULARITY = 1_000_000; // estimate: 1 ms, the timestamp clock tick below

/**
 * Gains of RFC 6298 §2.3: α = 1/8, β = 1/4, K = 4.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(RTO_GAINS, { alpha: 0.125, beta: 0.25, k: 4 });
 * ```
 */
export const RTO_GAINS = { alpha: 1 / 8, beta: 1 / 4, k: 4 } as const; // RFC 6298 §2.3

/**
 * Timestamp clock tick: 1 ms (RFC 7323 §5.4 asks for 1 ms to 1 s per tick).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(TIMESTAMP_TICK, 1e6);
 * ```
 */
export const TIMESTAMP_TICK = 1_000_000; // RFC 7323 §5.4; Linux uses 1 ms (TCP_TS_HZ = 1000)

/**
 * Duplicate ACKs that trigger fast retransmit (RFC 5681 §3.2: "3 duplicate ACKs").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(DUPLICATE_ACK_THRESHOLD, 3);
 * ```
 */
export const DUPLICATE_ACK_THRESHOLD = 3; // RFC 5681 §3.2; Linux tcp_reordering default 3

/**
 * Delayed-ACK timeout: RFC 9293 §3.8.6.3 and RFC 1122 §4.2.3.2 allow up to 500 ms;
 * BSD uses 200 ms. Linux adapts between `TCP_DELACK_MIN` = 40 ms and
 * `TCP_DELACK_MAX` = 200 ms (include/net/tcp.h).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(DELAYED_ACK_TIMEOUT, 200e6);
 * ```
 */
export const DELAYED_ACK_TIMEOUT = 200_000_000; // RFC 1122 §4.2.3.2 (< 500 ms); BSD 200 ms

/**
 * Linux's shortest delayed-ACK timer `TCP_DELACK_MIN` = HZ/25 = 40 ms (include/net/tcp.h).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(LINUX_DELAYED_ACK_MIN, 40e6);
 * ```
 */
export const LINUX_DELAYED_ACK_MIN = 40_000_000; // include/net/tcp.h: TCP_DELACK_MIN (HZ/25)

/**
 * Retransmissions of one segment before the connection is aborted: Linux
 * `tcp_retries2` = 15 (Documentation/networking/ip-sysctl.rst); RFC 9293 §3.8.3 R2
 * asks for at least 100 s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(MAX_RETRANSMISSIONS, 15);
 * ```
 */
export const MAX_RETRANSMISSIONS = 15; // Linux net.ipv4.tcp_retries2

/**
 * SYN retransmissions before `connect()` gives up: Linux `tcp_syn_retries` = 6.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(MAX_SYN_RETRANSMISSIONS, 6);
 * ```
 */
export const MAX_SYN_RETRANSMISSIONS = 6; // Linux net.ipv4.tcp_syn_retries

/**
 * Tick of the ISN clock: RFC 9293 §3.4.1 (and RFC 6528) increments M every 4 µs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ISN_TICK, 4000);
 * ```
 */
export const ISN_TICK = 4_000; // RFC 9293 §3.4.1: "a (possibly fictitious) 32-bit clock ... every 4 microseconds"

/**
 * First ephemeral port handed out by `connect()` (IANA dynamic range, RFC 6335 §6).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(FIRST_EPHEMERAL_PORT, 49152);
 * ```
 */
export const FIRST_EPHEMERAL_PORT = 49_152; // RFC 6335 §6

/**
 * SACK blocks per ACK: 4 fit in 40 option bytes, 3 when timestamps take 10 (RFC 2018 §3).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(2 + 8 * MAX_SACK_BLOCKS <= 40, true);
 * ```
 */
export const MAX_SACK_BLOCKS = 4; // RFC 2018 §3

/**
 * Connections a listener queues before accept() (Linux `SOMAXCONN` was 128 until 5.4).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_BACKLOG, 128);
 * ```
 */
export const DEFAULT_BACKLOG = 128; // include/linux/socket.h SOMAXCONN before Linux 5.4
