/**
 * A socket: what an application holds for one TCP connection. It wraps a
 * `TcpConnection` with the familiar calls (`send`, `recv`, `close`, `abort`) and lets
 * several callbacks watch it. Sockets come from `TcpStack.connect()` and
 * `TcpListener.accept()` (`stack.ts`, `listener.ts`).
 *
 * The calls do not block (a simulation has no threads): `recv()` returns what has
 * arrived, and `onReadable` says when more has.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms } from "@src/sim/mod.ts";
 * import { TcpPipe } from "./pipe.ts";
 * const pipe = new TcpPipe({ seed: 1 });
 * pipe.b.listen(80, { onAccept: (server) => server.onReadable(() => server.send(server.recv())) });
 * const socket = pipe.a.connect("10.0.0.2", 80);
 * socket.onState((_, to) => to === "ESTABLISHED" && socket.send(new TextEncoder().encode("echo")));
 * pipe.sim.run({ until: ms(100) });
 * assert.equal(new TextDecoder().decode(socket.recv()), "echo");
 * ```
 *
 * @module
 */

import type { TcpConnection } from "./connection.ts";
import type { TcpConnectionOptions, TcpInfo } from "./connection_options.ts";
import type { TcpState } from "./state.ts";
import type { TcpError } from "./tcb.ts";

/**
 * Per-connection settings a stack, listener or connect() may set (a subset of
 * {@linkcode TcpConnectionOptions}).
 *
 * @example
 * ```ts
 * import type { TcpSettings } from "./socket.ts";
 * const settings: TcpSettings = { congestion: "cubic", sack: false, mss: 1000 };
 * ```
 */
export type TcpSettings = Pick<
  TcpConnectionOptions,
  | "mss"
  | "receiveBuffer"
  | "windowScale"
  | "sack"
  | "timestamps"
  | "delayedAck"
  | "delayedAckTimeout"
  | "congestion"
  | "initialWindow"
  | "rto"
  | "minRto"
  | "msl"
  | "iss"
>;

/**
 * A connected (or connecting) socket.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Random, Simulation } from "@src/sim/mod.ts";
 * import { TcpStack } from "./stack.ts";
 * const stack = new TcpStack(new Simulation(), { address: "10.0.0.1", random: new Random(1), send: () => {} });
 * const socket = stack.connect("10.0.0.9", 80);
 * assert.equal(socket.state, "SYN-SENT");
 * assert.equal(socket.localPort, 49152);
 * ```
 */
export class TcpSocket {
  /** The endpoint underneath. */
  readonly connection: TcpConnection;
  #readable: (() => void)[] = [];
  #state: ((from: TcpState, to: TcpState) => void)[] = [];

  /** Made by `TcpStack.connect()` and `TcpListener.accept()`. */
  constructor(connection: TcpConnection) {
    this.connection = connection;
  }

  /**
   * Our port.
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
   * assert.equal(socket.localPort, 49152);
   * ```
   */
  get localPort(): number {
    return this.connection.tcb.localPort;
  }

  /**
   * The peer's address and port, e.g. `"10.0.0.2:80"`.
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
   * assert.equal(socket.remote, "10.0.0.2:80");
   * assert.equal(server.remote, "10.0.0.1:49152");
   * ```
   */
  get remote(): string {
    return `${this.connection.tcb.remoteAddress}:${this.connection.tcb.remotePort}`;
  }

  /**
   * Current state.
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
   * assert.equal(socket.state, "ESTABLISHED");
   * ```
   */
  get state(): TcpState {
    return this.connection.state;
  }

  /**
   * Why the connection failed, or null.
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
   * server.abort();
   * pipe.sim.run({ until: ms(200) });
   * assert.equal(socket.error, "connection reset");
   * ```
   */
  get error(): TcpError | null {
    return this.connection.error;
  }

  /**
   * The peer closed and everything was read.
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
   * socket.close();
   * pipe.sim.run({ until: ms(200) });
   * assert.equal(server.ended, true);
   * ```
   */
  get ended(): boolean {
    return this.connection.ended;
  }

  /**
   * Snapshot of sequence numbers, windows, cwnd, RTO.
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
   * assert.equal(socket.info().sndNxt, socket.info().sndUna);
   * ```
   */
  info(): TcpInfo {
    return this.connection.info();
  }

  /**
   * Queue bytes for sending (copied unless `{ copy: false }`); returns how many were taken.
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
   * assert.equal(socket.send(new TextEncoder().encode("hi")), 2);
   * pipe.sim.run({ until: ms(200) });
   * assert.equal(new TextDecoder().decode(server.recv()), "hi");
   * ```
   */
  send(bytes: Uint8Array, options: { copy?: boolean } = {}): number {
    return this.connection.write(bytes, options);
  }

  /**
   * Received bytes, up to `max` (empty when none yet).
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
   * socket.send(new Uint8Array([1, 2, 3]));
   * pipe.sim.run({ until: ms(200) });
   * assert.deepEqual([...server.recv(2)], [1, 2]);
   * assert.deepEqual([...server.recv()], [3]);
   * ```
   */
  recv(max = Infinity): Uint8Array {
    return this.connection.read(max);
  }

  /**
   * Close our side: a FIN follows the queued data.
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
   * socket.close();
   * assert.equal(socket.state, "FIN-WAIT-1");
   * ```
   */
  close(): void {
    this.connection.close();
  }

  /**
   * Reset the connection now.
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
   * socket.abort();
   * assert.equal(socket.state, "CLOSED");
   * ```
   */
  abort(): void {
    this.connection.abort();
  }

  /**
   * Call `callback` whenever bytes or the end of the stream become readable.
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
   * let seen = 0;
   * server.onReadable(() => seen += server.recv().length);
   * socket.send(new Uint8Array(10));
   * pipe.sim.run({ until: ms(200) });
   * assert.equal(seen, 10);
   * ```
   */
  onReadable(callback: () => void): this {
    this.#readable.push(callback);
    return this;
  }

  /**
   * Call `callback` on every state change.
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
   * const moves: string[] = [];
   * socket.onState((from, to) => moves.push(`${from}→${to}`));
   * socket.close();
   * assert.deepEqual(moves, ["ESTABLISHED→FIN-WAIT-1"]);
   * ```
   */
  onState(callback: (from: TcpState, to: TcpState) => void): this {
    this.#state.push(callback);
    return this;
  }

  /**
   * Tell the `onReadable` callbacks (the stack calls this; tests may too).
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
   * let calls = 0;
   * socket.onReadable(() => calls++);
   * socket.emitReadable();
   * assert.equal(calls, 1);
   * ```
   */
  emitReadable(): void {
    for (const callback of this.#readable) callback();
  }

  /**
   * Tell the `onState` callbacks (the stack calls this).
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
   * let calls = 0;
   * socket.onState(() => calls++);
   * socket.emitState("ESTABLISHED", "CLOSE-WAIT");
   * assert.equal(calls, 1);
   * ```
   */
  emitState(from: TcpState, to: TcpState): void {
    for (const callback of this.#state) callback(from, to);
  }
}
