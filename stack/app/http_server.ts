/**
 * A tiny HTTP/1.1 server on a simulated host: the application layer on top of
 * `tcpStack(host)`. It maps paths to handlers, as a web framework's router does:
 *
 * ```
 *   httpServer(b, { routes: { "/": handler } })      listen(80)
 *     SYN ──▶ accept ──▶ bytes ──▶ HttpMessageReader ──▶ request (one or more per read)
 *                                  handler(request) ──▶ reply ──▶ httpResponse(): status,
 *                                  Content-Type, Content-Length ──▶ emitHttp ──▶ socket.send
 *     unknown path → 404   handler throws → 500   unparseable bytes → 400 and close
 *     client FIN, or a request with "Connection: close" → close our side
 * ```
 *
 * Requests are read with `parseHttp` (`stack/wire/http.ts`) through an
 * `HttpMessageReader`, so a request split over many segments, or two pipelined requests
 * in one, are framed correctly; answers go out in order. Every answer is a row of `log`.
 *
 * @example A page fetched across two routers
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "../net/mod.ts";
 * import { httpGet } from "./http_client.ts";
 * import { httpServer } from "./http_server.ts";
 * const { net, a, b } = twoLansTwoRouters({ seed: 1 });
 * const server = httpServer(b, { routes: { "/": () => "<h1>hello</h1>" } });
 * const fetch = httpGet(a, "http://10.0.2.20/");
 * net.run();
 * assert.equal(new TextDecoder().decode(fetch.response?.body), "<h1>hello</h1>");
 * assert.deepEqual(server.log.map((row) => [row.method, row.target, row.status]), [["GET", "/", 200]]);
 * ```
 *
 * @module
 */

import type { Time } from "../../src/sim/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import {
  emitHttp,
  type HttpHeader,
  httpHeader,
  type HttpRequest,
  type HttpResponse,
} from "../wire/mod.ts";
import type { Host } from "../net/host.ts";
import type { TcpListener } from "../socket/tcp/listener.ts";
import type { TcpSettings, TcpSocket } from "../socket/tcp/socket.ts";
import { tcpStack } from "../socket/tcp_host.ts";
import { HttpMessageReader } from "./http_stream.ts";

/** Reason phrases of the status codes the server uses (RFC 9110 §15). */
const REASONS: Record<number, string> = {
  200: "OK",
  204: "No Content",
  400: "Bad Request",
  404: "Not Found",
  500: "Internal Server Error",
};

/**
 * What a handler may return: a body (string as UTF-8 text, bytes as octets), or a
 * status, headers and body.
 *
 * @example
 * ```ts
 * const reply: HttpReply = { status: 404, body: "no such page\n" };
 * ```
 */
export type HttpReply = string | Uint8Array | HttpReplyInit;

/**
 * The long form of {@linkcode HttpReply}.
 *
 * @example
 * ```ts
 * const reply: HttpReplyInit = { headers: [["Content-Type", "text/html"]], body: "<p>hi</p>" };
 * ```
 */
export interface HttpReplyInit {
  /** Status code. @default {200} */
  status?: number;
  /** Reason phrase. @default the standard one for the status, e.g. "OK" */
  reason?: string;
  /** Header fields; Content-Length is added. @default {[]} (plus a Content-Type) */
  headers?: HttpHeader[];
  /** The body. @default {""} */
  body?: string | Uint8Array;
}

/**
 * A route's handler: the request in, the reply out, called inside the simulation.
 *
 * @example
 * ```ts
 * const echo: HttpHandler = (request, { remote }) => `${request.method} ${request.target} from ${remote}\n`;
 * ```
 */
export type HttpHandler = (
  request: HttpRequest,
  context: { readonly remote: string; readonly t: Time },
) => HttpReply;

/**
 * Options of {@linkcode httpServer}.
 *
 * @example
 * ```ts
 * const options: HttpServerOptions = { port: 8080, routes: { "/": () => "home\n" } };
 * ```
 */
export interface HttpServerOptions {
  /** Paths (without query) and their handlers; other paths get 404. */
  routes: Record<string, HttpHandler>;
  /** TCP port. @default {80} */
  port?: number;
  /** TCP settings of accepted connections. @default {{}} */
  settings?: TcpSettings;
}

const handlerSchema = z.custom<HttpHandler>((value) => typeof value === "function", {
  message: "must be a function (request) => reply",
});
const serverSchema = z.strictObject({
  routes: z.record(z.string().startsWith("/"), handlerSchema),
  port: z.number().int().min(1).max(65535).default(80),
  settings: z.record(z.string(), z.unknown()).default({}),
});

/**
 * One answered request, as an access log line.
 *
 * @example
 * ```ts
 * const row: HttpLogRow = { t: 0, client: "10.0.1.10:40000", method: "GET", target: "/", status: 200, bytes: 14 };
 * ```
 */
export interface HttpLogRow {
  /** When the request was complete, ns. */
  readonly t: Time;
  /** Client address and port. */
  readonly client: string;
  /** Method ("-" for an unparseable request). */
  readonly method: string;
  /** Target ("-" for an unparseable request). */
  readonly target: string;
  /** Status sent. */
  readonly status: number;
  /** Body bytes sent. */
  readonly bytes: number;
}

/**
 * A running server; see {@linkcode httpServer}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "../net/mod.ts";
 * const { b } = twoLansTwoRouters({ seed: 1 });
 * const server = httpServer(b, { routes: {} });
 * assert.deepEqual([server.port, server.log.length], [80, 0]);
 * ```
 */
export class HttpServer {
  /** One row per request answered. */
  readonly log: HttpLogRow[] = [];
  /** The listening TCP port. */
  readonly listener: TcpListener;

  /** Made by {@linkcode httpServer}. */
  constructor(
    readonly host: Host,
    readonly port: number,
    readonly routes: Readonly<Record<string, HttpHandler>>,
    settings: TcpSettings,
  ) {
    this.listener = tcpStack(host).listen(port, {
      settings,
      onAccept: (socket) => this.#serve(socket),
    });
  }

  /**
   * Stop accepting connections (open ones finish).
   *
   * @example
   * ```ts
   * import { twoLansTwoRouters } from "../net/mod.ts";
   * httpServer(twoLansTwoRouters({ seed: 1 }).b, { routes: {} }).close();
   * ```
   */
  close(): void {
    this.listener.close();
  }

  #serve(socket: TcpSocket): void {
    const reader = new HttpMessageReader();
    let done = false;
    socket.onReadable(() => {
      if (done) return;
      const data = socket.recv();
      try {
        const requests = data.length > 0 ? reader.push(data) : [];
        if (socket.ended) requests.push(...reader.end());
        for (const request of requests) {
          if (request.kind !== "request") throw new TypeError("a response was sent to the server");
          this.#answer(socket, request);
          if (httpHeader(request.headers, "connection")?.toLowerCase() === "close") done = true;
        }
      } catch (error) {
        const body = `${(error as Error).message}\n`;
        this.#send(socket, { method: "-", target: "-" }, httpResponse({ status: 400, body }));
        done = true;
      }
      if (socket.ended) done = true;
      if (done) socket.close();
    });
  }

  #answer(socket: TcpSocket, request: HttpRequest): void {
    const path = request.target.split("?")[0];
    const handler = this.routes[path];
    let response: HttpResponse;
    let bytes: Uint8Array;
    try {
      response = httpResponse(
        handler === undefined
          ? { status: 404, body: `No route for ${path}; routes: ${Object.keys(this.routes)}\n` }
          : handler(request, { remote: socket.remote, t: this.host.sim.now }),
      );
      bytes = emitHttp(response); // checks status, reason and header syntax
    } catch (error) {
      const body = `The handler of ${path} failed: ${(error as Error).message}\n`;
      response = httpResponse({ status: 500, body });
      bytes = emitHttp(response);
    }
    this.#send(socket, request, response, bytes);
  }

  #send(
    socket: TcpSocket,
    request: { method: string; target: string },
    response: HttpResponse,
    bytes: Uint8Array = emitHttp(response),
  ): void {
    this.log.push({
      t: this.host.sim.now,
      client: socket.remote,
      method: request.method,
      target: request.target,
      status: response.status,
      bytes: response.body.length,
    });
    if (socket.state === "ESTABLISHED" || socket.state === "CLOSE-WAIT") {
      socket.send(bytes, { copy: false });
    }
  }
}

/**
 * The response a handler's reply stands for: status, reason, headers with
 * Content-Type (text for a string, octets for bytes, unless given) and Content-Length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const response = httpResponse("hi\n");
 * assert.deepEqual([response.status, response.reason], [200, "OK"]);
 * assert.deepEqual(response.headers, [["Content-Type", "text/plain; charset=utf-8"], ["Content-Length", "3"]]);
 * assert.throws(() => httpResponse(undefined as never), /a handler returns a string/);
 * ```
 */
export function httpResponse(reply: HttpReply): HttpResponse {
  if (reply === null || (typeof reply !== "string" && typeof reply !== "object")) {
    throw new TypeError(
      `Cannot make an HTTP response from ${String(reply)} (a ${typeof reply}): a handler ` +
        `returns a string, a Uint8Array, or { status, headers, body }.`,
    );
  }
  const init: HttpReplyInit = typeof reply === "string" || reply instanceof Uint8Array
    ? { body: reply }
    : reply;
  const status = init.status ?? 200;
  const raw = init.body ?? "";
  const body = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
  const headers: HttpHeader[] = (init.headers ?? []).filter(([name]) =>
    name.toLowerCase() !== "content-length"
  );
  if (httpHeader(headers, "content-type") === undefined && body.length > 0) {
    const type = typeof raw === "string"
      ? (raw.trimStart().startsWith("<") ? "text/html" : "text/plain") + "; charset=utf-8"
      : "application/octet-stream";
    headers.unshift(["Content-Type", type]);
  }
  const noBody = status < 200 || status === 204 || status === 304;
  if (!noBody) headers.push(["Content-Length", String(body.length)]);
  return {
    kind: "response",
    version: "HTTP/1.1",
    status,
    reason: init.reason ?? REASONS[status] ?? "",
    headers,
    body,
  };
}

/**
 * Serve `routes` on `host` (port 80 unless told): every connection is read with an
 * `HttpMessageReader` and every request answered by its route's handler (404 for an
 * unknown path, 500 if the handler throws, 400 for unparseable bytes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "../net/mod.ts";
 * import { httpGet } from "./http_client.ts";
 * const { net, a, b } = twoLansTwoRouters({ seed: 1 });
 * const server = httpServer(b, { routes: { "/": () => "home\n" } });
 * const missing = httpGet(a, "http://10.0.2.20/nowhere");
 * net.run();
 * assert.equal(missing.response?.status, 404);
 * assert.deepEqual(server.log.map((row) => [row.target, row.status]), [["/nowhere", 404]]);
 * assert.throws(() => httpServer(b, { routes: { "no-slash": () => "" } }), /routes/);
 * ```
 */
export function httpServer(host: Host, options: HttpServerOptions): HttpServer {
  const parsed = parseOptions(serverSchema, options, `start an HTTP server on ${host.name}`);
  return new HttpServer(host, parsed.port, parsed.routes, parsed.settings as TcpSettings);
}
