/**
 * Homework `subnetting`: from an interface address to its network, broadcast address and
 * host count, and a router's longest-prefix match (LPM) for a few destinations.
 *
 * An address `a.b.c.d/n` lies in the network whose first n bits it shares (RFC 4632 §3.1):
 *
 *     10.37.142.77/21   = 00001010 00100101 10001|110 01001101
 *     network (host bits 0) = 10.37.136.0     broadcast (host bits 1) = 10.37.143.255
 *     usable hosts = 2^(32 − n) − 2   (minus the network and broadcast addresses;
 *                    a /31 has 2 (RFC 3021), a /32 names one host)
 *
 * A router forwards to the entry whose prefix contains the destination and is the
 * *longest* among those (RFC 1812 §5.2.4.3, "longest match"); `0.0.0.0/0` matches
 * everything, so it is the default route. With no match the packet is dropped (and the
 * sender gets ICMP destination unreachable, RFC 792).
 *
 * Usage: `deno task homework subnetting --seed 7 [-c]`, or in a notebook
 * `assign(subnetting, {learner: "ada"})`.
 *
 * @module
 */

import { defineHomework, z } from "@src/exercise/mod.ts";
import { Random } from "@src/sim/mod.ts";
import {
  formatIpv4Address,
  ipv4CidrContains,
  ipv4PrefixMask,
  parseIpv4Address,
  parseIpv4Cidr,
} from "../wire/mod.ts";

/**
 * A generated subnetting problem.
 *
 * @example
 * ```ts
 * import type { SubnettingProblem } from "./subnetting.ts";
 * const problem: SubnettingProblem = {
 *   interfaces: ["10.0.0.77/26"],
 *   routes: [{ prefix: "10.0.0.0/8", nextHop: "r1" }],
 *   destinations: ["10.9.9.9"],
 * };
 * ```
 */
export interface SubnettingProblem {
  /** Interface addresses with their prefix length, host bits set: `"10.37.142.77/21"`. */
  readonly interfaces: readonly string[];
  /** The forwarding table, in the (shuffled) order shown. */
  readonly routes: readonly { readonly prefix: string; readonly nextHop: string }[];
  /** Destination addresses to route. */
  readonly destinations: readonly string[];
}

/**
 * The answer for one interface address.
 *
 * @example
 * ```ts
 * import type { InterfaceAnswer } from "./subnetting.ts";
 * const answer: InterfaceAnswer = {
 *   interface: "10.0.0.77/26", network: "10.0.0.64/26", broadcast: "10.0.0.127",
 *   usableHosts: 62, firstHost: "10.0.0.65", lastHost: "10.0.0.126",
 * };
 * ```
 */
export interface InterfaceAnswer {
  /** The address as given. */
  readonly interface: string;
  /** The network, `a.b.c.d/n` with host bits zero. */
  readonly network: string;
  /** The broadcast address (host bits one). */
  readonly broadcast: string;
  /** Usable host addresses. */
  readonly usableHosts: number;
  /** The first usable host. */
  readonly firstHost: string;
  /** The last usable host. */
  readonly lastHost: string;
}

/**
 * The answer for one destination.
 *
 * @example
 * ```ts
 * import type { RouteAnswer } from "./subnetting.ts";
 * const answer: RouteAnswer = {
 *   destination: "10.9.9.9", matches: ["10.0.0.0/8"], route: "10.0.0.0/8", nextHop: "r1",
 * };
 * ```
 */
export interface RouteAnswer {
  /** The destination as given. */
  readonly destination: string;
  /** Every prefix that contains it, longest first. */
  readonly matches: readonly string[];
  /** The longest match, or null when none matches. */
  readonly route: string | null;
  /** Where the packet goes, or "drop" when no route matches. */
  readonly nextHop: string;
}

/**
 * The answer key.
 *
 * @example
 * ```ts
 * import type { SubnettingSolution } from "./subnetting.ts";
 * const solution: SubnettingSolution = { interfaces: [], routes: [] };
 * ```
 */
export interface SubnettingSolution {
  /** One answer per interface address, in order. */
  readonly interfaces: readonly InterfaceAnswer[];
  /** One answer per destination, in order. */
  readonly routes: readonly RouteAnswer[];
}

const Options = z.object({
  addresses: z.number().int().min(1).max(8).default(3)
    .describe("interface addresses to analyse"),
  routes: z.number().int().min(2).max(10).default(5).describe("entries in the forwarding table"),
  destinations: z.number().int().min(1).max(10).default(4).describe("destinations to route"),
  defaultRoute: z.boolean().default(true).describe("whether the table has 0.0.0.0/0"),
});

/**
 * Options of the `subnetting` generator.
 *
 * @example
 * ```ts
 * import type { SubnettingOptions } from "./subnetting.ts";
 * const options: SubnettingOptions = { addresses: 2, routes: 6, destinations: 5, defaultRoute: false };
 * ```
 */
export type SubnettingOptions = z.output<typeof Options>;

function network(address: number, length: number): number {
  return (address & ipv4PrefixMask(length)) >>> 0;
}

function generate(seed: number, options: SubnettingOptions): SubnettingProblem {
  const random = new Random(seed).fork("subnetting");
  // Part 1: host addresses in the private blocks (RFC 1918), prefix /12–/30, mostly not
  // on an octet boundary (those are the ones worth practising), never the network or
  // broadcast address itself.
  const blocks = [
    { base: 0x0a000000, length: 8 }, // 10.0.0.0/8
    { base: 0xac100000, length: 12 }, // 172.16.0.0/12
    { base: 0xc0a80000, length: 16 }, // 192.168.0.0/16
  ];
  const interfaces: string[] = [];
  while (interfaces.length < options.addresses) {
    const block = random.choice(blocks);
    const host = (block.base + random.int(1, 2 ** (32 - block.length) - 2)) >>> 0;
    let length = random.int(Math.max(block.length, 12), 30);
    if (length % 8 === 0 && random.bernoulli(0.7)) {
      length = random.int(Math.max(block.length, 12), 30);
    }
    const net = network(host, length);
    const broadcast = (net | ~ipv4PrefixMask(length)) >>> 0;
    const text = `${formatIpv4Address(host)}/${length}`;
    if (host !== net && host !== broadcast && !interfaces.includes(text)) interfaces.push(text);
  }
  // Part 2: nested prefixes inside one /16, so several entries match one destination.
  const base = random.bernoulli(0.5)
    ? (0x0a000000 + random.int(0, 255) * 0x10000) >>> 0 // 10.x.0.0/16 (RFC 1918)
    : (0xac100000 + random.int(0, 15) * 0x10000) >>> 0; // 172.16–31.0.0/16
  const prefixes: { address: number; length: number }[] = [{ address: base, length: 16 }];
  const wanted = options.routes - (options.defaultRoute ? 1 : 0);
  while (prefixes.length < wanted) {
    const parent = random.choice(prefixes);
    if (parent.length >= 28) continue;
    const length = random.int(parent.length + 1, Math.min(parent.length + 8, 28));
    const address = network(
      (parent.address + random.int(0, 2 ** (32 - parent.length) - 1)) >>> 0,
      length,
    );
    if (!prefixes.some((p) => p.address === address && p.length === length)) {
      prefixes.push({ address, length });
    }
  }
  const shuffled = random.shuffle(prefixes);
  const routes = shuffled.map((p, i) => ({
    prefix: `${formatIpv4Address(p.address)}/${p.length}`,
    nextHop: `r${i + 1}`,
  }));
  if (options.defaultRoute) routes.push({ prefix: "0.0.0.0/0", nextHop: "isp" });
  // Destinations: mostly inside a random (often deep) prefix; some outside the /16.
  const destinations: string[] = [];
  while (destinations.length < options.destinations) {
    const outside = random.bernoulli(0.2);
    const inside = random.choice(prefixes);
    const address = outside
      ? (0xc6336400 + random.int(1, 254)) >>> 0 // 198.51.100.x (RFC 5737 TEST-NET-2)
      : (inside.address + random.int(0, 2 ** (32 - inside.length) - 1)) >>> 0;
    const text = formatIpv4Address(address);
    if (!destinations.includes(text)) destinations.push(text);
  }
  return { interfaces, routes, destinations };
}

function solve(problem: SubnettingProblem): SubnettingSolution {
  const interfaces = problem.interfaces.map((text) => {
    const cidr = parseIpv4Cidr(text);
    const address = parseIpv4Address(cidr.address);
    const mask = ipv4PrefixMask(cidr.prefixLength);
    const net = (address & mask) >>> 0;
    const broadcast = (net | ~mask) >>> 0;
    const n = cidr.prefixLength;
    // 2^(32−n) − 2 usable hosts; /31 point-to-point links use both (RFC 3021); /32 is one host.
    const usableHosts = n === 32 ? 1 : n === 31 ? 2 : 2 ** (32 - n) - 2;
    const first = n >= 31 ? net : net + 1;
    const last = n >= 31 ? broadcast : broadcast - 1;
    return {
      interface: text,
      network: `${formatIpv4Address(net)}/${n}`,
      broadcast: formatIpv4Address(broadcast),
      usableHosts,
      firstHost: formatIpv4Address(first),
      lastHost: formatIpv4Address(last),
    };
  });
  const routes = problem.destinations.map((destination) => {
    const matching = problem.routes
      .filter((route) => ipv4CidrContains(route.prefix, destination))
      .sort((a, b) => parseIpv4Cidr(b.prefix).prefixLength - parseIpv4Cidr(a.prefix).prefixLength);
    const best = matching[0];
    return {
      destination,
      matches: matching.map((route) => route.prefix),
      route: best?.prefix ?? null,
      nextHop: best?.nextHop ?? "drop",
    };
  });
  return { interfaces, routes };
}

function binary(address: string, length: number): string {
  const bits = parseIpv4Address(address).toString(2).padStart(32, "0");
  const grouped = bits.replace(/(.{8})(?!$)/g, "$1 ");
  // Mark the prefix boundary with "|": after `length` bits, counting the spaces.
  const cut = length + Math.floor(Math.max(length - 1, 0) / 8);
  return length === 0 || length === 32 ? grouped : `${grouped.slice(0, cut)}|${grouped.slice(cut)}`;
}

function render(problem: SubnettingProblem, solution?: SubnettingSolution): string {
  const lines = [
    "Part 1. For each interface address, give the network (a.b.c.d/n), the broadcast",
    "address and the number of usable host addresses.",
    "",
  ];
  problem.interfaces.forEach((text, i) => {
    lines.push(`  ${String.fromCharCode(97 + i)}) ${text}`);
    const answer = solution?.interfaces[i];
    if (answer) {
      const cidr = parseIpv4Cidr(text);
      lines.push(
        `       ${
          binary(cidr.address, cidr.prefixLength)
        }  (/${cidr.prefixLength}: the bits left of | are the network)`,
        `       network ${answer.network}, broadcast ${answer.broadcast}, ` +
          `usable hosts ${answer.usableHosts} (${answer.firstHost} – ${answer.lastHost})`,
      );
    }
  });
  const width = Math.max(...problem.routes.map((route) => route.prefix.length), 6);
  lines.push(
    "",
    "Part 2. A router has this forwarding table:",
    "",
    `  ${"prefix".padEnd(width)}  next hop`,
  );
  for (const route of problem.routes) {
    lines.push(`  ${route.prefix.padEnd(width)}  ${route.nextHop}`);
  }
  lines.push(
    "",
    "For each destination, which entry is the longest-prefix match, and where does the",
    'packet go (a next hop, or "drop" when nothing matches)?',
    "",
  );
  problem.destinations.forEach((destination, i) => {
    lines.push(`  d${i + 1}) ${destination}`);
    const answer = solution?.routes[i];
    if (answer) {
      lines.push(
        `       matches: ${answer.matches.length ? answer.matches.join(", ") : "none"}`,
        `       longest: ${answer.route ?? "none"} → ${answer.nextHop}`,
      );
    }
  });
  return lines.join("\n");
}

/**
 * The `subnetting` homework generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { subnetting } from "./subnetting.ts";
 * const sheet = assign(subnetting, { seed: 7 });
 * assert.equal(sheet.problem.interfaces.length, 3);
 * const [first] = sheet.solution.routes;
 * assert.equal(first.route, first.matches[0] ?? null);
 * ```
 */
export const subnetting = defineHomework({
  name: "subnetting",
  description: "Network, broadcast and host counts; longest-prefix match in a routing table",
  options: Options,
  generate,
  solve,
  render,
});
