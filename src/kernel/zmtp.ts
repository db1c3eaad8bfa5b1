/**
 * ZMTP 3.0 — the ZeroMQ wire protocol — over Deno's TCP sockets, as much of
 * it as a Jupyter kernel needs: NULL security, ROUTER/PUB/REP servers and
 * DEALER/SUB clients.
 *
 * Why hand-written: the npm `zeromq` addon runs under Deno's Node-API layer,
 * where it was measured to lose incoming messages now and then (a request
 * sat unread until the 60 s client timeout in 1 of 3 kernel starts). Deno's
 * own kernel speaks ZMTP in JavaScript the same way.
 *
 * Source: ZMTP 3.0, https://rfc.zeromq.org/spec/23/ (greeting §"Greeting",
 * framing §"Framing", NULL mechanism §"The NULL Security Mechanism").
 *
 * ```
 * greeting (64 bytes): FF 00 00 00 00 00 00 00 01 7F | 03 00 | "NULL" + 16×00 | as-server | 31×00
 * frame:   flags (bit0 MORE, bit1 LONG, bit2 COMMAND) | size (1 byte, or 8 bytes big-endian if LONG) | body
 * READY:   command body = 05 "READY" then properties: name-len(1) name value-len(4, BE) value
 * ```
 *
 * @module
 */

const MORE = 0x01;
const LONG = 0x02;
const COMMAND = 0x04;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A ZMQ socket type, as announced in the READY command. */
export type SocketType = "ROUTER" | "DEALER" | "PUB" | "SUB" | "REP" | "REQ";

/** Reads whole ZMTP frames from a TCP connection. */
class FrameReader {
  #buffer = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;
  constructor(private readonly conn: Deno.Conn) {}

  async exactly(length: number): Promise<Uint8Array> {
    while (this.#end - this.#start < length) {
      if (this.#start > 0) {
        this.#buffer.copyWithin(0, this.#start, this.#end);
        this.#end -= this.#start;
        this.#start = 0;
      }
      if (this.#buffer.length - this.#end < length) {
        const bigger = new Uint8Array(Math.max(this.#buffer.length * 2, length * 2));
        bigger.set(this.#buffer.subarray(0, this.#end));
        this.#buffer = bigger;
      }
      const count = await this.conn.read(this.#buffer.subarray(this.#end));
      if (count === null) throw new Deno.errors.ConnectionReset("ZMTP peer closed the connection");
      this.#end += count;
    }
    const bytes = this.#buffer.slice(this.#start, this.#start + length);
    this.#start += length;
    return bytes;
  }

  async frame(): Promise<{ flags: number; body: Uint8Array }> {
    const [flags] = await this.exactly(1);
    let size: number;
    if (flags & LONG) {
      const view = new DataView((await this.exactly(8)).buffer);
      size = Number(view.getBigUint64(0));
    } else {
      size = (await this.exactly(1))[0];
    }
    return { flags, body: await this.exactly(size) };
  }

  /** The next multipart message, skipping commands (PING, SUBSCRIBE…). */
  async message(): Promise<Uint8Array[]> {
    const frames: Uint8Array[] = [];
    while (true) {
      const { flags, body } = await this.frame();
      if (flags & COMMAND) continue;
      frames.push(body);
      if (!(flags & MORE)) return frames;
    }
  }
}

function encodeFrame(body: Uint8Array, flags: number): Uint8Array {
  const long = body.length > 255;
  const head = new Uint8Array(long ? 9 : 2);
  head[0] = flags | (long ? LONG : 0);
  if (long) new DataView(head.buffer).setBigUint64(1, BigInt(body.length));
  else head[1] = body.length;
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

/** Encodes a multipart message as one buffer (so writes never interleave). */
export function encodeFrames(frames: Uint8Array[]): Uint8Array {
  const parts = frames.map((frame, i) => encodeFrame(frame, i < frames.length - 1 ? MORE : 0));
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function greeting(asServer: boolean): Uint8Array {
  const bytes = new Uint8Array(64);
  bytes[0] = 0xff;
  bytes[9] = 0x7f;
  bytes[10] = 3; // version 3.0
  bytes[11] = 0;
  bytes.set(encoder.encode("NULL"), 12);
  bytes[32] = asServer ? 1 : 0;
  return bytes;
}

function readyCommand(type: SocketType, identity?: Uint8Array): Uint8Array {
  const property = (name: string, value: Uint8Array) => {
    const out = new Uint8Array(1 + name.length + 4 + value.length);
    out[0] = name.length;
    out.set(encoder.encode(name), 1);
    new DataView(out.buffer).setUint32(1 + name.length, value.length);
    out.set(value, 5 + name.length);
    return out;
  };
  const parts = [
    new Uint8Array([5]),
    encoder.encode("READY"),
    property("Socket-Type", encoder.encode(type)),
    ...(identity ? [property("Identity", identity)] : []),
  ];
  const body = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.length;
  }
  return encodeFrame(body, COMMAND);
}

function parseReady(body: Uint8Array): Map<string, Uint8Array> {
  const properties = new Map<string, Uint8Array>();
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let at = 1 + body[0];
  while (at < body.length) {
    const nameLength = body[at];
    const name = decoder.decode(body.subarray(at + 1, at + 1 + nameLength));
    const valueLength = view.getUint32(at + 1 + nameLength);
    const start = at + 5 + nameLength;
    properties.set(name, body.slice(start, start + valueLength));
    at = start + valueLength;
  }
  return properties;
}

/** One ZMTP connection after its handshake: ordered writes, whole-message reads. */
export class Peer {
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;
  constructor(
    readonly conn: Deno.Conn,
    readonly reader: FrameReader,
    /** The peer's Identity property (ROUTER routing), or a generated one. */
    readonly identity: Uint8Array,
  ) {}

  /** Sends one multipart message; writes are queued so they never interleave. */
  send(frames: Uint8Array[]): Promise<void> {
    const bytes = encodeFrames(frames);
    const write = this.#tail.then(async () => {
      if (this.#closed) return;
      let written = 0;
      while (written < bytes.length) written += await this.conn.write(bytes.subarray(written));
    });
    this.#tail = write.catch(() => this.close());
    return write.catch(() => {});
  }

  receive(): Promise<Uint8Array[]> {
    return this.reader.message();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.conn.close();
    } catch { /* already closed */ }
  }
}

let generatedIdentities = 0;

async function handshake(
  conn: Deno.Conn,
  type: SocketType,
  asServer: boolean,
  identity?: Uint8Array,
): Promise<Peer> {
  (conn as Deno.TcpConn).setNoDelay?.(true);
  const reader = new FrameReader(conn);
  await conn.write(greeting(asServer));
  const theirs = await reader.exactly(64);
  if (theirs[0] !== 0xff || theirs[9] !== 0x7f || theirs[10] < 3) {
    throw new TypeError(
      `ZMTP peer sent an unsupported greeting (version byte ${theirs[10]}); expected ZMTP 3.x`,
    );
  }
  await conn.write(readyCommand(type, identity));
  const ready = await reader.frame();
  if (!(ready.flags & COMMAND)) {
    throw new TypeError("ZMTP peer did not send READY after its greeting");
  }
  const properties = parseReady(ready.body);
  let peerIdentity = properties.get("Identity");
  if (!peerIdentity || peerIdentity.length === 0) {
    peerIdentity = encoder.encode(`\0peer-${++generatedIdentities}`);
  }
  return new Peer(conn, reader, peerIdentity);
}

/** Options of {@linkcode serve}. */
export interface ServeOptions {
  /** Called with each peer once its handshake is done. */
  onPeer: (peer: Peer) => void | Promise<void>;
}

/**
 * Listens on `host:port` as a ZMTP server of `type` and hands each handshaken
 * peer to `onPeer`. Returns the listener (close it to stop).
 */
export function serve(
  host: string,
  port: number,
  type: SocketType,
  options: ServeOptions,
): Deno.Listener {
  const listener = Deno.listen({ hostname: host, port });
  (async () => {
    for await (const conn of listener) {
      handshake(conn, type, true).then(options.onPeer).catch(() => {
        try {
          conn.close();
        } catch { /* gone */ }
      });
    }
  })().catch(() => {/* listener closed */});
  return listener;
}

/**
 * Connects to a ZMTP server as `type`, retrying while it is not listening yet
 * (a kernel that is still starting) until `timeoutMs`.
 */
export async function connect(
  host: string,
  port: number,
  type: SocketType,
  timeoutMs = 30_000,
): Promise<Peer> {
  const deadline = performance.now() + timeoutMs;
  while (true) {
    try {
      const conn = await Deno.connect({ hostname: host, port });
      // TCP "self-connect": connecting on loopback to a port nobody listens on yet can be
      // answered by the connecting socket itself, when the kernel happens to pick that same
      // port as the ephemeral source (a simultaneous open, RFC 9293 §3.5). Not the kernel:
      // close and retry.
      if ((conn.localAddr as Deno.NetAddr).port === port) {
        conn.close();
        throw new Error(`connected to itself on port ${port}`);
      }
      return await handshake(conn, type, false);
    } catch (error) {
      if (performance.now() > deadline) {
        throw new Error(
          `Cannot connect to the kernel's ${type} socket at ${host}:${port}: ${error}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
