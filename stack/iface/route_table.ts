/**
 * The route table: where an IP layer sends a packet next. Sits between the IP layer
 * (which asks "where to?") and the interfaces and neighbour caches (which deliver to a
 * next hop on a link).
 *
 * Each route says: packets for this prefix leave through this interface, either straight
 * to their destination (a *connected* route: the destination is on the link) or to a
 * gateway (`via`). The lookup is a *longest-prefix match* (RFC 1812 §5.2.4.3): among
 * the routes whose prefix contains the destination, the most specific wins, so
 * `0.0.0.0/0` (the default route) only catches what nothing else does.
 *
 * ```
 *   destination 10.0.2.7
 *   ┌──────────────┬────────────┬───────┐
 *   │ prefix       │ via        │ iface │   10.0.2.0/24 ∋ 10.0.2.7 (24 bits)  ← longest
 *   │ 10.0.1.0/24  │ (on link)  │ eth0  │   0.0.0.0/0   ∋ 10.0.2.7 (0 bits)
 *   │ 10.0.2.0/24  │ 10.0.1.1   │ eth0  │
 *   │ 0.0.0.0/0    │ 10.0.1.254 │ eth0  │   → next hop 10.0.1.1 out of eth0
 *   └──────────────┴────────────┴───────┘
 * ```
 *
 * Ties between equal prefixes go to the lower metric, then to the older route.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RouteTable } from "./route_table.ts";
 * const routes = new RouteTable();
 * routes.add("10.0.1.0/24", { interface: "eth0" });
 * routes.add("0.0.0.0/0", { via: "10.0.1.1", interface: "eth0" });
 * assert.equal(routes.lookup("10.0.1.9")?.nextHop, "10.0.1.9");
 * assert.equal(routes.lookup("192.0.2.1")?.nextHop, "10.0.1.1");
 * ```
 *
 * @module
 */

import {
  formatIpv4Address,
  type Ipv4Address,
  ipv4PrefixMask,
  parseIpv4Address,
} from "../wire/ipv4_address.ts";
import { parseOptions, z } from "@src/options/mod.ts";

/**
 * How a route got into the table: `"connected"` (an interface's own network) or
 * `"static"` (added by hand, including the default route).
 *
 * @example
 * ```ts
 * const kind: RouteKind = "connected";
 * ```
 */
export type RouteKind = "connected" | "static";

/**
 * One entry of the table, as `ip route` prints it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const table = new RouteTable();
 * const route: Route = table.add("10.0.0.0/8", { via: "192.0.2.1", interface: "eth1" });
 * assert.equal(route.prefixLength, 8);
 * ```
 */
export interface Route {
  /** Prefix text, e.g. `"10.0.2.0/24"` (host bits zero). */
  readonly prefix: string;
  /** Network address of the prefix. */
  readonly network: Ipv4Address;
  /** How many leading bits must match, 0–32. */
  readonly prefixLength: number;
  /** Gateway to hand the packet to, or null when the destination is on the link. */
  readonly via: Ipv4Address | null;
  /** Name of the outgoing interface. */
  readonly interface: string;
  /** Preference among equal prefixes: lower wins. */
  readonly metric: number;
  /** Where the route came from. */
  readonly kind: RouteKind;
}

/**
 * The answer of {@linkcode RouteTable.lookup}: the route and the next hop to resolve.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const table = new RouteTable();
 * table.add("10.0.0.0/24", { interface: "eth0" });
 * const decision: RouteDecision | undefined = table.lookup("10.0.0.5");
 * assert.equal(decision?.interface, "eth0");
 * ```
 */
export interface RouteDecision {
  /** The winning route. */
  readonly route: Route;
  /** The gateway, or the destination itself for an on-link route. */
  readonly nextHop: Ipv4Address;
  /** Name of the outgoing interface. */
  readonly interface: string;
}

/**
 * Options of {@linkcode RouteTable.add}.
 *
 * @example
 * ```ts
 * const options: AddRouteOptions = { via: "10.0.1.1", interface: "eth0", metric: 10 };
 * ```
 */
export interface AddRouteOptions {
  /** Name of the outgoing interface (required). */
  interface: string;
  /**
   * Gateway on that interface's link; leave it out for an on-link (connected) prefix.
   *
   * @default {undefined} (on link)
   */
  via?: Ipv4Address;
  /**
   * Preference among routes with the same prefix length; lower wins.
   *
   * @default {0}
   */
  metric?: number;
  /**
   * Where the route came from.
   *
   * @default {"static"} (`"connected"` when the host adds its interface's network)
   */
  kind?: RouteKind;
}

const ipv4Text = z.string().refine((text) => {
  try {
    parseIpv4Address(text);
    return true;
  } catch {
    return false;
  }
}, 'must be dotted-quad text like "10.0.0.1"');

const addSchema = z.strictObject({
  interface: z.string().min(1),
  via: ipv4Text.optional(),
  metric: z.number().int().min(0).max(0xffffffff).optional(),
  kind: z.enum(["connected", "static"]).optional(),
});

/**
 * A prefix that cannot be a route: `SyntaxError` for bad text, and host bits set behind
 * the mask (as `ip route add 10.0.1.5/24` refuses with "Invalid prefix for given prefix
 * length") is a `RangeError` suggesting the network address.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(parseRoutePrefix("10.0.1.0/24").prefixLength, 24);
 * assert.throws(() => parseRoutePrefix("10.0.1.5/24"), /did you mean 10\.0\.1\.0\/24/);
 * assert.throws(() => parseRoutePrefix("10.0.1.0"), SyntaxError);
 * ```
 */
export function parseRoutePrefix(
  prefix: string,
): { network: Ipv4Address; prefixLength: number; value: number } {
  const match = typeof prefix === "string" ? /^([0-9.]+)\/([0-9]{1,2})$/.exec(prefix) : null;
  if (match === null || Number(match[2]) > 32) {
    throw new SyntaxError(
      `Cannot parse route prefix ${JSON.stringify(prefix)}: expected address/length with ` +
        `length 0–32, like "10.0.2.0/24" (or "0.0.0.0/0" for the default route).`,
    );
  }
  const prefixLength = Number(match[2]);
  let value: number;
  try {
    value = parseIpv4Address(match[1]);
  } catch (error) {
    throw new SyntaxError(
      `Cannot parse route prefix ${JSON.stringify(prefix)}: ${(error as Error).message}`,
    );
  }
  const mask = ipv4PrefixMask(prefixLength);
  const network = (value & mask) >>> 0;
  if (network !== value) {
    const fixed = `${formatIpv4Address(network)}/${prefixLength}`;
    throw new RangeError(
      `Invalid route prefix ${prefix}: host bits are set behind the /${prefixLength} mask ` +
        `(got ${match[1]}); did you mean ${fixed}?`,
    );
  }
  return { network: formatIpv4Address(network), prefixLength, value: network };
}

interface Entry {
  route: Route;
  value: number;
  mask: number;
}

/**
 * A longest-prefix-match route table.
 *
 * @example Default route and a more specific one
 * ```ts
 * import assert from "node:assert/strict";
 * const table = new RouteTable();
 * table.add("10.0.12.0/30", { interface: "eth1", kind: "connected" });
 * table.add("10.0.2.0/24", { via: "10.0.12.2", interface: "eth1" });
 * table.add("0.0.0.0/0", { via: "10.0.12.2", interface: "eth1" });
 * assert.equal(table.lookup("10.0.2.9")?.route.prefix, "10.0.2.0/24");
 * assert.equal(table.lookup("8.8.8.8")?.route.prefix, "0.0.0.0/0");
 * ```
 */
export class RouteTable {
  // Kept sorted: longest prefix first, then lowest metric, then oldest.
  #entries: Entry[] = [];

  /**
   * Add a route; returns it. Throws for a bad prefix (see {@linkcode parseRoutePrefix}),
   * a bad option (named by its field) or an exact duplicate.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const table = new RouteTable();
   * table.add("192.168.0.0/16", { via: "10.0.0.1", interface: "eth0" });
   * assert.throws(() => table.add("192.168.0.0/16", { via: "10.0.0.1", interface: "eth0" }), /already/);
   * assert.throws(() => table.add("192.168.1.0/24", { via: "10.0.0.256", interface: "eth0" }), /option via/);
   * ```
   */
  add(prefix: string, options: AddRouteOptions): Route {
    const parsed = parseRoutePrefix(prefix);
    const { interface: name, via, metric = 0, kind = "static" } = parseOptions(
      addSchema,
      options,
      `add route ${prefix}`,
    );
    const text = `${parsed.network}/${parsed.prefixLength}`;
    const route: Route = Object.freeze({
      prefix: text,
      network: parsed.network,
      prefixLength: parsed.prefixLength,
      via: via ?? null,
      interface: name,
      metric,
      kind,
    });
    const duplicate = this.#entries.find((entry) =>
      entry.route.prefix === text && entry.route.metric === metric
    );
    if (duplicate) {
      throw new RangeError(
        `Cannot add route ${text} metric ${metric}: a route for it already exists ` +
          `(via ${duplicate.route.via ?? "on-link"} dev ${duplicate.route.interface}). ` +
          `Remove it first, or give the new one another metric.`,
      );
    }
    const entry = { route, value: parsed.value, mask: ipv4PrefixMask(parsed.prefixLength) };
    // Insert after every entry that sorts before or equal to it, so older routes win ties.
    let at = 0;
    while (
      at < this.#entries.length &&
      (this.#entries[at].route.prefixLength > route.prefixLength ||
        (this.#entries[at].route.prefixLength === route.prefixLength &&
          this.#entries[at].route.metric <= metric))
    ) at++;
    this.#entries.splice(at, 0, entry);
    return route;
  }

  /**
   * Remove the routes for `prefix` (all metrics); returns how many were removed.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const table = new RouteTable();
   * table.add("0.0.0.0/0", { via: "10.0.0.1", interface: "eth0" });
   * assert.equal(table.remove("0.0.0.0/0"), 1);
   * assert.equal(table.lookup("1.2.3.4"), undefined);
   * ```
   */
  remove(prefix: string): number {
    const { network, prefixLength } = parseRoutePrefix(prefix);
    const text = `${network}/${prefixLength}`;
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((entry) => entry.route.prefix !== text);
    return before - this.#entries.length;
  }

  /**
   * The longest-prefix match for `destination`, or undefined when no route covers it.
   *
   *     match ⇔ (destination AND mask) = network
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const table = new RouteTable();
   * table.add("10.0.0.0/8", { via: "192.0.2.1", interface: "eth1" });
   * table.add("10.1.0.0/16", { via: "192.0.2.2", interface: "eth1" });
   * assert.equal(table.lookup("10.1.2.3")?.nextHop, "192.0.2.2");
   * assert.equal(table.lookup("10.2.2.3")?.nextHop, "192.0.2.1");
   * assert.equal(table.lookup("11.0.0.1"), undefined);
   * ```
   */
  lookup(destination: Ipv4Address): RouteDecision | undefined {
    const value = parseIpv4Address(destination);
    for (const entry of this.#entries) {
      if (((value & entry.mask) >>> 0) === entry.value) {
        const route = entry.route;
        return { route, nextHop: route.via ?? destination, interface: route.interface };
      }
    }
    return undefined;
  }

  /**
   * Every route, most specific first: rows for a table.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const table = new RouteTable();
   * table.add("0.0.0.0/0", { via: "10.0.0.1", interface: "eth0" });
   * table.add("10.0.0.0/24", { interface: "eth0", kind: "connected" });
   * assert.deepEqual(table.rows().map((r) => r.prefix), ["10.0.0.0/24", "0.0.0.0/0"]);
   * ```
   */
  rows(): Route[] {
    return this.#entries.map((entry) => entry.route);
  }

  /**
   * The table as `ip route` prints it, one line per route.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const table = new RouteTable();
   * table.add("0.0.0.0/0", { via: "10.0.0.1", interface: "eth0" });
   * table.add("10.0.0.0/24", { interface: "eth0", kind: "connected" });
   * assert.equal(table.format(), "10.0.0.0/24 dev eth0 proto kernel\ndefault via 10.0.0.1 dev eth0");
   * ```
   */
  format(): string {
    return this.rows().map((route) => {
      const prefix = route.prefixLength === 0 ? "default" : route.prefix;
      const via = route.via ? ` via ${route.via}` : "";
      const proto = route.kind === "connected" ? " proto kernel" : "";
      const metric = route.metric ? ` metric ${route.metric}` : "";
      return `${prefix}${via} dev ${route.interface}${proto}${metric}`;
    }).join("\n");
  }
}
