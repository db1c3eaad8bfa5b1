/**
 * Tunables of the interface layer (neighbour cache, IP defaults), in one place like
 * xv6's `param.h`. Each names where the number comes from; pass an option to change it
 * for one model instead of editing this file.
 *
 * Linux's ARP defaults live in the `arp_tbl` initialiser of `net/ipv4/arp.c`; their
 * sysctl names (`/proc/sys/net/ipv4/neigh/<dev>/…`) are documented in
 * `Documentation/networking/ip-sysctl.rst` and `man 7 arp`.
 *
 * @example Read a default
 * ```ts
 * import assert from "node:assert/strict";
 * import { ARP_MCAST_SOLICIT, ARP_RETRANS_TIME } from "./params.ts";
 * assert.equal(ARP_MCAST_SOLICIT, 3);
 * assert.equal(ARP_RETRANS_TIME, 1_000_000_000);
 * ```
 *
 * @module
 */

/**
 * Broadcast ARP requests sent for an unresolved address before giving up.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ARP_MCAST_SOLICIT, 3);
 * ```
 */
export const ARP_MCAST_SOLICIT = 3; // net/ipv4/arp.c arp_tbl: [NEIGH_VAR_MCAST_PROBES] = 3 (sysctl mcast_solicit)

/**
 * Unicast ARP requests sent to re-check a STALE neighbour's cached MAC.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ARP_UCAST_SOLICIT, 3);
 * ```
 */
export const ARP_UCAST_SOLICIT = 3; // net/ipv4/arp.c arp_tbl: [NEIGH_VAR_UCAST_PROBES] = 3 (sysctl ucast_solicit)

/**
 * Time between ARP retransmissions, in nanoseconds (1 s).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ARP_RETRANS_TIME, 1e9);
 * ```
 */
export const ARP_RETRANS_TIME = 1_000_000_000; // net/ipv4/arp.c: [NEIGH_VAR_RETRANS_TIME] = 1 * HZ (retrans_time_ms 1000)

/**
 * How long a confirmed neighbour stays REACHABLE before it turns STALE, in nanoseconds
 * (30 s). Linux draws the real value uniformly from [½, 1½) × this base
 * (`neigh_rand_reach_time()`); StackLab uses the base itself unless a model passes its own.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ARP_BASE_REACHABLE_TIME, 30e9);
 * ```
 */
export const ARP_BASE_REACHABLE_TIME = 30_000_000_000; // net/ipv4/arp.c: [NEIGH_VAR_BASE_REACHABLE_TIME] = 30 * HZ

/**
 * How long a STALE entry in use waits for a confirmation before it is probed, in
 * nanoseconds (5 s): Linux's DELAY state.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ARP_DELAY_FIRST_PROBE_TIME, 5e9);
 * ```
 */
export const ARP_DELAY_FIRST_PROBE_TIME = 5_000_000_000; // net/ipv4/arp.c: [NEIGH_VAR_DELAY_PROBE_TIME] = 5 * HZ (delay_first_probe_time)

/**
 * Packets held per unresolved neighbour while ARP runs; the oldest is dropped when full.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ARP_QUEUE_LENGTH, 101);
 * ```
 */
export const ARP_QUEUE_LENGTH = 101; // ip-sysctl.rst: unres_qlen "Default: 101" (now derived from unres_qlen_bytes)

/**
 * TTL of packets a host originates.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(IP_DEFAULT_TTL, 64);
 * ```
 */
export const IP_DEFAULT_TTL = 64; // ip-sysctl.rst: ip_default_ttl "Default: 64"; RFC 1700 recommends 64

/**
 * Bytes of the offending datagram's payload quoted in an ICMP error, after its IP header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ICMP_ERROR_QUOTE, 8);
 * ```
 */
export const ICMP_ERROR_QUOTE = 8; // RFC 792: "Internet Header + 64 bits of Original Data Datagram"
