/**
 * `host-local`: the IPAM plug-in that hands out addresses from configured ranges and
 * remembers them as one file per address on the node's disk. Model of containernetworking/
 * plugins `plugins/ipam/host-local/` (v1.1.1, the Debian binary our tests run side by side).
 *
 * ```
 * "ipam": { "type": "host-local", "dataDir": "/var/lib/cni/networks",
 *           "ranges": [ [ {"subnet": "10.22.0.0/29", "rangeStart": …, "rangeEnd": …, "gateway": …} ] ],
 *           "routes": [ {"dst": "0.0.0.0/0"} ] }
 *
 * state on disk (backend/disk/backend.go):
 *   <dataDir>/<network>/10.22.0.2          = "<containerId>\r\n<ifname>"   one file per address
 *   <dataDir>/<network>/last_reserved_ip.0 = "10.22.0.2"                   per range set index
 *
 * allocation order (backend/allocator/allocator.go GetIter/Next), for range .1–.6, gateway .1:
 *   start after last_reserved_ip (or at rangeStart), skip the gateway, skip taken files,
 *   wrap from rangeEnd to the next range's rangeStart, give up on reaching the start again.
 *   ADD a→.2  ADD b→.3  ADD c→.4  DEL b  ADD d→.5  ADD e→.6  ADD f→.3 (wrapped)  ADD g→ error 999
 * ```
 *
 * Defaults (range.go Canonicalize): gateway = subnet address + 1, rangeStart = subnet + 1,
 * rangeEnd = broadcast − 1; a /31 or /32 is "too small to allocate from". IPv4 only here.
 *
 * @module
 */

import { formatIpv4Address, ipv4PrefixMask, parseIpv4Address } from "@stack/mod.ts";
import { CNI_ERROR_CODES } from "../errors.ts";
import {
  ALL_SPEC_VERSIONS,
  type CniInvocation,
  type CniOutcome,
  type CniPlugin,
  type CniPluginConfig,
  type CniValidAttachment,
  fail,
  ok,
  VALID_ATTACHMENTS,
} from "../plugin.ts";
import type { CniHost } from "../host.ts";
import type { CniIpConfig, CniRoute } from "../result.ts";

/**
 * The type name in a network configuration.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./host_local.ts";
 * assert.equal(NAME, "host-local");
 * ```
 */
export const NAME = "host-local";
/**
 * Default state directory (main.go / disk.New: defaultDataDir).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_DATA_DIR } from "./host_local.ts";
 * assert.equal(DEFAULT_DATA_DIR, "/var/lib/cni/networks");
 * ```
 */
export const DEFAULT_DATA_DIR = "/var/lib/cni/networks";
/**
 * Separator between container id and ifname in a reservation file (disk/backend.go LineBreak).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LINE_BREAK } from "./host_local.ts";
 * assert.equal(`web-0${LINE_BREAK}eth0`, "web-0\r\neth0"); // a reservation file's content
 * ```
 */
export const LINE_BREAK = "\r\n";

/** One canonical range: numbers for arithmetic, text for messages. */
interface Range {
  subnetIp: number; // as given (Go keeps the unmasked address of "10.0.0.5/24")
  prefix: number;
  mask: number;
  gateway: number;
  rangeStart: number;
  rangeEnd: number;
}

const INTERNAL = CNI_ERROR_CODES.INTERNAL;
const text = formatIpv4Address;
const subnetText = (r: Range) => `${text((r.subnetIp & r.mask) >>> 0)}/${r.prefix}`;
const rangeText = (r: Range) => `${text(r.rangeStart)}-${text(r.rangeEnd)}`;
const setText = (set: Range[]) => set.map(rangeText).join(",");
const inSubnet = (r: Range, ip: number) => ((ip & r.mask) >>> 0) === ((r.subnetIp & r.mask) >>> 0);
const contains = (r: Range, ip: number) =>
  inSubnet(r, ip) && ip >= r.rangeStart && ip <= r.rangeEnd;

/** A config error: `message` is the real binary's msg; `details` (ours) says how to fix it. */
class ConfigError extends Error {
  constructor(message: string, readonly details?: string) {
    super(message);
  }
}

/** Go's encoding/json name for a JSON value's type, as in "cannot unmarshal string into …". */
const jsonType = (value: unknown) =>
  Array.isArray(value)
    ? "array"
    : value === null
    ? "null"
    : typeof value === "boolean"
    ? "bool"
    : typeof value;

// The address fields of a range take a bare address; the model allocates IPv4 only.
function parseIp(value: unknown, field?: string): number {
  try {
    return parseIpv4Address(String(value));
  } catch {
    throw new ConfigError(
      `invalid IP address: ${value}`,
      field === undefined
        ? undefined
        : `${field} takes an IPv4 address without a prefix length, like "10.22.0.10" (this model allocates IPv4 only)`,
    );
  }
}

const CIDR_FIX = 'subnet must be an IPv4 network with a prefix length 0–32, like "10.22.0.0/24"';

/** range.go Canonicalize: fill in gateway/rangeStart/rangeEnd and check them. */
function canonicalize(raw: Record<string, unknown>): Range {
  if (raw.subnet !== undefined && typeof raw.subnet !== "string") {
    throw new ConfigError(
      `json: cannot unmarshal ${
        jsonType(raw.subnet)
      } into Go struct field Range.ipam.ranges.subnet of type string`,
      CIDR_FIX,
    );
  }
  const subnet = String(raw.subnet ?? "");
  const match = subnet.match(/^([^/]+)\/(\d{1,2})$/);
  if (!match || Number(match[2]) > 32) {
    throw new ConfigError(`invalid CIDR address: ${subnet}`, CIDR_FIX);
  }
  let subnetIp: number;
  try {
    subnetIp = parseIpv4Address(match[1]);
  } catch {
    throw new ConfigError(`invalid CIDR address: ${subnet}`, CIDR_FIX);
  }
  const prefix = Number(match[2]);
  const mask = ipv4PrefixMask(prefix);
  const network = (subnetIp & mask) >>> 0;
  // "Can't create an allocator for a network with no addresses, eg a /32 or /31": ones > bits − 2
  if (prefix > 30) {
    throw new ConfigError(`Network ${text(network)}/${prefix} too small to allocate from`);
  }
  const r: Range = { subnetIp, prefix, mask, gateway: 0, rangeStart: 0, rangeEnd: 0 };
  // If the gateway is nil, claim .1 (NextIP of the subnet address as given)
  r.gateway = raw.gateway ? parseIp(raw.gateway, "gateway") : (subnetIp + 1) >>> 0;
  // v1.1.1 range.go: a given rangeStart/rangeEnd must satisfy Contains(): inside the subnet and
  // within [rangeStart, rangeEnd] as given so far (so rangeEnd < rangeStart blames RangeStart)
  const given = {
    start: raw.rangeStart ? parseIp(raw.rangeStart, "rangeStart") : 0,
    end: raw.rangeEnd ? parseIp(raw.rangeEnd, "rangeEnd") : 0,
  };
  const within = (ip: number) =>
    inSubnet(r, ip) && (!given.start || ip >= given.start) && (!given.end || ip <= given.end);
  if (given.start && !within(given.start)) {
    throw new ConfigError(`RangeStart ${text(given.start)} not in network ${subnetText(r)}`);
  }
  r.rangeStart = given.start || (subnetIp + 1) >>> 0;
  if (given.end && !within(given.end)) {
    throw new ConfigError(`RangeEnd ${text(given.end)} not in network ${subnetText(r)}`);
  }
  // lastIP: broadcast = network | ~mask, minus one for IPv4
  const broadcast = (network | ~mask) >>> 0;
  r.rangeEnd = given.end || broadcast - 1;
  return r;
}

/** config.go LoadIPAMConfig: ranges from runtimeConfig.ipRanges, ipam (old style), ipam.ranges. */
function loadConfig(config: CniPluginConfig, cniArgs: string) {
  const ipam = config.ipam as Record<string, unknown> | undefined;
  if (!ipam) throw new ConfigError("IPAM config missing 'ipam' key");
  const runtime = (config.runtimeConfig ?? {}) as Record<string, unknown>;
  // encoding/json would refuse anything but [[{…}, …], …] before host-local sees it
  const RANGES_FIX =
    'ipam.ranges is a list of range sets, each a list of ranges: "ranges": [[{ "subnet": "10.22.0.0/24" }]]';
  if (ipam.ranges !== undefined && !Array.isArray(ipam.ranges)) {
    throw new ConfigError(
      `json: cannot unmarshal ${
        jsonType(ipam.ranges)
      } into Go struct field IPAMConfig.ipam.ranges of type []allocator.RangeSet`,
      RANGES_FIX,
    );
  }
  for (const set of (ipam.ranges ?? []) as unknown[]) {
    if (!Array.isArray(set)) {
      throw new ConfigError(
        `json: cannot unmarshal ${
          jsonType(set)
        } into Go struct field IPAMConfig.ipam.ranges of type allocator.RangeSet`,
        RANGES_FIX,
      );
    }
  }
  let rawSets = [...((ipam.ranges ?? []) as Record<string, unknown>[][])];
  if (ipam.subnet) rawSets = [[ipam], ...rawSets];
  if (Array.isArray(runtime.ipRanges)) rawSets = [...runtime.ipRanges, ...rawSets];
  if (rawSets.length === 0) throw new ConfigError("no IP ranges specified");
  const sets = rawSets.map((rawSet, i) => {
    if (rawSet.length === 0) throw new ConfigError(`invalid range set ${i}: empty range set`);
    try {
      const set = rawSet.map(canonicalize);
      for (let a = 0; a < set.length; a++) {
        for (let b = a + 1; b < set.length; b++) {
          if (overlaps(set[a], set[b])) {
            throw new ConfigError(`subnets ${rangeText(set[a])} and ${rangeText(set[b])} overlap`);
          }
        }
      }
      return set;
    } catch (error) {
      if (/invalid CIDR|invalid IP|json: /.test((error as Error).message)) throw error; // JSON decode errors
      throw new ConfigError(
        `invalid range set ${i}: ${(error as Error).message}`,
        (error as ConfigError).details,
      );
    }
  });
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      if (sets[i].some((a) => sets[j].some((b) => overlaps(a, b)))) {
        throw new ConfigError(`range set ${i} overlaps with ${j}`);
      }
    }
  }
  // Requested addresses: CNI_ARGS "IP=…", args.cni.ips, runtimeConfig.ips (config.go)
  const requested: number[] = [];
  const envIp = cniArgs.split(";").map((kv) => kv.split("=")).find(([k]) => k === "IP");
  if (envIp) requested.push(parseIp(envIp[1]));
  const args = config.args as { cni?: { ips?: string[] } } | undefined;
  for (const ip of args?.cni?.ips ?? []) requested.push(parseIp(ip));
  for (const ip of (runtime.ips ?? []) as string[]) {
    requested.push(parseIp(String(ip).split("/")[0]));
  }
  return {
    sets,
    requested,
    dataDir: String(ipam.dataDir ?? DEFAULT_DATA_DIR),
    routes: (ipam.routes ?? []) as CniRoute[],
  };
}

function overlaps(a: Range, b: Range): boolean {
  return contains(a, b.rangeStart) || contains(a, b.rangeEnd) || contains(b, a.rangeStart) ||
    contains(b, a.rangeEnd);
}

/** disk/backend.go: the reservation files of one network. */
class DiskStore {
  constructor(readonly host: CniHost, readonly directory: string) {}
  reserve(id: string, ifName: string, ip: number, rangeId: number): boolean {
    const path = `${this.directory}/${text(ip)}`;
    if (this.host.files.has(path)) return false; // O_EXCL
    this.host.files.set(path, `${id}${LINE_BREAK}${ifName}`);
    this.host.files.set(`${this.directory}/last_reserved_ip.${rangeId}`, text(ip));
    return true;
  }
  lastReserved(rangeId: number): number | undefined {
    const value = this.host.files.get(`${this.directory}/last_reserved_ip.${rangeId}`);
    return value === undefined ? undefined : parseIpv4Address(value);
  }
  owned(id: string, ifName: string): number[] {
    const key = `${id}${LINE_BREAK}${ifName}`;
    return this.host.list(this.directory)
      .filter((p) => this.host.files.get(p)!.trim() === key)
      .map((p) => parseIpv4Address(p.slice(this.directory.length + 1)));
  }
  release(id: string, ifName: string): void {
    for (const ip of this.owned(id, ifName)) {
      this.host.files.delete(`${this.directory}/${text(ip)}`);
    }
  }
  holders(): { path: string; owner: string }[] {
    return this.host.list(this.directory).filter((p) => !/last_reserved_ip|lock$/.test(p))
      .map((path) => ({ path, owner: this.host.files.get(path)! }));
  }
}

/** allocator.go Get: one address from one range set, or an error message. */
function allocate(
  set: Range[],
  store: DiskStore,
  rangeId: number,
  id: string,
  ifName: string,
  requested: number | undefined,
): CniIpConfig | string {
  const ipConfig = (r: Range, ip: number) => ({
    address: `${text(ip)}/${r.prefix}`,
    gateway: text(r.gateway),
  });
  if (requested !== undefined) {
    const r = set.find((x) => contains(x, requested));
    if (!r) return `${text(requested)} not in range set ${setText(set)}`;
    if (requested === r.gateway) return `requested ip ${text(requested)} is subnet's gateway`;
    if (!store.reserve(id, ifName, requested, rangeId)) {
      return `requested IP address ${text(requested)} is not available in range set ${
        setText(set)
      }`;
    }
    return ipConfig(r, requested);
  }
  // "duplicate allocation is not allowed in SPEC"
  for (const ip of store.owned(id, ifName)) {
    if (set.some((r) => contains(r, ip))) {
      return `${text(ip)} has been allocated to ${id}, duplicate allocation is not allowed`;
    }
  }
  // GetIter: round-robin from the last reserved address + 1
  const last = store.lastReserved(rangeId);
  let index = 0;
  let current: number | undefined;
  let start: number | undefined;
  const lastRange = last === undefined ? -1 : set.findIndex((r) => contains(r, last));
  if (lastRange >= 0) [index, current] = [lastRange, last];
  else start = set[0].rangeStart;
  for (;;) {
    let r = set[index];
    if (current === undefined) {
      current = start = r.rangeStart;
    } else {
      if (current === r.rangeEnd) {
        index = (index + 1) % set.length;
        r = set[index];
        current = r.rangeStart;
      } else current = current + 1;
      if (start === undefined) start = current;
      else if (current === start) return `no IP addresses available in range set: ${setText(set)}`;
    }
    if (current === r.gateway) continue;
    if (store.reserve(id, ifName, current, rangeId)) return ipConfig(r, current);
  }
}

/**
 * Options of `hostLocal()`.
 *
 * @example
 * ```ts
 * import { hostLocal, type HostLocalOptions } from "./host_local.ts";
 * const likeV111: HostLocalOptions = { supportedVersions: ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0"] };
 * hostLocal(likeV111);
 * ```
 */
export interface HostLocalOptions {
  /**
   * Spec versions to accept and print on VERSION.
   * @default ALL_SPEC_VERSIONS (0.1.0 … 1.1.0); pass up to "1.0.0" to match plugins v1.1.1
   */
  supportedVersions?: readonly string[];
}

/**
 * Create a host-local IPAM plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CniHost } from "../host.ts";
 * import { hostLocal } from "./host_local.ts";
 * const host = new CniHost();
 * const ctx = { host, delegate: () => ({ ok: true as const }) };
 * const config = { cniVersion: "1.1.0", name: "pods", type: "bridge",
 *   ipam: { type: "host-local", ranges: [[{ subnet: "10.22.0.0/29" }]] } };
 * const inv = { containerId: "p1", netns: "/run/netns/p1", ifName: "eth0", args: "", path: "" };
 * const outcome = hostLocal().add(config, inv, ctx);
 * assert.ok(outcome.ok);
 * assert.deepEqual(outcome.result?.ips, [{ address: "10.22.0.2/29", gateway: "10.22.0.1" }]);
 * assert.equal(host.files.get("/var/lib/cni/networks/pods/10.22.0.2"), "p1\r\neth0");
 * ```
 */
export function hostLocal(options: HostLocalOptions = {}): CniPlugin {
  const supportedVersions = options.supportedVersions ?? ALL_SPEC_VERSIONS;
  const load = (config: CniPluginConfig, inv: { args: string }) => {
    try {
      return loadConfig(config, inv.args);
    } catch (error) {
      if (error instanceof ConfigError) return fail(INTERNAL, error.message, error.details);
      throw error;
    }
  };
  const storeFor = (host: CniHost, dataDir: string, name: string) =>
    new DiskStore(host, `${dataDir.replace(/\/$/, "")}/${name}`);

  // STATUS and GC arrived with spec 1.1.0; a plugin built for ≤ 1.0.0 does not know them
  const modern = supportedVersions.includes("1.1.0");
  const plugin: CniPlugin = {
    name: NAME,
    supportedVersions,
    add(config, inv: CniInvocation, ctx): CniOutcome {
      const conf = load(config, inv);
      if ("ok" in conf) return conf;
      const store = storeFor(ctx.host, conf.dataDir, config.name);
      const requested = [...conf.requested];
      const ips: CniIpConfig[] = [];
      for (let i = 0; i < conf.sets.length; i++) {
        const pick = requested.findIndex((ip) => conf.sets[i].some((r) => contains(r, ip)));
        const wanted = pick >= 0 ? requested.splice(pick, 1)[0] : undefined;
        const got = allocate(conf.sets[i], store, i, inv.containerId, inv.ifName, wanted);
        if (typeof got === "string") {
          if (i > 0) store.release(inv.containerId, inv.ifName); // deallocate all already allocated
          return fail(INTERNAL, `failed to allocate for range ${i}: ${got}`);
        }
        ips.push(got);
      }
      if (requested.length > 0) {
        store.release(inv.containerId, inv.ifName);
        return fail(
          INTERNAL,
          `failed to allocate all requested IPs: ${requested.map(text).join(" ")}`,
        );
      }
      return ok({ cniVersion: config.cniVersion, ips, routes: conf.routes, dns: {} });
    },
    del(config, inv, ctx) {
      const conf = load(config, inv);
      if ("ok" in conf) return conf;
      storeFor(ctx.host, conf.dataDir, config.name).release(inv.containerId, inv.ifName);
      return ok();
    },
    check(config, inv, ctx) {
      const conf = load(config, inv);
      if ("ok" in conf) return conf;
      const found = storeFor(ctx.host, conf.dataDir, config.name).owned(
        inv.containerId,
        inv.ifName,
      );
      return found.length > 0 ? ok() : fail(
        INTERNAL,
        `host-local: Failed to find address added by container ${inv.containerId}`,
      );
    },
    status(config) {
      const conf = load(config, { args: "" });
      return "ok" in conf ? conf : ok();
    },
    gc(config, ctx) {
      const conf = load(config, { args: "" });
      if ("ok" in conf) return conf;
      const valid = (config[VALID_ATTACHMENTS] ?? []) as CniValidAttachment[];
      const keep = new Set(valid.map((a) => `${a.containerID}${LINE_BREAK}${a.ifname}`));
      for (const { path, owner } of storeFor(ctx.host, conf.dataDir, config.name).holders()) {
        if (!keep.has(owner.trim())) ctx.host.files.delete(path);
      }
      return ok();
    },
  };
  if (!modern) {
    delete plugin.status;
    delete plugin.gc;
  }
  return plugin;
}
