/**
 * A router: a host that forwards (Linux with `ip_forward = 1`). For each packet that is
 * not addressed to one of its own interfaces it does what RFC 1812 §5.2 and §5.3.1 ask:
 *
 * ```
 *   frame in on eth0 ──▶ IPv4 header valid? (checksum)            else drop
 *                   ──▶ TTL ≤ 1?  ICMP time exceeded (type 11) to the source, drop
 *                   ──▶ route lookup (longest prefix match)
 *                          none?  ICMP destination unreachable, net (type 3 code 0), drop
 *                   ──▶ TTL − 1, checksum patched incrementally (RFC 1624 eqn. 3)
 *                   ──▶ larger than the outgoing link's MTU?
 *                          DF set: ICMP fragmentation needed (type 3 code 4) carrying
 *                                  the next-hop MTU (RFC 1191 §4), drop
 *                          DF clear: fragment (RFC 791 §3.2, RFC 1812 §5.2.6)
 *                   ──▶ ARP for the next hop on the outgoing interface
 *                   ──▶ new Ethernet header: source = my outgoing MAC, destination = next hop's
 * ```
 *
 * The IP source and destination never change; the MACs change at every router. Its own
 * addresses answer pings like any host's, and the ICMP errors it sends leave from the
 * address of the interface that routes back to the source (Linux's default,
 * `icmp_errors_use_inbound_ifaddr = 0`).
 *
 * @example A router between two cables
 * ```ts
 * import assert from "node:assert/strict";
 * import { network, ping } from "./mod.ts";
 * const net = network({ seed: 1 });
 * const a = net.addHost("a");
 * const r = net.addRouter("r");
 * const b = net.addHost("b");
 * net.connect(a, r, { addresses: ["10.0.1.10/24", "10.0.1.1/24"] });
 * net.connect(r, b, { addresses: ["10.0.2.1/24", "10.0.2.20/24"] });
 * a.setDefaultRoute("10.0.1.1");
 * b.setDefaultRoute("10.0.2.1");
 * const session = ping(a, "10.0.2.20", { count: 1 });
 * net.run();
 * assert.equal(session.results[0].ttl, 63); // b replied with 64, r took one off
 * ```
 *
 * @module
 */

import { TimeExceededCode, UnreachableCode } from "../wire/icmp.ts";
import { decrementTtl } from "../wire/ipv4.ts";
import type { NetContext } from "./journey.ts";
import { Host, type HostOptions } from "./host.ts";
import type { IpPacket } from "./ip.ts";
import { ROUTER_PROCESSING_DELAY } from "./params.ts";

/**
 * Options of {@linkcode Router}: those of a host.
 *
 * @example
 * ```ts
 * const options: RouterOptions = { processingDelay: 0 };
 * ```
 */
export type RouterOptions = HostOptions;

/**
 * A forwarding node; see the module comment. Build it with `network().addRouter()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { network } from "./topology.ts";
 * const router = network({ seed: 1 }).addRouter("r1");
 * assert.equal(router.kind, "router");
 * assert.equal(router.processingDelay, 2_000);
 * ```
 */
export class Router extends Host {
  /** Always "router". */
  override readonly kind = "router" as const;
  /** Packets forwarded so far. */
  forwarded = 0;

  /** A router named `name`; processing delay defaults to `ROUTER_PROCESSING_DELAY`. */
  constructor(context: NetContext, name: string, options: RouterOptions = {}) {
    super(context, name, {
      ...options,
      processingDelay: options.processingDelay ?? ROUTER_PROCESSING_DELAY,
    });
  }

  /**
   * Forward one packet (see the module diagram). The IP layer calls it for every valid
   * packet not addressed to one of the router's own addresses.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ping } from "./ping.ts";
   * import { twoLansTwoRouters } from "./topologies.ts";
   * const { net, a, r1, r2 } = twoLansTwoRouters({ seed: 1 });
   * ping(a, "10.0.2.20", { count: 1 });
   * net.run();
   * assert.deepEqual([r1.forwarded, r2.forwarded], [2, 2]); // request and reply
   * ```
   */
  protected override forward(packet: IpPacket): void {
    const { repr, meta } = packet;
    const what = `${repr.source} > ${repr.destination} ttl ${repr.ttl}`;
    // RFC 1812 §5.3.1: a packet whose TTL would reach 0 is discarded, and ICMP time
    // exceeded is sent back to its source.
    if (repr.ttl <= 1) {
      this.event({ layer: "ip", event: "ttl-expired", detail: what, packet: meta.packet });
      this.sendIcmpError(packet.bytes, {
        kind: "timeExceeded",
        code: TimeExceededCode.TtlExceeded,
      });
      return;
    }
    const decision = this.routes.lookup(repr.destination);
    if (decision === undefined) {
      this.event({ layer: "ip", event: "no-route", detail: what, packet: meta.packet });
      this.sendIcmpError(packet.bytes, {
        kind: "destinationUnreachable",
        code: UnreachableCode.Net,
      });
      return;
    }
    // Our own copy: the received bytes belong to the frame (and to captures of it).
    const bytes = packet.bytes.slice();
    decrementTtl(bytes); // RFC 1624 incremental checksum update, in stack/wire
    const mtu = this.mtu(decision.interface);
    if (bytes.length > mtu && repr.dontFragment) {
      // RFC 1191 §4 / RFC 1812 §5.2.7.1: drop, and tell the source the next-hop MTU.
      this.event({
        layer: "ip",
        event: "fragmentation-needed",
        detail: `${what}, ${bytes.length} bytes, DF, next-hop MTU ${mtu}`,
        packet: meta.packet,
      });
      this.sendIcmpError(packet.bytes, {
        kind: "destinationUnreachable",
        code: UnreachableCode.FragmentationNeeded,
      }, { nextHopMtu: mtu });
      return;
    }
    this.forwarded++;
    this.outputFragmented(decision, { bytes, meta }, mtu);
  }
}
