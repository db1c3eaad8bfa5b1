/**
 * TCP on a simulated host: the glue between a `TcpStack` (the endpoint logic of
 * `stack/socket/tcp/`, which knows nothing of IP) and a `Host` of `stack/net` (which
 * knows nothing of TCP). `tcpStack(host)` installs the stack in the host's IP protocol
 * table as protocol 6 and gives it the host's clock and seeded randomness:
 *
 * ```
 *   application        tcpStack(b).listen(80)            tcpStack(a).connect("10.0.2.20", 80)
 *                               │                                   │
 *   TcpStack           four-tuple → connection, port → listener, neither → RST
 *        egress  send(segment) ─▶ encodeSegment (checksum over the pseudo-header
 *                                 source, destination, 6, length) ─▶ host.sendIp(dst, 6, bytes)
 *        ingress receive(segment) ◀─ parseTcp (checksum verified; bad → dropped, counted)
 *                                 ◀─ host.onProtocol(6, packet)
 *   Host               route, ARP, Ethernet; routers in between rewrite MACs and TTL only
 * ```
 *
 * What comes from where, so that one seed gives one run:
 * - timers (retransmission, delayed ACK, TIME-WAIT) run on `host.sim`;
 * - initial sequence numbers come from `host.fork("tcp-isn")` (RFC 9293 §3.4.1: a 4 µs
 *   clock plus a per-connection random offset);
 * - a `connect()` without `localPort` takes an ephemeral port from Linux's
 *   `ip_local_port_range` (32768–60999): a start drawn from `host.fork("tcp-ephemeral-ports")`,
 *   then the next port upward whose four-tuple is free (Linux's `__inet_hash_connect()`
 *   hashes the addresses with a secret for that start; a seeded draw plays the secret).
 *
 * There is one stack per host: calling `tcpStack(host)` again returns the same one. A
 * host without a stack answers TCP with ICMP protocol unreachable; a host with one
 * answers a segment for a closed port with a reset (RFC 9293 §3.10.7.1), which the
 * client reports as "connection refused".
 *
 * ICMP errors that quote one of our segments (destination unreachable, time exceeded)
 * are recorded as rows in `icmpErrors` and handed to `onIcmpError()` listeners; the
 * connection itself keeps retrying, as RFC 1122 §4.2.3.9 asks for soft errors. (Linux's
 * `tcp_v4_err()` aborts a connection still in SYN-SENT instead; `httpGet` does that.)
 *
 * Path MTU discovery (RFC 1191 §6.2): an ICMP "fragmentation needed" about one of our
 * segments lowers that connection's MSS to the path MTU − 40 and resends what was in
 * flight at the new size (`TcpConnection.pathMtuReduced`). Segments go with DF set.
 *
 * Not modelled: the MSS is not derived from the local interface's MTU (on a host whose
 * own link has an MTU below 1500, pass a smaller `settings.mss`; larger segments are
 * dropped and counted in `stats.oversize`), connections bound to one of several addresses of a multi-homed host
 * (every connection uses the host's first address), and segments whose options push
 * them past the MTU (they are dropped and counted in `stats.oversize`, where Linux
 * would shrink the payload).
 *
 * @example An echo across two routers
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "../net/mod.ts";
 * import { tcpStack } from "./tcp_host.ts";
 * const { net, a, b } = twoLansTwoRouters({ seed: 1 });
 * tcpStack(b).listen(7, { onAccept: (server) => server.onReadable(() => server.send(server.recv())) });
 * const client = tcpStack(a).connect("10.0.2.20", 7);
 * client.send(new TextEncoder().encode("hello"));
 * net.run({ until: 1e9 });
 * assert.equal(new TextDecoder().decode(client.recv()), "hello");
 * ```
 *
 * @module
 */

import type { Random, Time, Trace } from "../../src/sim/mod.ts";
import { ETHERNET_MTU } from "../wire/ethernet.ts";
import { ChecksumError } from "../wire/errors.ts";
import { UnreachableCode } from "../wire/icmp.ts";
import { IpProtocol } from "../wire/ipv4.ts";
import { parseTcp } from "../wire/tcp.ts";
import type { Host } from "../net/host.ts";
import type { IpPacket } from "../net/ip.ts";
import { EPHEMERAL_PORT_MAX, EPHEMERAL_PORT_MIN } from "../net/params.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { encodeSegment, type TcpSegment } from "./tcp/segment.ts";
import type { TcpSettings, TcpSocket } from "./tcp/socket.ts";
import type { ListenOptions, TcpListener } from "./tcp/listener.ts";
import { TcpStack } from "./tcp/stack.ts";
import type { TcpTraceRow } from "./tcp/trace_row.ts";

/**
 * Options of {@linkcode tcpStack}; given only on the first call for a host.
 *
 * @example
 * ```ts
 * import { Trace } from "../../src/sim/mod.ts";
 * import type { TcpTraceRow } from "./tcp/trace_row.ts";
 * const options: TcpHostOptions = { settings: { congestion: "cubic" }, trace: new Trace<TcpTraceRow>() };
 * ```
 */
export interface TcpHostOptions {
  /**
   * Settings for every connection of the host (each `connect()`/`listen()` may override).
   *
   * @default {{}} (Reno, SACK, timestamps, window scaling, MSS 1460)
   */
  settings?: TcpSettings;
  /**
   * Where every connection logs its rows (sequence diagrams, cwnd plots).
   *
   * @default none
   */
  trace?: Trace<TcpTraceRow>;
}

const optionsSchema = z.strictObject({
  settings: z.record(z.string(), z.unknown()).optional(),
  trace: z.custom<Trace<TcpTraceRow>>(
    (value) => typeof (value as Trace<TcpTraceRow> | undefined)?.push === "function",
    { message: "must be a Trace from src/sim" },
  ).optional(),
});

/**
 * Counters of a host's TCP, as `netstat -s` shows Linux's (`TCP_MIB_*`).
 *
 * @example
 * ```ts
 * const stats: TcpHostStats = { segmentsIn: 0, segmentsOut: 0, checksumErrors: 0, malformed: 0, noRoute: 0, oversize: 0 };
 * ```
 */
export interface TcpHostStats {
  /** Segments handed to the stack (`InSegs`). */
  segmentsIn: number;
  /** Segments handed to IP (`OutSegs`). */
  segmentsOut: number;
  /** Segments dropped for a bad checksum (`InCsumErrors`). */
  checksumErrors: number;
  /** Segments dropped as unparseable: truncated, bad data offset (`InErrs`). */
  malformed: number;
  /** Segments IP could not route. */
  noRoute: number;
  /** Segments dropped because header, options and data exceed the MTU. */
  oversize: number;
}

/**
 * An ICMP error about one of our segments.
 *
 * @example
 * ```ts
 * const row: TcpIcmpError = { t: 0, from: "10.0.2.1", kind: "destinationUnreachable", code: 1, localPort: 40000, remote: "10.0.2.99:80" };
 * ```
 */
export interface TcpIcmpError {
  /** Arrival time, ns. */
  readonly t: Time;
  /** Who sent the ICMP error (a router, or the destination). */
  readonly from: string;
  /** ICMP kind. */
  readonly kind: "destinationUnreachable" | "timeExceeded";
  /** ICMP code (0 net, 1 host, 2 protocol, 3 port unreachable; RFC 792). */
  readonly code: number;
  /** Our port in the quoted segment. */
  readonly localPort: number;
  /** The quoted segment's destination, "address:port". */
  readonly remote: string;
}

/**
 * A `TcpStack` living on a `Host`; see the module comment. Get it with {@linkcode tcpStack}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "../net/mod.ts";
 * const { a } = twoLansTwoRouters({ seed: 1 });
 * const stack = tcpStack(a);
 * assert.ok(stack instanceof HostTcpStack);
 * assert.equal(stack.address, "10.0.1.10");
 * ```
 */
export class HostTcpStack extends TcpStack {
  /** The host underneath. */
  readonly host: Host;
  /** Counters (see {@linkcode TcpHostStats}). */
  readonly stats: TcpHostStats = {
    segmentsIn: 0,
    segmentsOut: 0,
    checksumErrors: 0,
    malformed: 0,
    noRoute: 0,
    oversize: 0,
  };
  /** ICMP errors about our segments (see {@linkcode TcpIcmpError}). */
  readonly icmpErrors: TcpIcmpError[] = [];
  readonly #ports: Random;
  readonly #listening = new Set<number>();
  #icmpListeners: ((error: TcpIcmpError) => void)[] = [];

  /** Made by {@linkcode tcpStack}. */
  constructor(host: Host, address: string, options: TcpHostOptions) {
    const ref: { self?: HostTcpStack } = {};
    super(host.sim, {
      address,
      random: host.fork("tcp-isn"),
      send: (segment) => ref.self!.#output(segment),
      ...(options.trace === undefined ? {} : { trace: options.trace }),
      settings: options.settings ?? {},
    });
    ref.self = this;
    this.host = host;
    this.#ports = host.fork("tcp-ephemeral-ports");
    host.onProtocol(IpProtocol.Tcp, (packet) => this.#input(packet));
    host.onIcmp(({ icmp, quoted, packet }) => {
      if (icmp.kind !== "destinationUnreachable" && icmp.kind !== "timeExceeded") return;
      if (quoted?.protocol !== IpProtocol.Tcp || quoted.sourcePort === null) return;
      const error: TcpIcmpError = {
        t: host.sim.now,
        from: packet.repr.source,
        kind: icmp.kind,
        code: icmp.code,
        localPort: quoted.sourcePort,
        remote: `${quoted.destination}:${quoted.destinationPort}`,
      };
      this.icmpErrors.push(error);
      for (const listener of [...this.#icmpListeners]) listener(error);
      // RFC 1191 §6.2: "fragmentation needed" about one of our segments lowers that
      // connection's MSS and resends what is in flight (the host has already cached the
      // path MTU; Linux tcp_v4_err() → tcp_v4_mtu_reduced()).
      if (
        icmp.kind === "destinationUnreachable" &&
        icmp.code === UnreachableCode.FragmentationNeeded
      ) {
        const mtu = host.pathMtu(quoted.destination);
        const socket = this.sockets.find((candidate) =>
          candidate.localPort === quoted.sourcePort && candidate.remote === error.remote
        );
        if (socket !== undefined && mtu !== null && mtu !== Infinity) {
          socket.connection.pathMtuReduced(mtu);
        }
      }
    });
  }

  /**
   * Be told of each ICMP error about our segments; returns a function that stops it.
   *
   * @example A router says the host does not exist
   * ```ts
   * import assert from "node:assert/strict";
   * import { twoLansTwoRouters } from "../net/mod.ts";
   * const { net, a } = twoLansTwoRouters({ seed: 1 });
   * const seen: string[] = [];
   * tcpStack(a).onIcmpError((error) => seen.push(`${error.from} code ${error.code} about ${error.remote}`));
   * tcpStack(a).connect("10.0.2.99", 80);
   * net.run({ until: 4e9 });
   * assert.equal(seen[0], "10.0.12.2 code 1 about 10.0.2.99:80"); // r2: host unreachable, ARP gave up
   * ```
   */
  onIcmpError(listener: (error: TcpIcmpError) => void): () => void {
    this.#icmpListeners.push(listener);
    return () => {
      this.#icmpListeners = this.#icmpListeners.filter((other) => other !== listener);
    };
  }

  /**
   * Open a connection; without `localPort`, from a free ephemeral port in 32768–60999
   * drawn from the host's seed.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { twoLansTwoRouters } from "../net/mod.ts";
   * const { a } = twoLansTwoRouters({ seed: 1 });
   * const socket = tcpStack(a).connect("10.0.2.20", 80);
   * assert.ok(socket.localPort >= 32768 && socket.localPort <= 60999);
   * assert.equal(socket.state, "SYN-SENT");
   * ```
   */
  override connect(
    address: string,
    port: number,
    options: TcpSettings & { localPort?: number; name?: string } = {},
  ): TcpSocket {
    if (options.localPort !== undefined) return super.connect(address, port, options);
    return super.connect(address, port, { ...options, localPort: this.#ephemeral(address, port) });
  }

  /**
   * Listen on `port` (see `TcpStack.listen`); the port is then never handed out as an
   * ephemeral one.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { twoLansTwoRouters } from "../net/mod.ts";
   * const { b } = twoLansTwoRouters({ seed: 1 });
   * const listener = tcpStack(b).listen(80);
   * assert.equal(listener.port, 80);
   * ```
   */
  override listen(port: number, options: ListenOptions = {}): TcpListener {
    const listener = super.listen(port, options);
    this.#listening.add(port);
    return listener;
  }

  // Linux ip_local_port_range: a seeded start, then upward (wrapping) to a free four-tuple.
  #ephemeral(address: string, port: number): number {
    const size = EPHEMERAL_PORT_MAX - EPHEMERAL_PORT_MIN + 1;
    const used = new Set(
      this.sockets.filter((socket) => socket.remote === `${address}:${port}`).map((socket) =>
        socket.localPort
      ),
    );
    const start = this.#ports.int(0, size - 1);
    for (let i = 0; i < size; i++) {
      const candidate = EPHEMERAL_PORT_MIN + (start + i) % size;
      if (!used.has(candidate) && !this.#listening.has(candidate)) return candidate;
    }
    throw new RangeError(
      `Cannot connect ${this.host.name} to ${address}:${port}: all ephemeral ports ` +
        `${EPHEMERAL_PORT_MIN}–${EPHEMERAL_PORT_MAX} already have a connection there ` +
        `(EADDRNOTAVAIL). Close some connections, or pass localPort.`,
    );
  }

  // Egress: bytes with the checksum over the pseudo-header, then IP.
  #output(segment: TcpSegment): void {
    const host = this.host;
    const source = host.owns(segment.source)
      ? segment.source
      : host.sourceAddressFor(segment.destination);
    if (source === null) {
      this.stats.noRoute++;
      return;
    }
    const bytes = encodeSegment({ ...segment, source });
    // The outgoing interface's MTU (a larger segment would be refused by sendIp with DF).
    const route = host.routes.lookup(segment.destination);
    const mtu = route === undefined ? ETHERNET_MTU : host.mtu(route.interface);
    if (bytes.length + 20 > mtu) {
      this.stats.oversize++;
      return;
    }
    this.stats.segmentsOut++;
    const result = host.sendIp(segment.destination, IpProtocol.Tcp, bytes, { source });
    if (!result.ok) this.stats.noRoute++;
  }

  // Ingress: verify, parse, demultiplex (TcpStack.receive: connection, listener or RST).
  #input(packet: IpPacket): void {
    const { source, destination, payload } = packet.repr;
    let repr;
    try {
      repr = parseTcp(payload, { source, destination });
    } catch (error) {
      if (error instanceof ChecksumError) this.stats.checksumErrors++;
      else this.stats.malformed++;
      return;
    }
    this.stats.segmentsIn++;
    this.receive({ source, destination, repr: { ...repr, payload: repr.payload.slice() } });
  }
}

const stacks = new WeakMap<Host, HostTcpStack>();

/**
 * The TCP of `host`, created on the first call (then the same stack every time). The
 * host must have an address already.
 *
 * @example Connection refused: a reset from a closed port
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "../net/mod.ts";
 * const { net, a, b } = twoLansTwoRouters({ seed: 1 });
 * assert.equal(tcpStack(b), tcpStack(b)); // one stack per host
 * const socket = tcpStack(a).connect("10.0.2.20", 81);
 * net.run({ until: 1e9 });
 * assert.equal(socket.error, "connection refused");
 * assert.equal(tcpStack(b).resetsSent, 1);
 * ```
 */
export function tcpStack(host: Host, options?: TcpHostOptions): HostTcpStack {
  const existing = stacks.get(host);
  if (existing !== undefined) {
    if (options !== undefined) {
      throw new TypeError(
        `Cannot configure TCP on ${host.name}: its stack already exists (got options ` +
          `${JSON.stringify(Object.keys(options))}). Pass options on the first ` +
          `tcpStack(${host.name}, …) call, or per connection to connect()/listen().`,
      );
    }
    return existing;
  }
  const parsed = parseOptions(optionsSchema, options ?? {}, `attach TCP to ${host.name}`);
  const address = host.interfaces.map((nic) => nic.address).find((value) => value);
  if (address === undefined || address === null) {
    throw new TypeError(
      `Cannot attach TCP to ${host.name}: it has no IPv4 address yet (interfaces: ` +
        `${host.interfaces.map((nic) => nic.name).join(", ") || "none"}). Connect it first, ` +
        `e.g. net.connect(${host.name}, sw, { addresses: ["10.0.1.10/24"] }).`,
    );
  }
  const stack = new HostTcpStack(host, address, {
    settings: parsed.settings as TcpSettings | undefined,
    trace: parsed.trace,
  });
  stacks.set(host, stack);
  return stack;
}
