/**
 * `ping` and `traceroute`, the two tools that make a network's layer 3 visible, written
 * against a host's ICMP (RFC 792): echo request out, echo reply back, and the errors
 * routers send when something goes wrong on the way.
 *
 * ```
 *   ping       seq 1, 2, 3 … every interval ──▶ echo reply: rtt = received − sent
 *                                          └─▶ time exceeded / unreachable: who said so
 *   traceroute TTL 1 ──▶ first router says "time exceeded"   → hop 1
 *              TTL 2 ──▶ second router says "time exceeded"  → hop 2
 *              TTL n ──▶ the destination answers the echo    → done
 * ```
 *
 * Both return a session whose `results` rows fill in as the simulation runs, so start
 * them, `net.run()`, then read the rows. Like `traceroute -I`, probes are ICMP echo
 * requests, one per TTL.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ping, twoLansTwoRouters } from "./mod.ts";
 * const { net, a } = twoLansTwoRouters({ seed: 1 });
 * const session = ping(a, "10.0.2.20", { count: 2 });
 * net.run();
 * assert.equal(session.summary().received, 2);
 * ```
 *
 * @module
 */

import type { ScheduledEvent, Time } from "../../src/sim/mod.ts";
import { emitIcmp } from "../wire/icmp.ts";
import { IpProtocol } from "../wire/ipv4.ts";
import { type Ipv4Address, parseIpv4Address } from "../wire/ipv4_address.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import type { Host } from "./host.ts";
import type { IcmpMessage } from "./icmp.ts";
import { PING_DATA_BYTES, PING_INTERVAL, PING_TIMEOUT } from "./params.ts";

/**
 * What became of one probe.
 *
 * @example
 * ```ts
 * const outcome: ProbeOutcome = "time-exceeded";
 * ```
 */
export type ProbeOutcome =
  | "pending"
  | "reply"
  | "timeout"
  | "time-exceeded"
  | "unreachable"
  | "no-route";

/**
 * One ping, as a row.
 *
 * @example
 * ```ts
 * const row: PingRow = { seq: 1, ttl: 62, sent: 0, received: 1_000, rtt: 1_000, from: "10.0.2.20", outcome: "reply", code: null };
 * ```
 */
export interface PingRow {
  /** Sequence number (1, 2, …), or for traceroute the probe's TTL. */
  seq: number;
  /** TTL of the reply as received (ping), or the probe's TTL (traceroute); null if none. */
  ttl: number | null;
  /** When the probe was sent, ns. */
  sent: Time;
  /** When the answer arrived, ns, or null. */
  received: Time | null;
  /** Round-trip time, ns, or null. */
  rtt: Time | null;
  /** Who answered (the destination, or the router that sent an error), or null. */
  from: Ipv4Address | null;
  /** What happened. */
  outcome: ProbeOutcome;
  /** ICMP code of an error answer, else null. */
  code: number | null;
}

/**
 * Options of {@linkcode ping}.
 *
 * @example
 * ```ts
 * import { ms } from "../../src/sim/mod.ts";
 * const options: PingOptions = { count: 5, interval: ms(200) };
 * ```
 */
export interface PingOptions {
  /**
   * Echo requests to send.
   *
   * @default {3}
   */
  count?: number;
  /**
   * Time between requests, integer ns.
   *
   * @default {1_000_000_000} (`PING_INTERVAL`)
   */
  interval?: Time;
  /**
   * Data bytes after the ICMP header.
   *
   * @default {56} (`PING_DATA_BYTES`)
   */
  size?: number;
  /**
   * TTL of the requests.
   *
   * @default the host's TTL (64)
   */
  ttl?: number;
  /**
   * How long to wait for each answer, integer ns.
   *
   * @default {10_000_000_000} (`PING_TIMEOUT`)
   */
  timeout?: Time;
}

const pingSchema = z.strictObject({
  count: z.number().int().min(1).max(65535).optional(),
  interval: z.number().int().min(1).optional(),
  size: z.number().int().min(0).max(1472).optional(),
  ttl: z.number().int().min(1).max(255).optional(),
  timeout: z.number().int().min(1).optional(),
});

/**
 * Summary statistics of a ping session, as ping prints its last two lines.
 *
 * @example
 * ```ts
 * const summary: PingSummary = { transmitted: 3, received: 3, loss: 0, min: 100, avg: 100, max: 100 };
 * ```
 */
export interface PingSummary {
  /** Requests sent. */
  readonly transmitted: number;
  /** Replies received. */
  readonly received: number;
  /** Fraction lost, 0–1. */
  readonly loss: number;
  /** Smallest RTT, ns (null without replies). */
  readonly min: Time | null;
  /** Mean RTT, ns. */
  readonly avg: Time | null;
  /** Largest RTT, ns. */
  readonly max: Time | null;
}

/**
 * A ping or traceroute in progress; `results` fill in as the simulation runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { network } from "./topology.ts";
 * const net = network({ seed: 1 });
 * const a = net.addHost("a");
 * a.addInterface({ address: "10.0.0.1/24" });
 * const session = ping(a, "10.0.0.1", { count: 1 }); // ping yourself: loopback
 * net.run();
 * assert.equal(session.results[0].outcome, "reply");
 * ```
 */
export class PingSession {
  /** One row per probe. */
  readonly results: PingRow[] = [];
  /** ICMP identifier of this session's probes. */
  readonly identifier: number;

  /** Made by {@linkcode ping} and {@linkcode traceroute}. */
  constructor(identifier: number) {
    this.identifier = identifier;
  }

  /**
   * Transmitted, received, loss and RTT min/avg/max.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * assert.equal(new PingSession(1).summary().loss, 0);
   * ```
   */
  summary(): PingSummary {
    const rtts = this.results.flatMap((row) =>
      row.outcome === "reply" && row.rtt !== null ? [row.rtt] : []
    );
    const transmitted = this.results.length;
    return {
      transmitted,
      received: rtts.length,
      loss: transmitted === 0 ? 0 : 1 - rtts.length / transmitted,
      min: rtts.length ? Math.min(...rtts) : null,
      avg: rtts.length ? rtts.reduce((sum, rtt) => sum + rtt, 0) / rtts.length : null,
      max: rtts.length ? Math.max(...rtts) : null,
    };
  }
}

// Identifiers come from a per-host counter (real ping uses its process id).
const identifiers = new WeakMap<Host, number>();
function nextIdentifier(host: Host): number {
  const next = ((identifiers.get(host) ?? 0) % 0xffff) + 1;
  identifiers.set(host, next);
  return next;
}

// Match an ICMP message to a probe of `session`; returns the row it answers.
function answer(session: PingSession, message: IcmpMessage, now: Time): PingRow | undefined {
  const { icmp, quoted, packet } = message;
  let sequence: number | null = null;
  let outcome: ProbeOutcome;
  let code: number | null = null;
  if (icmp.kind === "echoReply" && icmp.identifier === session.identifier) {
    sequence = icmp.sequence;
    outcome = "reply";
  } else if (
    (icmp.kind === "timeExceeded" || icmp.kind === "destinationUnreachable") &&
    quoted?.protocol === IpProtocol.Icmp && quoted.icmpIdentifier === session.identifier
  ) {
    sequence = quoted.icmpSequence;
    outcome = icmp.kind === "timeExceeded" ? "time-exceeded" : "unreachable";
    code = icmp.code;
  } else return undefined;
  const row = session.results.find((r) => r.seq === sequence && r.outcome === "pending");
  if (row === undefined) return undefined;
  row.outcome = outcome;
  row.received = now;
  row.rtt = now - row.sent;
  row.from = packet.repr.source;
  row.code = code;
  if (outcome === "reply" && row.ttl === null) row.ttl = packet.repr.ttl;
  return row;
}

/**
 * Ping `destination` from `host`: `count` echo requests, `interval` apart.
 *
 * @example Unreachable: no route
 * ```ts
 * import assert from "node:assert/strict";
 * import { network } from "./topology.ts";
 * const net = network({ seed: 1 });
 * const a = net.addHost("a");
 * a.addInterface({ address: "10.0.0.1/24" });
 * const session = ping(a, "192.0.2.1", { count: 1 });
 * net.run();
 * assert.equal(session.results[0].outcome, "no-route");
 * ```
 */
export function ping(host: Host, destination: Ipv4Address, options: PingOptions = {}): PingSession {
  parseIpv4Address(destination);
  const parsed = parseOptions(pingSchema, options, `ping ${destination} from ${host.name}`);
  const count = parsed.count ?? 3;
  const interval = parsed.interval ?? PING_INTERVAL;
  const size = parsed.size ?? PING_DATA_BYTES;
  const timeout = parsed.timeout ?? PING_TIMEOUT;
  const sim = host.sim;
  const session = new PingSession(nextIdentifier(host));
  const data = Uint8Array.from({ length: size }, (_, i) => i & 0xff); // iputils fills 0, 1, 2, …
  const timers = new Map<number, ScheduledEvent>();
  let open = count;
  const settle = (row: PingRow) => {
    timers.get(row.seq)?.cancel();
    if (--open === 0) stop();
  };
  const stop = host.onIcmp((message) => {
    const row = answer(session, message, sim.now);
    if (row !== undefined) settle(row);
  });
  const send = (sequence: number) => {
    const row: PingRow = {
      seq: sequence,
      ttl: null,
      sent: sim.now,
      received: null,
      rtt: null,
      from: null,
      outcome: "pending",
      code: null,
    };
    session.results.push(row);
    const icmp = emitIcmp({
      kind: "echoRequest",
      identifier: session.identifier,
      sequence,
      data,
    }).slice();
    const result = host.sendIp(destination, IpProtocol.Icmp, icmp, { ttl: parsed.ttl });
    if (!result.ok) {
      row.outcome = "no-route";
      settle(row);
    } else {
      timers.set(
        sequence,
        sim.schedule(timeout, () => {
          row.outcome = "timeout";
          settle(row);
        }),
      );
    }
    if (sequence < count) sim.schedule(interval, () => send(sequence + 1));
  };
  sim.schedule(0, () => send(1));
  return session;
}

/**
 * Options of {@linkcode traceroute}.
 *
 * @example
 * ```ts
 * const options: TracerouteOptions = { maxHops: 8 };
 * ```
 */
export interface TracerouteOptions {
  /**
   * Largest TTL tried.
   *
   * @default {30} (traceroute(8) `-m max_ttl`)
   */
  maxHops?: number;
  /**
   * How long to wait at each TTL, integer ns.
   *
   * @default {10_000_000_000} (`PING_TIMEOUT`)
   */
  timeout?: Time;
}

const tracerouteSchema = z.strictObject({
  maxHops: z.number().int().min(1).max(255).optional(),
  timeout: z.number().int().min(1).optional(),
});

/**
 * Discover the routers on the way to `destination`: one echo request per TTL from 1, each
 * sent when the previous one is answered or timed out, until the destination replies.
 * Each row's `ttl` is the probe's TTL and `from` the hop that answered.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "./topologies.ts";
 * const { net, a } = twoLansTwoRouters({ seed: 1 });
 * const trace = traceroute(a, "10.0.2.20");
 * net.run();
 * assert.deepEqual(trace.results.map((row) => row.from), ["10.0.1.1", "10.0.12.2", "10.0.2.20"]);
 * ```
 */
export function traceroute(
  host: Host,
  destination: Ipv4Address,
  options: TracerouteOptions = {},
): PingSession {
  parseIpv4Address(destination);
  const parsed = parseOptions(tracerouteSchema, options, `traceroute ${destination}`);
  const maxHops = parsed.maxHops ?? 30;
  const timeout = parsed.timeout ?? PING_TIMEOUT;
  const sim = host.sim;
  const session = new PingSession(nextIdentifier(host));
  let timer: ScheduledEvent | null = null;
  const next = (row: PingRow) => {
    timer?.cancel();
    if (row.outcome === "reply" || row.outcome === "unreachable" || row.seq >= maxHops) stop();
    else probe(row.seq + 1);
  };
  const stop = host.onIcmp((message) => {
    const row = answer(session, message, sim.now);
    if (row !== undefined) next(row);
  });
  const probe = (ttl: number) => {
    const row: PingRow = {
      seq: ttl,
      ttl,
      sent: sim.now,
      received: null,
      rtt: null,
      from: null,
      outcome: "pending",
      code: null,
    };
    session.results.push(row);
    const icmp = emitIcmp({
      kind: "echoRequest",
      identifier: session.identifier,
      sequence: ttl,
      data: new Uint8Array(32),
    }).slice();
    if (!host.sendIp(destination, IpProtocol.Icmp, icmp, { ttl }).ok) {
      row.outcome = "no-route";
      stop();
      return;
    }
    timer = sim.schedule(timeout, () => {
      row.outcome = "timeout";
      next(row);
    });
  };
  sim.schedule(0, () => probe(1));
  return session;
}
