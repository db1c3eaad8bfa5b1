/**
 * One host's TCP: the table of connections behind its sockets. A `TcpStack`
 * demultiplexes arriving segments to connections by their four-tuple (RFC 9293
 * §3.3.1), spawns a connection when a SYN reaches a listening port, and answers
 * anything else with a reset (RFC 9293 §3.10.7.1), which is how `connect()` to a closed
 * port fails with "connection refused". A network host (`stack/net`) will own one and
 * wire `send`/`receive` to its IPv4 layer; until then `pipe.ts` does.
 *
 * ```
 *   application   listen(80) → listener.accept() → socket      connect(addr, 80) → socket
 *                 socket.send(bytes)  socket.recv()  socket.close()
 *   TcpStack      (remote address, remote port, local port) → TcpConnection
 *                 local port → TcpListener              neither → RST
 *   network       stack.receive(segment) ◀──── · ────▶ options.send(segment)
 * ```
 *
 * The calls do not block (there are no threads in a simulation): `accept()` and `recv()`
 * return what is there now, and `onAccept`/`onReadable` callbacks say when to call them.
 *
 * @example A client and a server on one simulated wire
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms, Random, Simulation } from "@src/sim/mod.ts";
 * import { TcpStack } from "./stack.ts";
 * const sim = new Simulation();
 * const random = new Random("sockets");
 * let server!: TcpStack;
 * const client = new TcpStack(sim, { address: "10.0.0.1", random: random.fork("client"),
 *   send: (segment) => sim.schedule(ms(5), () => server.receive(segment)) });
 * server = new TcpStack(sim, { address: "10.0.0.2", random: random.fork("server"),
 *   send: (segment) => sim.schedule(ms(5), () => client.receive(segment)) });
 * const listener = server.listen(80);
 * const socket = client.connect("10.0.0.2", 80);
 * socket.onState((_, to) => { if (to === "ESTABLISHED") { socket.send(new TextEncoder().encode("GET /")); socket.close(); } });
 * sim.run({ until: ms(100) });
 * const accepted = listener.accept()!;
 * assert.equal(new TextDecoder().decode(accepted.recv()), "GET /");
 * assert.ok(accepted.ended);
 * ```
 *
 * @module
 */

import type { Random, Simulation, Trace } from "@src/sim/mod.ts";
import { TcpConnection } from "./connection.ts";
import { type ListenOptions, TcpListener } from "./listener.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { FIRST_EPHEMERAL_PORT } from "./params.ts";
import { resetFor, type TcpSegment } from "./segment.ts";
import { type TcpSettings, TcpSocket } from "./socket.ts";
import type { TcpTraceRow } from "./trace_row.ts";

/**
 * Options of {@linkcode TcpStack}.
 *
 * @example
 * ```ts
 * import { Random } from "@src/sim/mod.ts";
 * import type { TcpStackOptions } from "./stack.ts";
 * const options: TcpStackOptions = { address: "10.0.0.1", random: new Random(1), send: () => {} };
 * ```
 */
export interface TcpStackOptions {
  /** This host's IPv4 address. */
  address: string;
  /** Where outgoing segments go (the network). */
  send: (segment: TcpSegment) => void;
  /** Seeded randomness for ISNs (required: runs are reproducible). */
  random: Random;
  /** Where every connection logs its rows. @default none */
  trace?: Trace<TcpTraceRow>;
  /** Settings for every connection of this stack. @default {} */
  settings?: TcpSettings;
}

const schema = z.object({
  address: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, "must be a dotted-quad IPv4 address"),
  send: z.custom<(segment: TcpSegment) => void>((value) => typeof value === "function", {
    message: "must be a function",
  }),
  random: z.custom<Random>((value) => typeof (value as Random | undefined)?.fork === "function", {
    message: "must be a Random from @src/sim",
  }),
  trace: z.custom<Trace<TcpTraceRow>>(
    (value) => typeof (value as Trace<TcpTraceRow> | undefined)?.push === "function",
    {
      message: "must be a Trace from @src/sim",
    },
  ).optional(),
  settings: z.record(z.string(), z.unknown()).default({}),
}).strict();

/**
 * One host's TCP: connections by four-tuple, listeners by port, RST for the rest.
 *
 * @example Connection refused
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms, Random, Simulation } from "@src/sim/mod.ts";
 * import { TcpStack } from "./stack.ts";
 * const sim = new Simulation();
 * let b!: TcpStack;
 * const a = new TcpStack(sim, { address: "10.0.0.1", random: new Random(1), send: (s) => sim.schedule(ms(1), () => b.receive(s)) });
 * b = new TcpStack(sim, { address: "10.0.0.2", random: new Random(2), send: (s) => sim.schedule(ms(1), () => a.receive(s)) });
 * const socket = a.connect("10.0.0.2", 81); // nobody listens on 81
 * sim.run();
 * assert.equal(socket.state, "CLOSED");
 * assert.equal(socket.error, "connection refused");
 * ```
 */
export class TcpStack {
  /** This host's address. */
  readonly address: string;
  readonly #sim: Simulation;
  readonly #send: (segment: TcpSegment) => void;
  readonly #random: Random;
  readonly #trace: Trace<TcpTraceRow> | undefined;
  readonly #settings: TcpSettings;
  readonly #connections = new Map<string, TcpSocket>();
  readonly #listeners = new Map<number, TcpListener>();
  #nextPort = FIRST_EPHEMERAL_PORT;
  /** Resets sent for segments no connection or listener wanted. */
  resetsSent = 0;

  /** A stack with no connections; options are validated with zod. */
  constructor(sim: Simulation, options: TcpStackOptions) {
    const parsed = parseOptions(schema, options, "create a TCP stack");
    this.#sim = sim;
    this.address = parsed.address;
    this.#send = parsed.send;
    this.#random = parsed.random;
    this.#trace = parsed.trace;
    this.#settings = parsed.settings as TcpSettings;
  }

  /**
   * Every open connection's socket (listeners' unaccepted ones included).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ms, Random, Simulation } from "@src/sim/mod.ts";
   * import { TcpPipe } from "./pipe.ts";
   * const pipe = new TcpPipe({ seed: 1 });
   * const listener = pipe.b.listen(80);
   * const socket = pipe.a.connect("10.0.0.2", 80);
   * pipe.sim.run({ until: ms(100) });
   * const server = listener.accept()!;
   * assert.equal(pipe.a.sockets.length, 1);
   * assert.equal(pipe.b.sockets[0], server);
   * ```
   */
  get sockets(): TcpSocket[] {
    return [...this.#connections.values()];
  }

  /**
   * Listen on `port`: SYNs to it start connections. `RangeError` if already listening.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random, Simulation } from "@src/sim/mod.ts";
   * import { TcpStack } from "./stack.ts";
   * const stack = new TcpStack(new Simulation(), { address: "10.0.0.2", random: new Random(1), send: () => {} });
   * stack.listen(80);
   * assert.throws(() => stack.listen(80), /already listening/);
   * ```
   */
  listen(port: number, options: ListenOptions = {}): TcpListener {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new RangeError(`Cannot listen on port ${port}: pass an integer from 1 to 65535`);
    }
    if (this.#listeners.has(port)) {
      throw new RangeError(
        `Cannot listen on port ${port}: already listening; close the first listener or pick another port`,
      );
    }
    const listener = new TcpListener(port, options, () => this.#listeners.delete(port));
    this.#listeners.set(port, listener);
    return listener;
  }

  /**
   * Open a connection to `address:port` from an ephemeral port (or `options.localPort`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random, Simulation } from "@src/sim/mod.ts";
   * import { TcpStack } from "./stack.ts";
   * const sent: string[] = [];
   * const stack = new TcpStack(new Simulation(), { address: "10.0.0.1", random: new Random(1),
   *   send: (s) => sent.push(`${s.repr.sourcePort} > ${s.destination}.${s.repr.destinationPort}`) });
   * stack.connect("10.0.0.2", 80, { localPort: 5555 });
   * assert.deepEqual(sent, ["5555 > 10.0.0.2.80"]);
   * ```
   */
  connect(
    address: string,
    port: number,
    options: TcpSettings & { localPort?: number; name?: string } = {},
  ): TcpSocket {
    const { localPort = this.#nextPort++, name, ...settings } = options;
    const socket = this.#open(localPort, address, port, settings, name);
    socket.connection.connect();
    return socket;
  }

  /**
   * Hand the stack a segment from the network.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random, Simulation } from "@src/sim/mod.ts";
   * import { tcpFlags } from "@stack/wire/mod.ts";
   * import { TcpStack } from "./stack.ts";
   * const replies: boolean[] = [];
   * const stack = new TcpStack(new Simulation(), { address: "10.0.0.2", random: new Random(1), send: (s) => replies.push(s.repr.flags.rst) });
   * stack.receive({ source: "10.0.0.1", destination: "10.0.0.2", repr: { sourcePort: 1, destinationPort: 80,
   *   sequenceNumber: 0, acknowledgmentNumber: 0, flags: tcpFlags({ syn: true }), window: 100, urgentPointer: 0,
   *   options: [], payload: new Uint8Array() } });
   * assert.deepEqual(replies, [true]); // RST: nobody listens
   * ```
   */
  receive(segment: TcpSegment): void {
    const repr = segment.repr;
    const key = `${segment.source}:${repr.sourcePort}>${repr.destinationPort}`;
    const socket = this.#connections.get(key);
    if (socket !== undefined) {
      socket.connection.segmentArrives(segment);
      return;
    }
    const listener = this.#listeners.get(repr.destinationPort);
    const flags = repr.flags;
    if (listener !== undefined && !flags.rst) {
      if (flags.syn && !flags.ack) {
        // Linux drops SYNs when the accept queue is full (the client retries).
        if (listener.queue.length + listener.pending >= listener.backlog) return;
        this.#spawn(listener, segment);
        return;
      }
    }
    const reset = resetFor(segment); // RFC 9293 §3.10.7.1: no TCB, so reset
    if (reset === null) return;
    this.resetsSent++;
    this.#send(reset);
  }

  #spawn(listener: TcpListener, segment: TcpSegment): void {
    const repr = segment.repr;
    const socket = this.#open(
      repr.destinationPort,
      segment.source,
      repr.sourcePort,
      listener.options.settings ?? {},
      listener.options.name,
    );
    listener.pending++;
    let queued = false;
    socket.onState((_, to) => {
      if (queued) return;
      if (to === "ESTABLISHED" || to === "CLOSE-WAIT" || to === "CLOSED") {
        queued = true;
        listener.pending--;
        if (to === "CLOSED") return;
        listener.queue.push(socket);
        listener.options.onAccept?.(socket);
      }
    });
    socket.connection.listen();
    socket.connection.segmentArrives(segment);
  }

  #open(
    localPort: number,
    address: string,
    port: number,
    settings: TcpSettings,
    name: string | undefined,
  ): TcpSocket {
    const key = `${address}:${port}>${localPort}`;
    if (this.#connections.has(key)) {
      throw new RangeError(
        `Cannot open ${this.address}:${localPort} → ${address}:${port}: that connection exists; ` +
          `pick another localPort or close it first`,
      );
    }
    const ref: { socket?: TcpSocket } = {};
    const connection = new TcpConnection(this.#sim, {
      ...this.#settings,
      ...settings,
      localAddress: this.address,
      localPort,
      remoteAddress: address,
      remotePort: port,
      send: this.#send,
      random: this.#random.fork(key),
      trace: this.#trace,
      name: name ?? `${this.address}:${localPort}`,
      onState: (from, to) => {
        if (to === "CLOSED") this.#connections.delete(key);
        ref.socket?.emitState(from, to);
      },
      onReadable: () => ref.socket?.emitReadable(),
    });
    const socket = ref.socket = new TcpSocket(connection);
    this.#connections.set(key, socket);
    return socket;
  }
}
