/**
 * Tunables of the simulated internetwork (links, nodes, switch tables, host sysctls), in
 * one place like xv6's `param.h`. Each names its source, or says it is an estimate.
 * Models pass options to change them; they never edit this file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_BANDWIDTH, EPHEMERAL_PORT_MIN } from "./params.ts";
 * assert.equal(DEFAULT_BANDWIDTH, 100_000_000);
 * assert.equal(EPHEMERAL_PORT_MIN, 32768);
 * ```
 *
 * @module
 */

/**
 * Link bandwidth when none is given, bits per second: Fast Ethernet.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_BANDWIDTH, 100e6);
 * ```
 */
export const DEFAULT_BANDWIDTH = 100_000_000; // IEEE 802.3u 100BASE-TX: 100 Mbit/s

/**
 * One-way propagation delay when none is given, ns: 1 km of fibre or copper.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_LINK_DELAY, 5_000);
 * ```
 */
export const DEFAULT_LINK_DELAY = 5_000; // 1 km at ~2×10^8 m/s (≈ 2/3 c in glass or cable) = 5 µs

/**
 * Frames a link's transmit queue holds (the one on the wire included) before drop-tail.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_QUEUE_LIMIT, 1000);
 * ```
 */
export const DEFAULT_QUEUE_LIMIT = 1000; // Linux txqueuelen: DEFAULT_TX_QUEUE_LEN 1000 (include/linux/netdevice.h)

/**
 * Bytes each frame costs on a link beyond what a capture shows: frame check sequence 4 +
 * preamble and start frame delimiter 8 + inter-frame gap 12 (`stack/wire`'s
 * `ETHERNET_FCS_LENGTH` + `ETHERNET_WIRE_OVERHEAD`). Links add it to every frame's length
 * when they compute its transmission time.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ETHERNET_LINK_OVERHEAD, 24);
 * ```
 */
export const ETHERNET_LINK_OVERHEAD = 24; // IEEE 802.3 clause 3 (frame format) and 4.4.2 (interFrameGap 96 bits)

/**
 * Largest extra hold-back of a reordered frame, ns (drawn uniformly from 0 to this).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_REORDER_DELAY, 100_000);
 * ```
 */
export const DEFAULT_REORDER_DELAY = 100_000; // estimate: 100 µs, several frame times at 100 Mbit/s

/**
 * Time a host's stack spends on a received frame before it reaches a socket, ns.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(HOST_PROCESSING_DELAY, 5_000);
 * ```
 */
export const HOST_PROCESSING_DELAY = 5_000; // estimate: a few µs per packet through a kernel receive path

/**
 * Time a router spends forwarding one packet (lookup, TTL, rewrite), ns.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ROUTER_PROCESSING_DELAY, 2_000);
 * ```
 */
export const ROUTER_PROCESSING_DELAY = 2_000; // estimate: software forwarding at ~0.5 Mpps per core

/**
 * Time a switch spends deciding where a frame goes, ns (after storing it whole).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(SWITCH_PROCESSING_DELAY, 1_000);
 * ```
 */
export const SWITCH_PROCESSING_DELAY = 1_000; // estimate: ~1 µs, the order of commodity store-and-forward switch latency

/**
 * How long a switch remembers where a MAC address was seen, ns (300 s).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(SWITCH_AGING_TIME, 300e9);
 * ```
 */
export const SWITCH_AGING_TIME = 300_000_000_000; // Linux bridge BR_DEFAULT_AGEING_TIME (300 * HZ), net/bridge/br_private.h; IEEE 802.1D default 300 s

/**
 * Lowest ephemeral (automatically chosen) local port.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(EPHEMERAL_PORT_MIN, 32768);
 * ```
 */
export const EPHEMERAL_PORT_MIN = 32768; // ip-sysctl.rst ip_local_port_range default "32768 60999"

/**
 * Highest ephemeral local port.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(EPHEMERAL_PORT_MAX, 60999);
 * ```
 */
export const EPHEMERAL_PORT_MAX = 60999; // ip-sysctl.rst ip_local_port_range default "32768 60999"

/**
 * Bytes of datagram payload a UDP socket buffers before it drops.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(UDP_RECEIVE_BUFFER, 212_992);
 * ```
 */
export const UDP_RECEIVE_BUFFER = 212_992; // net.core.rmem_default on Linux x86-64 (SK_RMEM_MAX); Linux counts skb truesize, we count payload

/**
 * Interval between pings, ns (1 s).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(PING_INTERVAL, 1e9);
 * ```
 */
export const PING_INTERVAL = 1_000_000_000; // iputils ping(8): "-i interval ... default is to wait for one second"

/**
 * Data bytes in a ping, after the 8-byte ICMP header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(PING_DATA_BYTES, 56);
 * ```
 */
export const PING_DATA_BYTES = 56; // iputils ping(8): "-s packetsize ... The default is 56"

/**
 * How long a ping or traceroute waits for an answer, ns (10 s).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(PING_TIMEOUT, 10e9);
 * ```
 */
export const PING_TIMEOUT = 10_000_000_000; // iputils ping.h MAXWAIT 10 (seconds to wait for a response)

/**
 * A link's MTU when none is given, bytes of IP packet per frame: Ethernet.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_LINK_MTU, 1500);
 * ```
 */
export const DEFAULT_LINK_MTU = 1500; // RFC 894 (IP over Ethernet): "the maximum length of an IP datagram ... is 1500 octets"; IEEE 802.3 §4.4.2

/**
 * How long a host keeps an incomplete datagram's fragments, ns (30 s).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(REASSEMBLY_TIMEOUT, 30e9);
 * ```
 */
export const REASSEMBLY_TIMEOUT = 30_000_000_000; // Linux ipfrag_time default 30 s (Documentation/networking/ip-sysctl.rst); RFC 1122 §3.3.2 recommends 60–120 s
