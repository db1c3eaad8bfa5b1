/**
 * A tiny HTTP/1.1 client on a simulated host: `httpGet(host, url)` fetches one URL the
 * way `curl http://10.0.2.20/` does, over `tcpStack(host)`, and records when each step
 * happened (curl's `-w %{time_connect} %{time_starttransfer} %{time_total}`):
 *
 * ```
 *   client a 10.0.1.10                               server b 10.0.2.20
 *   "start"        connect ── SYN ────────────────▶
 *   "connected"    ◀── SYN-ACK ── ACK ─────────────▶
 *   "request-sent" GET / HTTP/1.1 ────────────────▶  (httpServer answers)
 *   "first-byte"   ◀── HTTP/1.1 200 OK … ───────────
 *   "response"     (Content-Length bytes read) → close ── FIN ──▶
 *   "closed"       (after TIME-WAIT, 2·MSL)
 * ```
 *
 * The request is written with `emitHttp`; the response is read with `parseHttp` through
 * an `HttpMessageReader`, so a response split over many segments is framed correctly.
 * The client closes after one response (no connection reuse).
 *
 * A fetch fails with "connection refused" (the server's TCP answered RST), "no route to
 * host" or "protocol unreachable" (an ICMP error while connecting: Linux's `tcp_v4_err()`
 * ends a connection in SYN-SENT at once), or "connection timed out" (every SYN lost).
 * There is no DNS here: URLs name the server by IPv4 address.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "../net/mod.ts";
 * import { httpGet } from "./http_client.ts";
 * import { httpServer } from "./http_server.ts";
 * const { net, a, b } = twoLansTwoRouters({ seed: 1 });
 * httpServer(b, { routes: { "/": () => "<h1>hello</h1>" } });
 * const fetch = httpGet(a, "http://10.0.2.20/");
 * net.run();
 * assert.equal(fetch.response?.status, 200);
 * assert.deepEqual(fetch.timing.map((row) => row.event),
 *   ["start", "connected", "request-sent", "first-byte", "response", "closed"]);
 * ```
 *
 * @module
 */

import type { Time } from "../../src/sim/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import {
  emitHttp,
  type HttpHeader,
  type HttpRequest,
  type HttpResponse,
  parseIpv4Address,
} from "../wire/mod.ts";
import type { Host } from "../net/host.ts";
import type { TcpSettings, TcpSocket } from "../socket/tcp/socket.ts";
import { tcpStack } from "../socket/tcp_host.ts";
import { HttpMessageReader } from "./http_stream.ts";

/** What ICMP destination-unreachable codes mean to a connecting client (RFC 792). */
const UNREACHABLE: Record<number, string> = {
  0: "network unreachable",
  1: "no route to host",
  2: "protocol unreachable",
  3: "connection refused",
};

/**
 * Where to send a request, when not given as a URL.
 *
 * @example
 * ```ts
 * const where: HttpTarget = { address: "10.0.2.20", port: 8080, path: "/status" };
 * ```
 */
export interface HttpTarget {
  /** Server's IPv4 address. */
  address: string;
  /** TCP port. @default {80} */
  port?: number;
  /** Request target: path and query. @default {"/"} */
  path?: string;
}

/**
 * Options of {@linkcode httpGet}.
 *
 * @example
 * ```ts
 * const options: HttpGetOptions = { headers: [["Accept", "text/html"]], onResponse: (r) => console.log(r.status) };
 * ```
 */
export interface HttpGetOptions {
  /** Header fields after Host, User-Agent and Accept (same name: replaces). @default {[]} */
  headers?: HttpHeader[];
  /** Called inside the simulation when the response is complete. @default none */
  onResponse?: (response: HttpResponse) => void;
  /** Called inside the simulation when the fetch fails. @default none */
  onError?: (error: string) => void;
  /** TCP settings of the connection. @default {{}} */
  settings?: TcpSettings;
}

const getSchema = z.strictObject({
  headers: z.array(z.tuple([z.string(), z.string()])).default([]),
  onResponse: z.custom<(response: HttpResponse) => void>((v) => typeof v === "function", {
    message: "must be a function",
  }).optional(),
  onError: z.custom<(error: string) => void>((v) => typeof v === "function", {
    message: "must be a function",
  }).optional(),
  settings: z.record(z.string(), z.unknown()).default({}),
});
const targetSchema = z.strictObject({
  address: z.string(),
  port: z.number().int().min(1).max(65535).default(80),
  path: z.string().startsWith("/").default("/"),
});

/**
 * A step of a fetch, curl `-w` style: when it happened and how long since the start.
 *
 * @example
 * ```ts
 * const row: HttpTimingRow = { t: 1_000_000, event: "connected", elapsed: 1_000_000, detail: "10.0.1.10:40000 → 10.0.2.20:80" };
 * ```
 */
export interface HttpTimingRow {
  /** Simulated time, ns. */
  readonly t: Time;
  /** "start", "connected", "request-sent", "first-byte", "response", "closed" or "error". */
  readonly event: string;
  /** ns since "start". */
  readonly elapsed: Time;
  /** Addresses, sizes, the error. */
  readonly detail: string;
}

/**
 * One fetch in progress or done; see {@linkcode httpGet}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "../net/mod.ts";
 * const { a } = twoLansTwoRouters({ seed: 1 });
 * const fetch = httpGet(a, { address: "10.0.2.20", path: "/a?b=c" });
 * assert.equal(fetch.request.target, "/a?b=c");
 * assert.equal(fetch.response, null);
 * ```
 */
export class HttpGet {
  /** The response, once complete. */
  response: HttpResponse | null = null;
  /** Why the fetch failed, or null. */
  error: string | null = null;
  /** The steps so far. */
  readonly timing: HttpTimingRow[] = [];
  /** The TCP connection. */
  readonly socket: TcpSocket;
  #waiters: { resolve: (r: HttpResponse) => void; reject: (e: Error) => void }[] = [];
  #options: z.output<typeof getSchema>;

  /** Made by {@linkcode httpGet}. */
  constructor(
    readonly host: Host,
    readonly request: HttpRequest,
    where: { address: string; port: number },
    options: z.output<typeof getSchema>,
  ) {
    this.#options = options;
    const start = host.sim.now;
    const mark = (event: string, detail: string) =>
      this.timing.push({ t: host.sim.now, event, elapsed: host.sim.now - start, detail });
    const socket = this.socket = tcpStack(host).connect(where.address, where.port, {
      ...(options.settings as TcpSettings),
    });
    const route = `${tcpStack(host).address}:${socket.localPort} → ${where.address}:${where.port}`;
    mark("start", route);
    const bytes = emitHttp(request);
    const reader = new HttpMessageReader();
    // Linux tcp_v4_err(): an ICMP error about a connection still in SYN-SENT ends it, so
    // curl reports "No route to host" at once instead of after every SYN retry.
    const stopIcmp = tcpStack(host).onIcmpError((error) => {
      if (error.localPort !== socket.localPort || socket.state !== "SYN-SENT") return;
      const what = error.kind === "timeExceeded"
        ? "TTL exceeded in transit"
        : (UNREACHABLE[error.code] ?? `destination unreachable (code ${error.code})`);
      this.#fail(mark, `${what}: ICMP from ${error.from}`);
      socket.abort();
    });
    socket.onState((_, to) => {
      if (to === "ESTABLISHED") {
        mark("connected", route);
        socket.send(bytes, { copy: false });
        mark("request-sent", `${bytes.length} bytes: ${request.method} ${request.target}`);
      }
      if (to === "CLOSED") {
        stopIcmp();
        if (this.response === null && this.error === null) {
          this.#fail(mark, socket.error ?? "connection closed before a response");
        } else if (this.error === null) mark("closed", route);
      }
    });
    socket.onReadable(() => {
      if (this.response !== null || this.error !== null) {
        socket.recv();
        return;
      }
      const data = socket.recv();
      if (data.length > 0 && !this.timing.some((row) => row.event === "first-byte")) {
        mark("first-byte", `${data.length} bytes`);
      }
      let messages;
      try {
        messages = data.length > 0 ? reader.push(data) : [];
        if (socket.ended && messages.length === 0) messages = reader.end();
      } catch (error) {
        this.#fail(mark, (error as Error).message);
        socket.abort();
        return;
      }
      const response = messages[0];
      if (response === undefined) {
        if (socket.ended) this.#fail(mark, "connection closed before a response");
        return;
      }
      if (response.kind !== "response") {
        this.#fail(mark, "the server sent a request, not a response");
        socket.abort();
        return;
      }
      this.response = response;
      mark("response", `${response.status} ${response.reason}, ${response.body.length} body bytes`);
      socket.close();
      this.#options.onResponse?.(response);
      for (const waiter of this.#waiters.splice(0)) waiter.resolve(response);
    });
  }

  /**
   * A promise of the response (rejected if the fetch fails). JavaScript settles it only
   * after `net.run()` returns: use it to read results, not to drive the simulation.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { twoLansTwoRouters } from "../net/mod.ts";
   * import { httpServer } from "./http_server.ts";
   * const { net, a, b } = twoLansTwoRouters({ seed: 1 });
   * httpServer(b, { routes: { "/": () => "ok" } });
   * const fetch = httpGet(a, "http://10.0.2.20/");
   * net.run();
   * assert.equal((await fetch.result()).status, 200);
   * const refused = httpGet(a, "http://10.0.2.20:81/");
   * net.run();
   * await assert.rejects(refused.result(), /connection refused/);
   * ```
   */
  result(): Promise<HttpResponse> {
    if (this.response !== null) return Promise.resolve(this.response);
    if (this.error !== null) return Promise.reject(new Error(this.#describe()));
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  #describe(): string {
    return `GET ${this.request.target} from ${this.host.name} failed: ${this.error}`;
  }

  #fail(mark: (event: string, detail: string) => void, error: string): void {
    if (this.error !== null || this.response !== null) return;
    this.error = error;
    mark("error", error);
    this.#options.onError?.(error);
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error(this.#describe()));
  }
}

/**
 * Fetch `target` from `host` with a GET request: a URL (`"http://10.0.2.20:8080/page"`)
 * or an {@linkcode HttpTarget}. Returns at once; the fetch happens as the simulation
 * runs, and its `response`, `error` and `timing` fill in.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitHttp } from "../wire/mod.ts";
 * import { twoLansTwoRouters } from "../net/mod.ts";
 * const { a } = twoLansTwoRouters({ seed: 1 });
 * const fetch = httpGet(a, "http://10.0.2.20:8080/status?verbose=1");
 * assert.equal(new TextDecoder().decode(emitHttp(fetch.request)),
 *   "GET /status?verbose=1 HTTP/1.1\r\nHost: 10.0.2.20:8080\r\nUser-Agent: stacklab\r\nAccept: *\/*\r\n\r\n");
 * assert.throws(() => httpGet(a, "http://example.com/"), /no DNS/);
 * ```
 */
export function httpGet(
  host: Host,
  target: string | HttpTarget,
  options: HttpGetOptions = {},
): HttpGet {
  const action = `GET ${typeof target === "string" ? target : JSON.stringify(target)}`;
  const parsed = parseOptions(getSchema, options, action);
  const where = typeof target === "string"
    ? parseUrl(target)
    : parseOptions(targetSchema, target, action);
  try {
    parseIpv4Address(where.address);
  } catch {
    throw new TypeError(
      `Cannot ${action}: the server ${JSON.stringify(where.address)} is not an IPv4 address ` +
        `and there is no DNS in this simulation. Name it by address, e.g. http://10.0.2.20/.`,
    );
  }
  const authority = where.port === 80 ? where.address : `${where.address}:${where.port}`;
  const headers = new Map<string, HttpHeader>();
  const defaults: HttpHeader[] = [["Host", authority], ["User-Agent", "stacklab"], [
    "Accept",
    "*/*",
  ]];
  for (const header of [...defaults, ...parsed.headers]) {
    headers.set(header[0].toLowerCase(), header);
  }
  const request: HttpRequest = {
    kind: "request",
    method: "GET",
    target: where.path,
    version: "HTTP/1.1",
    headers: [...headers.values()],
    body: new Uint8Array(0),
  };
  return new HttpGet(host, request, where, parsed);
}

function parseUrl(text: string): { address: string; port: number; path: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SyntaxError(
      `Cannot GET ${
        JSON.stringify(text)
      }: it is not a URL. Write http://<IPv4 address>[:port]/path, ` +
        `e.g. http://10.0.2.20/index.html.`,
    );
  }
  if (url.protocol !== "http:") {
    throw new RangeError(
      `Cannot GET ${text}: scheme ${url.protocol} is not modelled (no TLS here). Use http://.`,
    );
  }
  return {
    address: url.hostname,
    port: url.port === "" ? 80 : Number(url.port),
    path: `${url.pathname}${url.search}`,
  };
}
