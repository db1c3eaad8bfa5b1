/**
 * A listening port (RFC 9293 §3.10.1 passive OPEN, BSD `listen()`): SYNs to it start
 * connections, and the ones that complete the handshake wait in a queue of at most
 * `backlog` for `accept()`. The stack (`stack.ts`) does the work; the listener holds
 * the queue.
 *
 * ```
 *   SYN ──▶ new connection (LISTEN → SYN-RECEIVED) ──ACK──▶ ESTABLISHED ──▶ queue ──▶ accept()
 *           (dropped when queue + handshakes in progress ≥ backlog; the client retries)
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms } from "@src/sim/mod.ts";
 * import { TcpPipe } from "./pipe.ts";
 * const pipe = new TcpPipe({ seed: 1 });
 * const listener = pipe.b.listen(80);
 * pipe.a.connect("10.0.0.2", 80);
 * pipe.sim.run({ until: ms(100) });
 * assert.equal(listener.accept()?.state, "ESTABLISHED");
 * ```
 *
 * @module
 */

import { DEFAULT_BACKLOG } from "./params.ts";
import type { TcpSettings, TcpSocket } from "./socket.ts";

/**
 * Options of {@linkcode TcpStack.listen}.
 *
 * @example
 * ```ts
 * import type { ListenOptions } from "./listener.ts";
 * const options: ListenOptions = { backlog: 8, onAccept: (socket) => socket.close() };
 * ```
 */
export interface ListenOptions {
  /** Established connections queued for accept(); SYNs beyond it are dropped. @default 128 */
  backlog?: number;
  /** Called once per connection that reaches ESTABLISHED (it stays in the queue). @default none */
  onAccept?: (socket: TcpSocket) => void;
  /** Settings for accepted connections (over the stack's). @default {} */
  settings?: TcpSettings;
  /** Name of accepted connections in trace rows. @default "<address>:<port>" */
  name?: string;
}

/**
 * A listening port: connections arrive, `accept()` takes them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Random, Simulation } from "@src/sim/mod.ts";
 * import { TcpStack } from "./stack.ts";
 * const stack = new TcpStack(new Simulation(), { address: "10.0.0.2", random: new Random(1), send: () => {} });
 * const listener = stack.listen(80);
 * assert.equal(listener.accept(), null);
 * listener.close();
 * assert.throws(() => listener.accept(), /closed/);
 * ```
 */
export class TcpListener {
  /** The port. */
  readonly port: number;
  /** Most queued connections. */
  readonly backlog: number;
  /** @internal */
  readonly queue: TcpSocket[] = [];
  /** @internal connections still in the handshake */
  pending = 0;
  /** @internal */
  readonly options: ListenOptions;
  #close: () => void;
  #closed = false;

  /** Made by `TcpStack.listen()`. */
  constructor(port: number, options: ListenOptions, close: () => void) {
    this.port = port;
    this.options = options;
    this.backlog = options.backlog ?? DEFAULT_BACKLOG;
    this.#close = close;
  }

  /**
   * The oldest established connection not yet accepted, or null.
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
   * assert.equal(listener.accept(), null); // `server` was the only one
   * ```
   */
  accept(): TcpSocket | null {
    if (this.#closed) {
      throw new RangeError(
        `Cannot accept() on port ${this.port}: the listener is closed; call stack.listen(${this.port}) again`,
      );
    }
    return this.queue.shift() ?? null;
  }

  /**
   * Stop listening; connections already accepted stay open.
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
   * listener.close();
   * assert.equal(server.state, "ESTABLISHED");
   * assert.equal(pipe.a.connect("10.0.0.2", 80).state, "SYN-SENT"); // will be refused
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#close();
  }
}
