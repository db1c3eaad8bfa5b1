/**
 * HTTP/1.1 messages (RFC 9112): the application layer of this chapter, plain text carried
 * in TCP segments. A request names a method and a target; a response gives a status; both
 * carry header fields and an optional body whose length is framed by `Content-Length` or
 * by chunked transfer coding.
 *
 * Usage: `parseHttp(tcpRepr.payload)` gives a request or a response (tagged by `kind`);
 * `emitHttp(message)` writes one; `formatHttp(message)` prints its start line.
 *
 * Message layout (RFC 9112 §2.1):
 *
 *     HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]
 *
 *     GET /index.html HTTP/1.1\r\n            request-line = method SP request-target SP HTTP-version (§3)
 *     Host: 10.0.1.2\r\n                      field-line = field-name ":" OWS field-value OWS (§5)
 *     \r\n                                    empty line: end of the header section
 *
 *     HTTP/1.1 200 OK\r\n                     status-line = HTTP-version SP status-code SP [reason-phrase] (§4)
 *     Content-Length: 5\r\n                   body length (§6.3): chunked, else Content-Length,
 *     \r\n                                    else none for a request / until close for a response
 *     hello
 *
 * Text errors throw `HttpSyntaxError`; a message cut short throws `TruncatedError` (wait for
 * more bytes). One call parses one message: bytes after it are an error naming the offset.
 *
 * @module
 */

import { HttpSyntaxError, TruncatedError, WireError } from "./errors.ts";
import type { WireField } from "./_bytes.ts";

/**
 * A header field as `[name, value]`; names keep their case, lookups ignore it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const header: HttpHeader = ["Content-Type", "text/plain"];
 * assert.equal(httpHeader([header], "content-type"), "text/plain");
 * ```
 */
export type HttpHeader = readonly [name: string, value: string];

/**
 * An HTTP request as plain data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const request: HttpRequest = {
 *   kind: "request", method: "GET", target: "/", version: "HTTP/1.1", headers: [["Host", "10.0.1.2"]], body: new Uint8Array(),
 * };
 * assert.equal(new TextDecoder().decode(emitHttp(request)), "GET / HTTP/1.1\r\nHost: 10.0.1.2\r\n\r\n");
 * ```
 */
export interface HttpRequest {
  /** Tag. */
  readonly kind: "request";
  /** Method token, e.g. `"GET"`. */
  readonly method: string;
  /** Request target, e.g. `"/index.html"`. */
  readonly target: string;
  /** Protocol version, e.g. `"HTTP/1.1"`. */
  readonly version: string;
  /** Header fields in order. */
  readonly headers: readonly HttpHeader[];
  /** Body (decoded when chunked). */
  readonly body: Uint8Array;
}

/**
 * An HTTP response as plain data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const response: HttpResponse = {
 *   kind: "response", version: "HTTP/1.1", status: 204, reason: "No Content", headers: [], body: new Uint8Array(),
 * };
 * assert.deepEqual(parseHttp(emitHttp(response)), response);
 * ```
 */
export interface HttpResponse {
  /** Tag. */
  readonly kind: "response";
  /** Protocol version, e.g. `"HTTP/1.1"`. */
  readonly version: string;
  /** Status code, 100–999. */
  readonly status: number;
  /** Reason phrase, e.g. `"OK"` (may be empty). */
  readonly reason: string;
  /** Header fields in order. */
  readonly headers: readonly HttpHeader[];
  /** Body (decoded when chunked). */
  readonly body: Uint8Array;
}

/**
 * A request or a response.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const message: HttpMessage = parseHttp(new TextEncoder().encode("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
 * assert.equal(message.kind, "response");
 * ```
 */
export type HttpMessage = HttpRequest | HttpResponse;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/; // RFC 9110 §5.6.2 token = 1*tchar
const VERSION = /^HTTP\/[0-9]\.[0-9]$/; // RFC 9112 §2.3
const TARGET = /^[\x21-\x7e]+$/; // visible ASCII, no spaces (RFC 9112 §3.2)
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/; // RFC 9110 §5.5: no CR, LF, NUL or other CTLs

/**
 * The value of the first header named `name` (case-insensitive), or `undefined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(httpHeader([["Content-Length", "5"]], "content-length"), "5");
 * ```
 */
export function httpHeader(headers: readonly HttpHeader[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of headers) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function syntax(field: string, offset: number, problem: string, fix: string): HttpSyntaxError {
  return new HttpSyntaxError({ field, offset, problem, fix });
}

/** Latin-1 text of `bytes[start, end)` (HTTP field bytes are opaque octets, RFC 9110 §5.5). */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let i = start; i < end; i += 4096) {
    text += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  }
  return text;
}

function indexOfCrlf(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10) return i;
  }
  return -1;
}

function isChunked(headers: readonly HttpHeader[]): boolean | undefined {
  const coding = httpHeader(headers, "transfer-encoding");
  if (coding === undefined) return undefined;
  const codings = coding.split(",").map((c) => c.trim().toLowerCase());
  return codings[codings.length - 1] === "chunked";
}

/** Content-Length as a number, or undefined; throws on a malformed or conflicting value. */
function contentLength(headers: readonly HttpHeader[], offset: number): number | undefined {
  let length: number | undefined;
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== "content-length") continue;
    if (!/^[0-9]{1,15}$/.test(value)) {
      throw syntax(
        "headers.content-length",
        offset,
        `Content-Length ${JSON.stringify(value)} is not a decimal number`,
        "Write the body length in bytes, e.g. Content-Length: 5.",
      );
    }
    const parsed = Number(value);
    if (length !== undefined && parsed !== length) {
      throw syntax(
        "headers.content-length",
        offset,
        `Content-Length appears as both ${length} and ${parsed}`,
        "Send one Content-Length (RFC 9112 §6.3).",
      );
    }
    length = parsed;
  }
  return length;
}

/** Decode a chunked body starting at `at`; returns the body and the offset after the message. */
function decodeChunked(bytes: Uint8Array, at: number): { body: Uint8Array; end: number } {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const lineEnd = indexOfCrlf(bytes, at);
    if (lineEnd < 0) {
      throw new TruncatedError({
        layer: "HTTP",
        field: "body.chunkSize",
        offset: at,
        needed: bytes.length + 1,
        available: bytes.length,
        problem: "the chunk-size line has no CRLF yet",
      });
    }
    const line = latin1(bytes, at, lineEnd);
    const size = line.split(";")[0].trim();
    if (!/^[0-9A-Fa-f]{1,8}$/.test(size)) {
      throw syntax(
        "body.chunkSize",
        at,
        `chunk size ${JSON.stringify(size)} is not hexadecimal`,
        "Each chunk starts with its size in hex and CRLF (RFC 9112 §7.1).",
      );
    }
    const length = parseInt(size, 16);
    const data = lineEnd + 2;
    if (length === 0) {
      // Skip the trailer section up to its empty line (RFC 9112 §7.1.2).
      let line = data;
      for (;;) {
        const next = indexOfCrlf(bytes, line);
        if (next < 0) {
          throw new TruncatedError({
            layer: "HTTP",
            field: "body.trailers",
            offset: line,
            needed: bytes.length + 1,
            available: bytes.length,
            problem: "the chunked body has no final empty line yet",
          });
        }
        if (next === line) return { body: join(parts, total), end: next + 2 };
        line = next + 2;
      }
    }
    if (data + length + 2 > bytes.length) {
      throw new TruncatedError({
        layer: "HTTP",
        field: "body.chunk",
        offset: data,
        needed: data + length + 2,
        available: bytes.length,
      });
    }
    if (bytes[data + length] !== 13 || bytes[data + length + 1] !== 10) {
      throw syntax(
        "body.chunk",
        data + length,
        `the ${length}-byte chunk is not followed by CRLF`,
        "Check the chunk size.",
      );
    }
    parts.push(bytes.subarray(data, data + length));
    total += length;
    at = data + length + 2;
  }
}

function join(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Read one HTTP/1.1 message: a response if it starts with `HTTP/`, else a request.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HttpSyntaxError } from "./errors.ts";
 * const text = "GET /index.html HTTP/1.1\r\nHost: 10.0.1.2\r\nUser-Agent: stacklab\r\n\r\n";
 * const message = parseHttp(new TextEncoder().encode(text));
 * assert.equal(message.kind, "request");
 * if (message.kind === "request") assert.equal(message.target, "/index.html");
 * assert.throws(() => parseHttp(new TextEncoder().encode("GET /\r\n\r\n")), HttpSyntaxError);
 * ```
 */
export function parseHttp(bytes: Uint8Array): HttpMessage {
  const lineEnd = indexOfCrlf(bytes, 0);
  if (lineEnd < 0) {
    if (bytes.indexOf(10) >= 0) {
      throw syntax(
        "startLine",
        bytes.indexOf(10),
        "the start line ends in a bare LF",
        "End every line with CRLF (\\r\\n).",
      );
    }
    throw new TruncatedError({
      layer: "HTTP",
      field: "startLine",
      offset: 0,
      needed: bytes.length + 2,
      available: bytes.length,
      problem: "the start line has no CRLF yet",
    });
  }
  const startLine = latin1(bytes, 0, lineEnd);
  const parts = startLine.split(" ");
  let head: { kind: "request"; method: string; target: string; version: string } | {
    kind: "response";
    version: string;
    status: number;
    reason: string;
  };
  if (startLine.startsWith("HTTP/")) {
    if (!VERSION.test(parts[0])) {
      throw syntax(
        "version",
        0,
        `version ${JSON.stringify(parts[0])} is not HTTP/<digit>.<digit>`,
        "Start the status line with HTTP/1.1.",
      );
    }
    if (parts.length < 2 || !/^[1-9][0-9]{2}$/.test(parts[1])) {
      throw syntax(
        "status",
        parts[0].length + 1,
        `status ${JSON.stringify(parts[1] ?? "")} is not a 3-digit code`,
        "Write the status line as HTTP/1.1 200 OK.",
      );
    }
    head = {
      kind: "response",
      version: parts[0],
      status: Number(parts[1]),
      reason: parts.slice(2).join(" "),
    };
  } else {
    if (parts.length !== 3) {
      throw syntax(
        "startLine",
        0,
        `request line ${JSON.stringify(startLine.slice(0, 80))} has ${parts.length} part${
          parts.length === 1 ? "" : "s"
        }, not 3`,
        "Write METHOD SP TARGET SP HTTP/1.1, separated by single spaces.",
      );
    }
    const [method, target, version] = parts;
    if (!TOKEN.test(method)) {
      throw syntax(
        "method",
        0,
        `method ${JSON.stringify(method)} is not a token`,
        "Use a method such as GET or POST.",
      );
    }
    if (!TARGET.test(target)) {
      throw syntax(
        "target",
        method.length + 1,
        `target ${JSON.stringify(target)} has control characters`,
        "Percent-encode the target.",
      );
    }
    if (!VERSION.test(version)) {
      throw syntax(
        "version",
        method.length + target.length + 2,
        `version ${JSON.stringify(version)} is not HTTP/<digit>.<digit>`,
        "End the request line with HTTP/1.1.",
      );
    }
    head = { kind: "request", method, target, version };
  }

  const headers: HttpHeader[] = [];
  let at = lineEnd + 2;
  for (;;) {
    const end = indexOfCrlf(bytes, at);
    if (end < 0) {
      throw new TruncatedError({
        layer: "HTTP",
        field: "headers",
        offset: at,
        needed: bytes.length + 2,
        available: bytes.length,
        problem: "the header section has no empty line yet",
      });
    }
    if (end === at) {
      at += 2;
      break;
    }
    const line = latin1(bytes, at, end);
    if (line[0] === " " || line[0] === "\t") {
      throw syntax(
        "headers",
        at,
        "a header line starts with whitespace (obsolete line folding)",
        "Put each field on one line (RFC 9112 §5.2).",
      );
    }
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon) : "";
    if (!TOKEN.test(name)) {
      throw syntax(
        "headers",
        at,
        `header line ${JSON.stringify(line.slice(0, 80))} has no valid "name:"`,
        "Write Name: value, with no space before the colon (RFC 9112 §5.1).",
      );
    }
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
    if (!FIELD_VALUE.test(value)) {
      throw syntax(
        `headers.${name.toLowerCase()}`,
        at,
        `the value of ${name} has control characters`,
        "Remove CR, LF and NUL from header values.",
      );
    }
    headers.push([name, value]);
    at = end + 2;
  }

  // Body length, RFC 9112 §6.3.
  let body: Uint8Array;
  let end: number;
  const chunked = isChunked(headers);
  const length = contentLength(headers, lineEnd + 2);
  const noBody = head.kind === "response" &&
    (head.status < 200 || head.status === 204 || head.status === 304);
  if (noBody) {
    body = bytes.subarray(at, at);
    end = at;
  } else if (chunked === true) {
    ({ body, end } = decodeChunked(bytes, at));
  } else if (chunked === false && head.kind === "request") {
    throw syntax(
      "headers.transfer-encoding",
      lineEnd + 2,
      "a request's Transfer-Encoding does not end in chunked",
      "Send chunked last (RFC 9112 §6.3).",
    );
  } else if (length !== undefined) {
    if (at + length > bytes.length) {
      throw new TruncatedError({
        layer: "HTTP",
        field: "body",
        offset: at,
        needed: at + length,
        available: bytes.length,
        problem: `Content-Length ${length} needs ${length} body bytes but only ${
          bytes.length - at
        } are present`,
      });
    }
    body = bytes.subarray(at, at + length);
    end = at + length;
  } else if (head.kind === "response") {
    body = bytes.subarray(at); // delimited by the connection closing
    end = bytes.length;
  } else {
    body = bytes.subarray(at, at);
    end = at;
  }
  if (end < bytes.length) {
    throw syntax(
      "body",
      end,
      `${bytes.length - end} bytes follow the end of the message`,
      "Parse them as the next message, or fix Content-Length.",
    );
  }
  return { ...head, headers, body };
}

/** A learner's typo in a message literal gets a TypeError naming the field, not a crash inside. */
function checkMessageShape(message: HttpMessage): void {
  const value = message as unknown as Record<string, unknown>;
  if (
    value === null || typeof value !== "object" ||
    (value.kind !== "request" && value.kind !== "response")
  ) {
    throw new TypeError(
      `Cannot emit HTTP: kind is ${JSON.stringify(value?.kind)}; ` +
        `use { kind: "request", method, target, version, headers, body } or { kind: "response", … }`,
    );
  }
  const headers = value.headers;
  if (!Array.isArray(headers)) {
    throw new TypeError(
      `Cannot emit HTTP: headers must be an array of [name, value] pairs (got ${typeof headers}); ` +
        `e.g. headers: [["Host", "example.test"]]`,
    );
  }
  headers.forEach((header, i) => {
    if (
      !Array.isArray(header) || header.length !== 2 || typeof header[0] !== "string" ||
      typeof header[1] !== "string"
    ) {
      throw new TypeError(
        `Cannot emit HTTP: headers[${i}] is ${
          JSON.stringify(header)
        }, not a [name, value] pair of strings; ` +
          `write it as ["Host", "example.test"]`,
      );
    }
  });
  if (!(value.body instanceof Uint8Array)) {
    throw new TypeError(
      `Cannot emit HTTP: body must be a Uint8Array (got ${typeof value.body}); ` +
        `use new Uint8Array() for none or new TextEncoder().encode("text")`,
    );
  }
}

function emitError(field: string, offset: number, problem: string, fix: string): WireError {
  return new WireError({ layer: "HTTP", field, offset, problem, fix, action: "emit" });
}

/**
 * Write one HTTP/1.1 message. Headers are written as given; the body must match them: with
 * `Transfer-Encoding: chunked` it is sent as one chunk, else a non-empty request body needs
 * a `Content-Length` equal to its length (a response without one is delimited by close).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const response: HttpResponse = {
 *   kind: "response", version: "HTTP/1.1", status: 200, reason: "OK",
 *   headers: [["Content-Length", "5"]], body: new TextEncoder().encode("hello"),
 * };
 * const bytes = emitHttp(response);
 * assert.equal(new TextDecoder().decode(bytes), "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
 * assert.deepEqual(parseHttp(bytes), response);
 * ```
 */
export function emitHttp(message: HttpMessage): Uint8Array {
  checkMessageShape(message);
  let startLine: string;
  if (message.kind === "request") {
    if (!TOKEN.test(message.method)) {
      throw emitError(
        "method",
        0,
        `method ${JSON.stringify(message.method)} is not a token`,
        "Use a method such as GET.",
      );
    }
    if (!TARGET.test(message.target)) {
      throw emitError(
        "target",
        message.method.length + 1,
        `target ${JSON.stringify(message.target)} is empty or has spaces or control characters`,
        "Percent-encode the target.",
      );
    }
    if (!VERSION.test(message.version)) {
      throw emitError(
        "version",
        0,
        `version ${JSON.stringify(message.version)} is not HTTP/<digit>.<digit>`,
        'Use "HTTP/1.1".',
      );
    }
    startLine = `${message.method} ${message.target} ${message.version}`;
  } else {
    if (!VERSION.test(message.version)) {
      throw emitError(
        "version",
        0,
        `version ${JSON.stringify(message.version)} is not HTTP/<digit>.<digit>`,
        'Use "HTTP/1.1".',
      );
    }
    if (!(Number.isInteger(message.status) && message.status >= 100 && message.status <= 999)) {
      throw emitError(
        "status",
        9,
        `status ${message.status} is not a 3-digit code`,
        "Use 100 to 999.",
      );
    }
    if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(message.reason)) {
      throw emitError(
        "reason",
        13,
        "the reason phrase has control characters",
        "Remove CR and LF.",
      );
    }
    startLine = `${message.version} ${message.status} ${message.reason}`;
  }
  let text = startLine + "\r\n";
  for (const [name, value] of message.headers) {
    if (!TOKEN.test(name)) {
      throw emitError(
        "headers",
        text.length,
        `header name ${JSON.stringify(name)} is not a token`,
        "Use letters, digits and - in names.",
      );
    }
    if (!FIELD_VALUE.test(value) || value !== value.trim()) {
      throw emitError(
        `headers.${name.toLowerCase()}`,
        text.length,
        `the value of ${name} has control characters or surrounding whitespace`,
        "Remove CR, LF, NUL and outer spaces.",
      );
    }
    text += `${name}: ${value}\r\n`;
  }
  text += "\r\n";
  const headerBytes = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  const body = message.body;
  const noBody = message.kind === "response" &&
    (message.status < 200 || message.status === 204 || message.status === 304);
  if (noBody && body.length > 0) {
    throw emitError(
      "body",
      text.length,
      `status ${
        message.kind === "response" ? message.status : ""
      } has no body but ${body.length} bytes were given`,
      "Drop the body.",
    );
  }
  const chunked = isChunked(message.headers);
  let framed: Uint8Array;
  if (chunked === true) {
    // One chunk holding the whole body, then the last chunk and an empty trailer section.
    const encoder = new TextEncoder();
    const parts = body.length > 0
      ? [encoder.encode(`${body.length.toString(16)}\r\n`), body, encoder.encode("\r\n0\r\n\r\n")]
      : [encoder.encode("0\r\n\r\n")];
    framed = join(parts, parts.reduce((sum, part) => sum + part.length, 0));
  } else {
    const length = contentLength(message.headers, startLine.length + 2);
    if (length !== undefined && length !== body.length) {
      throw emitError(
        "headers.content-length",
        startLine.length + 2,
        `Content-Length ${length} differs from the ${body.length}-byte body`,
        `Set Content-Length to ${body.length}.`,
      );
    }
    if (length === undefined && body.length > 0 && message.kind === "request") {
      throw emitError(
        "headers.content-length",
        startLine.length + 2,
        `the ${body.length}-byte request body has no Content-Length`,
        `Add ["Content-Length", "${body.length}"] to the headers.`,
      );
    }
    framed = body;
  }
  const out = new Uint8Array(headerBytes.length + framed.length);
  out.set(headerBytes);
  out.set(framed, headerBytes.length);
  return out;
}

/**
 * The start line, tcpdump `-A` style: `HTTP: GET /index.html HTTP/1.1`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const response: HttpResponse = {
 *   kind: "response", version: "HTTP/1.1", status: 404, reason: "Not Found", headers: [], body: new Uint8Array(),
 * };
 * assert.equal(formatHttp(response), "HTTP: HTTP/1.1 404 Not Found");
 * ```
 */
export function formatHttp(message: HttpMessage): string {
  return message.kind === "request"
    ? `HTTP: ${message.method} ${message.target} ${message.version}`
    : `HTTP: ${message.version} ${message.status} ${message.reason}`.trimEnd();
}

/**
 * A read-only view of the lines of an HTTP message, for dissection: it never throws and
 * reports each line's byte range even when the message is malformed or cut short.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const view = new HttpView(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
 * assert.equal(view.startLine, "GET / HTTP/1.1");
 * assert.deepEqual(view.fields().map((f) => [f.field, f.start, f.end]), [
 *   ["startLine", 0, 16],
 *   ["headers.host", 16, 25],
 *   ["endOfHeaders", 25, 27],
 * ]);
 * ```
 */
export class HttpView {
  /** Wrap `bytes` (the message starts at `bytes[0]`). */
  constructor(readonly bytes: Uint8Array) {}

  /** The text before the first CRLF (or all of it). */
  get startLine(): string {
    const end = indexOfCrlf(this.bytes, 0);
    return latin1(this.bytes, 0, end < 0 ? Math.min(this.bytes.length, 200) : end);
  }

  /** Each line with its byte range (CRLF included), then the body. */
  fields(): WireField[] {
    const rows: WireField[] = [];
    const bytes = this.bytes;
    let at = 0;
    let first = true;
    while (at < bytes.length) {
      const end = indexOfCrlf(bytes, at);
      if (end < 0) {
        rows.push({
          field: "incomplete",
          value: latin1(bytes, at, Math.min(bytes.length, at + 80)),
          start: at,
          end: bytes.length,
        });
        return rows;
      }
      const line = latin1(bytes, at, end);
      if (first) {
        rows.push({ field: "startLine", value: line, start: at, end: end + 2 });
        first = false;
      } else if (end === at) {
        rows.push({ field: "endOfHeaders", value: "CRLF", start: at, end: end + 2 });
        at = end + 2;
        break;
      } else {
        const colon = line.indexOf(":");
        const name = colon > 0 ? line.slice(0, colon).toLowerCase() : "malformed";
        rows.push({
          field: `headers.${name}`,
          value: line.slice(colon + 1).trim(),
          start: at,
          end: end + 2,
        });
      }
      at = end + 2;
    }
    if (at < bytes.length) {
      rows.push({
        field: "body",
        value: `${bytes.length - at} bytes`,
        start: at,
        end: bytes.length,
      });
    }
    return rows;
  }
}
