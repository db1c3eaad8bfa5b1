/**
 * The StackLab kernel: a small protocol-correcting front process between
 * Jupyter and Deno's own kernel (`deno jupyter --kernel`).
 *
 * Why it exists (measured, see README "The StackLab kernel"): Deno's kernel
 * (2.8.2 and later) publishes a cell's outputs from a separate drain loop and
 * stamps them with whatever request is current *when they are sent*. It can
 * therefore report `status: idle` before a cell's last outputs, so nbclient
 * drops them, and under "Run All" late outputs carry the next cell's header.
 *
 * What it does, per the Jupyter messaging protocol ("Messaging in Jupyter"):
 *
 * ```
 *  frontend ──shell/control/stdin──▶ front ──▶ deno jupyter --kernel
 *  frontend ◀────────iopub───────── front ◀── (outputs re-stamped, idle held)
 * ```
 *
 * 1. Execute requests run one at a time. After a cell's `execute_reply`, the
 *    front sends a hidden, silent request that broadcasts a marker through the
 *    same output queue the cell's outputs went through. The queue is FIFO, so
 *    when the marker comes back every output of the cell has been published.
 *    Only then does the front release the reply and `status: idle`.
 * 2. Outputs that arrive stamped with the hidden request are re-stamped with
 *    the cell's header, so each output sits under its own cell. A cell's error,
 *    which Deno publishes directly rather than through that queue, is held and
 *    published last, after the cell's other outputs.
 * 3. `stop_on_error`: when a cell fails, execute requests already queued behind
 *    it are answered `aborted`, as ipykernel does, so "Run All" stops there.
 * 4. Plain-text results lose ANSI colour codes; `transient: null` is dropped.
 *
 * Everything else (completion, inspection, interrupt on the control channel,
 * comms, shutdown) passes through untouched.
 *
 * Usage (what the kernelspec runs):
 * `deno run -A src/kernel/front.ts {connection_file}`
 *
 * @module
 */

import { connect, type Peer, serve } from "./zmtp.ts";
import { decodeMessage, encodeMessage, type JupyterMessage, newHeader } from "./message.ts";

/** The msg_type of the marker the hidden flush request broadcasts. */
export const FLUSH_MARKER = "stacklab_flush";

/**
 * How long the cell's output may stay silent before the front stops waiting for the
 * flush marker and releases the cell anyway (ms). The wait restarts with every output
 * that arrives, so a cell printing megabytes is never cut off while it still drains.
 */
export const FLUSH_TIMEOUT_MS = 3000;

/** Fields of a Jupyter connection file that the front reads and writes. */
export interface ConnectionInfo {
  ip: string;
  transport: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  control_port: number;
  stdin_port: number;
  iopub_port: number;
  hb_port: number;
  [key: string]: unknown;
}

const ANSI = new RegExp(String.raw`\u001b\[[0-9;?]*[ -/]*[@-~]`, "g");

/**
 * Removes ANSI escape sequences (colours, cursor moves) from text.
 *
 * @example
 * ```ts
 * import { stripAnsi } from "./front.ts";
 * console.assert(stripAnsi("\u001b[33m42\u001b[39m") === "42");
 * ```
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/**
 * Cleans one output message in place: plain text without colour codes, no
 * `transient: null` (nbclient 0.7 crashes on it). Returns true if it changed.
 *
 * @example
 * ```ts
 * import { cleanOutput } from "./front.ts";
 * const content: Record<string, unknown> = { data: { "text/plain": "\u001b[33m1\u001b[39m" }, transient: null };
 * console.assert(cleanOutput(content) && !("transient" in content));
 * ```
 */
export function cleanOutput(content: Record<string, unknown>): boolean {
  let changed = false;
  if ("transient" in content && content.transient === null) {
    delete content.transient;
    changed = true;
  }
  const data = content.data as Record<string, unknown> | undefined;
  if (data && typeof data["text/plain"] === "string") {
    const plain = stripAnsi(data["text/plain"]);
    if (plain !== data["text/plain"]) {
      data["text/plain"] = plain;
      changed = true;
    }
  }
  if (typeof content.text === "string" && ANSI.test(content.text)) {
    content.text = stripAnsi(content.text);
    changed = true;
  }
  ANSI.lastIndex = 0;
  return changed;
}

interface Execution {
  request: JupyterMessage;
  /** The frontend connection that asked. */
  peer: Peer;
  /** The reply from Deno, held until the flush marker returns. */
  reply?: JupyterMessage;
  /** The cell's error output, held too: Deno publishes it directly, ahead of queued output. */
  error?: JupyterMessage;
  flushId?: string;
  timer?: ReturnType<typeof setTimeout>;
}

/** Finds free TCP ports on the loopback interface for the inner kernel. */
function freePorts(count: number): number[] {
  const listeners = Array.from(
    { length: count },
    () => Deno.listen({ hostname: "127.0.0.1", port: 0 }),
  );
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  for (const l of listeners) l.close();
  return ports;
}

const keyOf = (identity: Uint8Array) => identity.join(",");

/** Runs `body` for every message a peer sends, until it disconnects. */
async function pump(
  peer: Peer,
  body: (frames: Uint8Array[]) => void | Promise<void>,
): Promise<void> {
  try {
    while (true) await body(await peer.receive());
  } catch {
    peer.close();
  }
}

/**
 * Runs the front process until the inner kernel exits. Resolves with its exit code.
 */
export async function runFront(
  connectionFile: string,
  options: { denoPath?: string } = {},
): Promise<number> {
  const outer: ConnectionInfo = JSON.parse(await Deno.readTextFile(connectionFile));
  const key = outer.key ?? "";
  const session = crypto.randomUUID();
  const debug = Deno.env.get("STACKLAB_KERNEL_DEBUG")
    ? (...args: unknown[]) => console.error("[stacklab-kernel]", ...args)
    : () => {};
  let counter = 0;
  const newId = () => `${session}-${++counter}`;

  // Frontend side first: listen where Jupyter told us to, before anything else on this
  // machine can take those ports. Jupyter picked them free and let them go; while Deno's
  // kernel starts below, our connection retries and other processes draw ephemeral ports,
  // and one of them landing on an outer port made the kernel die at start ("Kernel died
  // before replying to kernel_info"). Peers are served once the inner kernel is up.
  const host = outer.ip === "localhost" ? "127.0.0.1" : outer.ip;
  let innerIsUp!: () => void;
  const innerUp = new Promise<void>((resolve) => innerIsUp = resolve);
  const shellPeers = new Map<string, Peer>();
  const stdinPeers = new Map<string, Peer>();
  const iopubPeers = new Set<Peer>();
  const listeners = [
    serve(host, outer.shell_port, "ROUTER", {
      onPeer: async (peer) => {
        await innerUp;
        shellPeers.set(keyOf(peer.identity), peer);
        return pump(peer, (frames) => fromFrontend(peer, frames, innerShell, true));
      },
    }),
    serve(host, outer.control_port, "ROUTER", {
      onPeer: async (peer) => {
        await innerUp;
        return pump(peer, (frames) => fromFrontend(peer, frames, innerControl, false));
      },
    }),
    serve(host, outer.stdin_port, "ROUTER", {
      onPeer: async (peer) => {
        await innerUp;
        stdinPeers.set(keyOf(peer.identity), peer);
        return pump(peer, (frames) => innerStdin.send(frames));
      },
    }),
    serve(host, outer.iopub_port, "PUB", {
      onPeer: (peer) => {
        iopubPeers.add(peer);
        return pump(peer, () => {/* subscriptions: every peer gets everything */}).finally(() =>
          iopubPeers.delete(peer)
        );
      },
    }),
    serve(host, outer.hb_port, "REP", {
      onPeer: (peer) => pump(peer, (frames) => peer.send(frames)),
    }),
  ];

  // Inner side: Deno's kernel on fresh loopback ports.
  const [shellPort, controlPort, stdinPort, iopubPort, hbPort] = freePorts(5);
  const innerInfo: ConnectionInfo = {
    ...outer,
    ip: "127.0.0.1",
    transport: "tcp",
    shell_port: shellPort,
    control_port: controlPort,
    stdin_port: stdinPort,
    iopub_port: iopubPort,
    hb_port: hbPort,
  };
  const innerFile = await Deno.makeTempFile({ prefix: "stacklab-inner-", suffix: ".json" });
  await Deno.writeTextFile(innerFile, JSON.stringify(innerInfo));

  const deno = options.denoPath ?? Deno.execPath();
  // The inner kernel dies with us even on SIGKILL: it is started by a shell
  // that kills it as soon as our end of its stdin pipe closes.
  // (A background job's stdin is /dev/null in sh, hence the copy on fd 3.)
  const script = `exec 3<&0; "$0" jupyter --kernel --conn "$1" </dev/null & pid=$!; ` +
    `(cat <&3 >/dev/null; kill $pid 2>/dev/null) & wait $pid`;
  const child = new Deno.Command("sh", {
    args: ["-c", script, deno, innerFile],
    env: { NO_COLOR: "1", STACKLAB_KERNEL: "1" },
    stdin: "piped",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();

  const innerReady = Promise.all([
    connect("127.0.0.1", shellPort, "DEALER"),
    connect("127.0.0.1", controlPort, "DEALER"),
    connect("127.0.0.1", stdinPort, "DEALER"),
    connect("127.0.0.1", iopubPort, "SUB"),
  ]);

  const routes = new Map<string, Peer>();
  const queue: { request: JupyterMessage; peer: Peer }[] = [];
  let current: Execution | undefined;
  /** Hidden flush request id → the cell header its stray outputs belong to. */
  const flushOwners = new Map<string, JupyterMessage["header"]>();

  const [innerShell, innerControl, innerStdin, innerIopub] = await innerReady.catch(
    async (error) => {
      console.error(`StackLab kernel: Deno's kernel did not start (${error.message}).`);
      await Deno.remove(innerFile).catch(() => {});
      Deno.exit(1);
    },
  );
  // A SUB peer subscribes to every topic (ZMTP 3.0: a message 0x01 + topic).
  await innerIopub.send([new Uint8Array([1])]);

  const publish = async (message: JupyterMessage) => {
    const frames = encodeMessage({ ...message, identities: [] }, key);
    await Promise.all([...iopubPeers].map((peer) => peer.send(frames)));
  };
  const publishStatus = (state: string, parent: JupyterMessage["header"]) =>
    publish({
      identities: [],
      header: newHeader("status", session, newId()),
      parent_header: parent,
      metadata: {},
      content: { execution_state: state },
      buffers: [],
    });
  const reply = (peer: Peer | undefined, message: JupyterMessage) =>
    peer?.send(encodeMessage({ ...message, identities: [] }, key));

  function next(): void {
    if (current || queue.length === 0) return;
    const { request, peer } = queue.shift()!;
    current = { request, peer };
    innerShell.send(encodeMessage({ ...request, identities: [] }, key));
  }

  async function startFlush(execution: Execution): Promise<void> {
    execution.flushId = newId();
    flushOwners.set(execution.flushId, execution.request.header);
    const code = `await Deno.jupyter.broadcast(${JSON.stringify(FLUSH_MARKER)}, ` +
      `{ token: ${JSON.stringify(execution.flushId)} });`;
    execution.timer = setTimeout(() => finish(execution), FLUSH_TIMEOUT_MS);
    await innerShell.send(encodeMessage({
      identities: [],
      header: newHeader("execute_request", session, execution.flushId),
      parent_header: {},
      metadata: {},
      content: {
        code,
        silent: true,
        store_history: false,
        allow_stdin: false,
        stop_on_error: false,
      },
      buffers: [],
    }, key));
  }

  async function finish(execution: Execution): Promise<void> {
    if (current !== execution) return;
    clearTimeout(execution.timer);
    current = undefined;
    if (execution.error) {
      cleanOutput(execution.error.content);
      await publish(execution.error);
    }
    if (execution.reply) await reply(execution.peer, execution.reply);
    await publishStatus("idle", execution.request.header);
    const failed = execution.reply?.content.status === "error";
    if (failed && execution.request.content.stop_on_error !== false) {
      // ipykernel's abort: requests queued behind a failed cell do not run.
      for (const queued of queue.splice(0)) await abort(queued.request, queued.peer);
    }
    next();
  }

  async function abort(request: JupyterMessage, peer: Peer): Promise<void> {
    await publishStatus("busy", request.header);
    await reply(peer, {
      identities: [],
      header: newHeader("execute_reply", session, newId()),
      parent_header: request.header,
      metadata: { status: "aborted" },
      content: { status: "aborted", execution_count: null },
      buffers: [],
    });
    await publishStatus("idle", request.header);
  }

  async function fromFrontend(peer: Peer, frames: Uint8Array[], inner: Peer, isShell: boolean) {
    const message = decodeMessage(frames);
    debug("frontend →", message?.header.msg_type, message?.header.msg_id);
    if (!message) return;
    routes.set(message.header.msg_id, peer);
    if (isShell && message.header.msg_type === "execute_request") {
      queue.push({ request: message, peer });
      next();
      return;
    }
    // Pass through unchanged: the signature stays valid (same key).
    await inner.send(frames.slice(message.identities.length));
  }

  async function fromInnerReply(frames: Uint8Array[]) {
    const message = decodeMessage(frames);
    debug("kernel reply ←", message?.header.msg_type, message?.parent_header.msg_id);
    if (!message) return;
    const parentId = message.parent_header.msg_id ?? "";
    if (current && parentId === current.flushId) return; // the hidden request's reply
    if (
      current && parentId === current.request.header.msg_id &&
      message.header.msg_type === "execute_reply"
    ) {
      current.reply = message;
      await startFlush(current);
      return;
    }
    if (message.header.msg_type === "kernel_info_reply") {
      message.content.banner = `StackLab kernel (Deno ${message.content.implementation_version})`;
    }
    const peer = routes.get(parentId);
    routes.delete(parentId);
    await reply(peer, message);
  }

  async function fromInnerOutput(frames: Uint8Array[]) {
    const message = decodeMessage(frames);
    debug("kernel iopub ←", message?.header.msg_type, message?.parent_header.msg_id);
    if (!message) return;
    const type = message.header.msg_type;
    const parentId = message.parent_header.msg_id ?? "";
    if (type === FLUSH_MARKER) {
      if (current && message.content.token === current.flushId) await finish(current);
      return;
    }
    const owner = flushOwners.get(parentId);
    if (current?.timer !== undefined && (owner || parentId === current.request.header.msg_id)) {
      // Output is still draining: keep waiting for the marker.
      clearTimeout(current.timer);
      const execution = current;
      execution.timer = setTimeout(() => finish(execution), FLUSH_TIMEOUT_MS);
    }
    if (owner && (type === "status" || type === "execute_input")) return; // the hidden request
    if (current && parentId === current.request.header.msg_id && type === "status") {
      if (message.content.execution_state === "idle") return; // published after the marker
    }
    if (current && parentId === current.request.header.msg_id && type === "error") {
      // Deno sends a cell's error straight to iopub while the cell's earlier console
      // output may still wait in its drain queue; the error is the cell's last output,
      // so it goes out after the marker, just before the reply.
      current.error = message;
      return;
    }
    if (owner) message.parent_header = owner;
    cleanOutput(message.content);
    await publish(message);
  }

  innerIsUp();
  pump(innerShell, fromInnerReply);
  pump(innerControl, fromInnerReply);
  pump(innerIopub, fromInnerOutput);
  pump(innerStdin, async (frames) => {
    // input_request: to the stdin connection of the client that is executing
    // (jupyter-client gives its shell and stdin sockets the same identity).
    const asking = current?.peer ?? [...shellPeers.values()].at(-1);
    const peer = asking ? stdinPeers.get(keyOf(asking.identity)) : undefined;
    await (peer ?? [...stdinPeers.values()].at(-1))?.send(frames);
  });

  Deno.addSignalListener("SIGTERM", () => child.kill("SIGTERM"));
  Deno.addSignalListener("SIGINT", () => {/* interrupts arrive as messages */});

  const status = await child.status;
  await Deno.remove(innerFile).catch(() => {});
  // Give the last replies (e.g. shutdown_reply) a moment to leave.
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (const listener of listeners) listener.close();
  return status.code;
}

if (import.meta.main) {
  const file = Deno.args[0];
  if (!file) {
    console.error(
      "Usage: deno run -A src/kernel/front.ts CONNECTION_FILE (Jupyter passes {connection_file})",
    );
    Deno.exit(2);
  }
  Deno.exit(await runFront(file));
}
