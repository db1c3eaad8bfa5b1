/**
 * Ready-made topologies, built with `network()` and configured with routes, so a
 * notebook can start from a working internetwork in one line.
 *
 * `twoLansTwoRouters()` is chapter 1's standard internetwork:
 *
 * ```
 *   LAN 1: 10.0.1.0/24                 WAN 10.0.12.0/30                LAN 2: 10.0.2.0/24
 *   a 10.0.1.10 ─┐                                                 ┌─ b 10.0.2.20
 *                ├─ sw1 ── r1 10.0.1.1 │ r1 .1 ──── r2 .2 │ r2 10.0.2.1 ── sw2
 *   c 10.0.1.11 ─┘
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ping, twoLansTwoRouters } from "./mod.ts";
 * const { net, c } = twoLansTwoRouters({ seed: 1 });
 * const session = ping(c, "10.0.2.20", { count: 1 });
 * net.run();
 * assert.equal(session.results[0].outcome, "reply");
 * ```
 *
 * @module
 */

import type { Host } from "./host.ts";
import type { LinkOptions } from "./link.ts";
import type { Router } from "./router.ts";
import type { Switch } from "./switch.ts";
import { type Network, network } from "./topology.ts";

/**
 * Options of {@linkcode twoLansTwoRouters}.
 *
 * @example
 * ```ts
 * import { ms } from "../../src/sim/mod.ts";
 * const options: TwoLansOptions = { seed: 1, wan: { bandwidth: 10e6, delay: ms(10) } };
 * ```
 */
export interface TwoLansOptions {
  /** The seed; required. */
  seed: number | string;
  /**
   * Options of the LAN links (host–switch, switch–router).
   *
   * @default {{}} (100 Mbit/s, 5 µs)
   */
  lan?: LinkOptions;
  /**
   * Options of the r1–r2 link.
   *
   * @default {{}} (100 Mbit/s, 5 µs)
   */
  wan?: LinkOptions;
  /**
   * Record the journey trace.
   *
   * @default {true}
   */
  journey?: boolean;
}

/**
 * The nodes of {@linkcode twoLansTwoRouters}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const lans: TwoLans = twoLansTwoRouters({ seed: 1 });
 * assert.equal(lans.r1.interfaces.length, 2);
 * ```
 */
export interface TwoLans {
  /** The network. */
  readonly net: Network;
  /** Host 10.0.1.10 on LAN 1. */
  readonly a: Host;
  /** Host 10.0.1.11 on LAN 1. */
  readonly c: Host;
  /** Host 10.0.2.20 on LAN 2. */
  readonly b: Host;
  /** Router 10.0.1.1 / 10.0.12.1. */
  readonly r1: Router;
  /** Router 10.0.12.2 / 10.0.2.1. */
  readonly r2: Router;
  /** LAN 1's switch. */
  readonly sw1: Switch;
  /** LAN 2's switch. */
  readonly sw2: Switch;
}

/**
 * Two LANs joined by two routers (see the module diagram), routes configured.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const { r1 } = twoLansTwoRouters({ seed: 1 });
 * assert.equal(r1.routes.lookup("10.0.2.20")?.nextHop, "10.0.12.2");
 * ```
 */
export function twoLansTwoRouters(options: TwoLansOptions): TwoLans {
  const { seed, lan = {}, wan = {}, journey } = options;
  const net = network(journey === undefined ? { seed } : { seed, journey });
  const a = net.addHost("a");
  const c = net.addHost("c");
  const b = net.addHost("b");
  const r1 = net.addRouter("r1");
  const r2 = net.addRouter("r2");
  const sw1 = net.addSwitch("sw1");
  const sw2 = net.addSwitch("sw2");
  net.connect(a, sw1, { ...lan, addresses: ["10.0.1.10/24"] });
  net.connect(c, sw1, { ...lan, addresses: ["10.0.1.11/24"] });
  net.connect(sw1, r1, { ...lan, addresses: [null, "10.0.1.1/24"] });
  net.connect(r1, r2, { ...wan, addresses: ["10.0.12.1/30", "10.0.12.2/30"] });
  net.connect(r2, sw2, { ...lan, addresses: ["10.0.2.1/24", null] });
  net.connect(sw2, b, { ...lan, addresses: [null, "10.0.2.20/24"] });
  a.setDefaultRoute("10.0.1.1");
  c.setDefaultRoute("10.0.1.1");
  b.setDefaultRoute("10.0.2.1");
  r1.addRoute("10.0.2.0/24", { via: "10.0.12.2" });
  r2.addRoute("10.0.1.0/24", { via: "10.0.12.1" });
  return { net, a, c, b, r1, r2, sw1, sw2 };
}
