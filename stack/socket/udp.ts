/**
 * UDP sockets (RFC 768) on a simulated host, shaped like BSD sockets:
 * `socket()` → `bind()` → `sendto()` / `recvfrom()` → `close()`.
 *
 * ```
 *   client                                  server 10.0.2.20
 *   s = udpSocket(a)                        srv = udpSocket(b); srv.bind({ port: 9999 })
 *   s.sendto("ping", {address, port}) ──▶   srv.recvfrom((d) => srv.sendto("pong", d))
 *     (auto-binds an ephemeral port                 │
 *      32768–60999, drawn from the seed)            ▼
 *   s.recvfrom((d) => …)              ◀── datagram back to the client's port
 * ```
 *
 * Under the sockets is one UDP layer per host, registered in the host's IP protocol table
 * (protocol 17). It checks each datagram's checksum (RFC 768, with the pseudo-header),
 * finds the socket by destination port and address (exact address first, then a
 * wildcard-bound one), and answers a datagram for a closed port with ICMP port
 * unreachable (RFC 1122 §4.1.3.1). ICMP errors about a socket's datagrams are recorded in
 * its `errors` (Linux reports them as `ECONNREFUSED` only to connected sockets, or with
 * `IP_RECVERR`).
 *
 * `recvfrom(callback)` calls back inside the simulation at the datagram's arrival time,
 * so a server can answer at once; `recvfrom()` without a callback returns a promise,
 * which JavaScript resolves only after `net.run()` returns; use it to read results, not
 * to drive a conversation.
 *
 * @example Request and response across two routers
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "@stack/net/mod.ts";
 * import { udpSocket } from "./udp.ts";
 * const { net, a, b } = twoLansTwoRouters({ seed: 1 });
 * const server = udpSocket(b);
 * server.bind({ port: 7 });
 * server.onMessage((request) => server.sendto(request.data, request)); // an echo server
 * const client = udpSocket(a);
 * client.sendto("hello", { address: "10.0.2.20", port: 7 });
 * let answer = "";
 * client.recvfrom((reply) => answer = new TextDecoder().decode(reply.data));
 * net.run();
 * assert.equal(answer, "hello");
 * ```
 *
 * @module
 */

import type { Time } from "../../src/sim/mod.ts";
import { IpProtocol } from "../wire/ipv4.ts";
import { type Ipv4Address, parseIpv4Address } from "../wire/ipv4_address.ts";
import { emitUdp } from "../wire/udp.ts";
import type { Host } from "../net/host.ts";
import type { SendIpResult } from "../net/ip.ts";
import { EPHEMERAL_PORT_MAX, EPHEMERAL_PORT_MIN, UDP_RECEIVE_BUFFER } from "../net/params.ts";
import { ANY_ADDRESS } from "./_udp_ports.ts";
import { DELIVER, DELIVER_ERROR, layerOf, type UdpLayer } from "./_udp_layer.ts";

/**
 * `bind()` to an address and port another socket holds (`EADDRINUSE`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { network } from "@stack/net/mod.ts";
 * const host = network({ seed: 1 }).addHost("a");
 * host.addInterface({ address: "10.0.0.1/24" });
 * udpSocket(host).bind({ port: 53 });
 * assert.throws(() => udpSocket(host).bind({ port: 53 }), AddressInUseError);
 * ```
 */
export class AddressInUseError extends Error {
  /** The errno name, as Node and Deno report it. */
  readonly code = "EADDRINUSE";
  /** Address asked for. */
  readonly address: Ipv4Address;
  /** Port asked for. */
  readonly port: number;

  /** An error for (address, port) on `host`, held by the socket bound to `holder`. */
  constructor(details: { host: string; address: Ipv4Address; port: number; holder: string }) {
    const { host, address, port, holder } = details;
    super(
      `Cannot bind UDP ${address}:${port} on ${host}: address in use (EADDRINUSE), held by ` +
        `the socket bound to ${holder}. Close that socket first, or bind another port ` +
        `(port 0 picks a free ephemeral one).`,
    );
    this.name = "AddressInUseError";
    this.address = address;
    this.port = port;
  }
}

/**
 * An address and port: where a datagram came from or goes to.
 *
 * @example
 * ```ts
 * const server: SocketAddress = { address: "10.0.2.20", port: 53 };
 * ```
 */
export interface SocketAddress {
  /** IPv4 address. */
  readonly address: Ipv4Address;
  /** UDP port. */
  readonly port: number;
}

/**
 * A received datagram with its sender (`recvfrom`'s answer).
 *
 * @example
 * ```ts
 * const datagram: Datagram = { data: new Uint8Array(4), address: "10.0.1.10", port: 40000, t: 0 };
 * ```
 */
export interface Datagram extends SocketAddress {
  /** The payload. */
  readonly data: Uint8Array;
  /** Arrival time, ns. */
  readonly t: Time;
}

/**
 * An ICMP error about one of the socket's datagrams.
 *
 * @example
 * ```ts
 * const error: SocketError = { t: 0, from: "10.0.2.20", kind: "destinationUnreachable", code: 3, address: "10.0.2.20", port: 9 };
 * ```
 */
export interface SocketError extends SocketAddress {
  /** Arrival time, ns. */
  readonly t: Time;
  /** Who sent the ICMP error. */
  readonly from: Ipv4Address;
  /** ICMP kind. */
  readonly kind: "destinationUnreachable" | "timeExceeded";
  /** ICMP code (3 = port unreachable). */
  readonly code: number;
}

/**
 * Options of {@linkcode UdpSocket.bind}.
 *
 * @example
 * ```ts
 * const options: BindOptions = { address: "10.0.2.20", port: 53 };
 * ```
 */
export interface BindOptions {
  /**
   * Local address, or "0.0.0.0" for all of the host's addresses.
   *
   * @default {"0.0.0.0"}
   */
  address?: Ipv4Address;
  /**
   * Local port; 0 picks a free ephemeral port (32768–60999).
   *
   * @default {0}
   */
  port?: number;
}

/**
 * A UDP socket on a host; see the module comment. Make one with {@linkcode udpSocket}.
 *
 * @example Port unreachable is recorded on the sender's socket
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "@stack/net/mod.ts";
 * const { net, a } = twoLansTwoRouters({ seed: 1 });
 * const socket = udpSocket(a);
 * socket.sendto("anyone?", { address: "10.0.2.20", port: 9 });
 * net.run();
 * assert.deepEqual(socket.errors.map((e) => [e.from, e.code]), [["10.0.2.20", 3]]);
 * ```
 */
export class UdpSocket {
  /** The host the socket lives on. */
  readonly host: Host;
  /** ICMP errors about datagrams this socket sent. */
  readonly errors: SocketError[] = [];
  /** Datagrams received (delivered or buffered). */
  received = 0;
  /** Datagrams dropped because the receive buffer was full. */
  dropped = 0;
  #local: SocketAddress | null = null;
  #closed = false;
  #buffer: Datagram[] = [];
  #buffered = 0;
  #waiters: ((datagram: Datagram) => void)[] = [];
  #handler: ((datagram: Datagram) => void) | null = null;
  #errorHandler: ((error: SocketError) => void) | null = null;

  /** Made by {@linkcode udpSocket}. */
  constructor(host: Host) {
    this.host = host;
    layerOf(host);
  }

  /**
   * The bound local address and port, or null before `bind()`/`sendto()`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "@stack/net/mod.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * assert.equal(udpSocket(host).local, null);
   * ```
   */
  get local(): SocketAddress | null {
    return this.#local;
  }

  /**
   * Claim a local address and port. Port 0 picks an ephemeral port; a held one throws
   * {@linkcode AddressInUseError}; an address not on the host is a `RangeError`
   * (`EADDRNOTAVAIL`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "@stack/net/mod.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * host.addInterface({ address: "10.0.0.1/24" });
   * const socket = udpSocket(host);
   * socket.bind();
   * const port = socket.local!.port;
   * assert.ok(port >= 32768 && port <= 60999);
   * assert.throws(() => udpSocket(host).bind({ address: "10.9.9.9", port: 1 }), /EADDRNOTAVAIL/);
   * ```
   */
  bind(options: BindOptions = {}): SocketAddress {
    this.#assertOpen("bind");
    const { address = ANY_ADDRESS, port = 0 } = options;
    const host = this.host;
    if (this.#local !== null) {
      throw new TypeError(
        `Cannot bind UDP socket on ${host.name}: it is already bound to ` +
          `${this.#local.address}:${this.#local.port} (EINVAL). Open another socket.`,
      );
    }
    parseIpv4Address(address);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new RangeError(
        `Cannot bind UDP socket on ${host.name}: option port must be an integer from 0 to ` +
          `65535 (got ${port}); pass 0 for an ephemeral port.`,
      );
    }
    if (address !== ANY_ADDRESS && !host.owns(address)) {
      throw new RangeError(
        `Cannot bind UDP ${address}:${port} on ${host.name}: that address is not one of the ` +
          `host's (EADDRNOTAVAIL). Use one of ` +
          `${
            host.interfaces.map((nic) => nic.address).filter(Boolean).join(", ") || "its addresses"
          } ` +
          `or "0.0.0.0".`,
      );
    }
    const layer = layerOf(host);
    let chosen = port;
    if (port === 0) {
      const free = layer.ports.ephemeral(
        address,
        EPHEMERAL_PORT_MIN,
        EPHEMERAL_PORT_MAX,
        layer.random,
      );
      if (free === undefined) {
        throw new RangeError(
          `Cannot bind UDP on ${host.name}: all ephemeral ports ${EPHEMERAL_PORT_MIN}–` +
            `${EPHEMERAL_PORT_MAX} are in use. Close some sockets.`,
        );
      }
      chosen = free;
    } else {
      const holder = layer.ports.conflict(address, port);
      if (holder !== undefined) {
        const at = holder.local as SocketAddress;
        throw new AddressInUseError({
          host: host.name,
          address,
          port,
          holder: `${at.address}:${at.port}`,
        });
      }
    }
    layer.ports.add(address, chosen, this);
    this.#local = { address, port: chosen };
    return this.#local;
  }

  /**
   * Send one datagram to `destination` (binding an ephemeral port first if needed).
   * Returns the IP layer's status ("no route" is not an exception). Strings are sent as
   * UTF-8.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "@stack/net/mod.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * host.addInterface({ address: "10.0.0.1/24" });
   * const result = udpSocket(host).sendto("x", { address: "192.0.2.1", port: 53 });
   * assert.equal(result.ok, false);
   * ```
   */
  sendto(data: Uint8Array | string, destination: SocketAddress): SendIpResult {
    this.#assertOpen("sendto");
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    // IPv4's total length is 16 bits: 65535 − 20 (IP) − 8 (UDP) bytes of payload at most.
    const maximum = 65535 - 28;
    if (bytes.length > maximum) {
      throw new RangeError(
        `Cannot send a ${bytes.length}-byte UDP datagram from ${this.host.name}: with the ` +
          `8-byte UDP and 20-byte IP headers it exceeds IPv4's 65535-byte total length ` +
          `(EMSGSIZE). Send at most ${maximum} bytes.`,
      );
    }
    if (!Number.isInteger(destination.port) || destination.port < 1 || destination.port > 65535) {
      throw new RangeError(
        `Cannot send UDP to port ${destination.port}: destination ports are 1–65535.`,
      );
    }
    const local = this.#local ?? this.bind();
    const source = local.address !== ANY_ADDRESS
      ? local.address
      : this.host.sourceAddressFor(destination.address);
    if (source === null) {
      return { ok: false, reason: "no-route", detail: `no route to ${destination.address}` };
    }
    const datagram = emitUdp(
      { sourcePort: local.port, destinationPort: destination.port, payload: bytes },
      { source, destination: destination.address },
    ).slice();
    // Linux's default for UDP (IP_PMTUDISC_WANT, ip(7)): set DF when the datagram fits the
    // path MTU, otherwise fragment it at the source.
    const pathMtu = this.host.pathMtu(destination.address) ?? Infinity;
    const dontFragment = datagram.length + 20 <= pathMtu;
    return this.host.sendIp(destination.address, IpProtocol.Udp, datagram, {
      source,
      dontFragment,
    });
  }

  /**
   * Receive the next datagram: with a callback, called inside the simulation when it
   * arrives (at once if one is buffered); without, a promise.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "@stack/net/mod.ts";
   * const net = network({ seed: 1 });
   * const host = net.addHost("a");
   * host.addInterface({ address: "10.0.0.1/24" });
   * const socket = udpSocket(host);
   * socket.bind({ port: 5000 });
   * udpSocket(host).sendto("to myself", { address: "10.0.0.1", port: 5000 });
   * net.run();
   * const datagram = await socket.recvfrom();
   * assert.equal(new TextDecoder().decode(datagram.data), "to myself");
   * ```
   */
  recvfrom(): Promise<Datagram>;
  recvfrom(callback: (datagram: Datagram) => void): void;
  recvfrom(callback?: (datagram: Datagram) => void): Promise<Datagram> | void {
    this.#assertOpen("recvfrom");
    if (callback === undefined) return new Promise((resolve) => this.recvfrom(resolve));
    const next = this.#buffer.shift();
    if (next !== undefined) {
      this.#buffered -= next.data.length;
      callback(next);
    } else {
      this.#waiters.push(callback);
    }
  }

  /**
   * Handle every datagram with `handler` as it arrives (a server loop), instead of
   * buffering them for `recvfrom()`.
   *
   * @example
   * ```ts
   * import { network } from "@stack/net/mod.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * const socket = udpSocket(host);
   * socket.onMessage((datagram) => socket.sendto(datagram.data, datagram));
   * ```
   */
  onMessage(handler: (datagram: Datagram) => void): void {
    this.#handler = handler;
  }

  /**
   * Be told of each ICMP error about this socket's datagrams (besides `errors`).
   *
   * @example
   * ```ts
   * import { network } from "@stack/net/mod.ts";
   * udpSocket(network({ seed: 1 }).addHost("a")).onError((error) => console.log(error.code));
   * ```
   */
  onError(handler: (error: SocketError) => void): void {
    this.#errorHandler = handler;
  }

  /**
   * Release the port; later calls on the socket throw.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { network } from "@stack/net/mod.ts";
   * const host = network({ seed: 1 }).addHost("a");
   * host.addInterface({ address: "10.0.0.1/24" });
   * const first = udpSocket(host);
   * first.bind({ port: 53 });
   * first.close();
   * udpSocket(host).bind({ port: 53 }); // free again
   * assert.throws(() => first.sendto("x", { address: "10.0.0.1", port: 53 }), /closed/);
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#local !== null) {
      layerOf(this.host).ports.remove(this.#local.address, this.#local.port);
    }
    this.#buffer = [];
    this.#waiters = [];
  }

  /** Called by the UDP layer with a datagram for this socket. */
  [DELIVER](datagram: Datagram, layer: UdpLayer): void {
    if (this.#handler !== null) {
      this.received++;
      this.#handler(datagram);
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      this.received++;
      waiter(datagram);
      return;
    }
    if (this.#buffered + datagram.data.length > UDP_RECEIVE_BUFFER) {
      this.dropped++;
      layer.dropped.buffer++; // Linux: UDP_MIB_RCVBUFERRORS
      return;
    }
    this.received++;
    this.#buffered += datagram.data.length;
    this.#buffer.push(datagram);
  }

  /** Called by the UDP layer with an ICMP error for this socket. */
  [DELIVER_ERROR](error: SocketError): void {
    this.errors.push(error);
    this.#errorHandler?.(error);
  }

  #assertOpen(what: string): void {
    if (this.#closed) {
      throw new TypeError(
        `Cannot ${what} on a closed UDP socket of ${this.host.name} (EBADF). Open a new one ` +
          `with udpSocket(host).`,
      );
    }
  }
}

/**
 * Install the UDP layer on a host (idempotent): from then on datagrams for closed ports
 * are answered with ICMP port unreachable. `network().addHost()` and `addRouter()` call
 * it, so every node speaks UDP as a Linux host does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { network } from "@stack/net/mod.ts";
 * const host = network({ seed: 1 }).addHost("a");
 * enableUdp(host);
 * assert.deepEqual(udpTable(host).sockets, []);
 * ```
 */
export function enableUdp(host: Host): void {
  layerOf(host);
}

/**
 * Open a UDP socket on `host` (`socket(AF_INET, SOCK_DGRAM, 0)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { network } from "@stack/net/mod.ts";
 * const socket = udpSocket(network({ seed: 1 }).addHost("a"));
 * assert.equal(socket.local, null);
 * ```
 */
export function udpSocket(host: Host): UdpSocket {
  return new UdpSocket(host);
}

/**
 * The host's bound UDP sockets (`ss -uan`) and its UDP drop counters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { network } from "@stack/net/mod.ts";
 * const host = network({ seed: 1 }).addHost("a");
 * host.addInterface({ address: "10.0.0.1/24" });
 * udpSocket(host).bind({ port: 53 });
 * assert.deepEqual(udpTable(host).sockets, [{ address: "0.0.0.0", port: 53 }]);
 * ```
 */
export function udpTable(
  host: Host,
): {
  sockets: SocketAddress[];
  dropped: { checksum: number; noPort: number; buffer: number };
} {
  const layer = layerOf(host);
  return {
    sockets: layer.ports.rows().map(({ address, port }) => ({ address, port })),
    dropped: { ...layer.dropped },
  };
}
