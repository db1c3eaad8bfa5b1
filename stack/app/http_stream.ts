/**
 * HTTP messages out of a TCP byte stream. TCP delivers bytes, not messages: one
 * `recv()` may hold half a request line, or the end of one response and the start of
 * the next. An `HttpMessageReader` gathers the bytes and hands out each message once
 * it is complete, framed as RFC 9112 §6.3 says:
 *
 * ```
 *   segments:  |GET / HTTP/1.1\r\nHo|st: b\r\n\r\n|HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel|lo|
 *   reader:     wait (no empty line)  → request     wait (5 body bytes announced, 3 here)    → response
 *
 *   body length: chunked → until the last chunk; Content-Length: n → n bytes;
 *                a response with neither → until the connection closes (end());
 *                a request with neither → no body
 * ```
 *
 * Parsing is `parseHttp` of `stack/wire`, retried as bytes arrive: a `TruncatedError`
 * means "wait for more", a complete message followed by more bytes is cut at its end.
 * Once a Content-Length is known, the reader waits for all of the body before parsing
 * again, so a large body costs one parse, not one per segment.
 *
 * @example A request split across three segments
 * ```ts
 * import assert from "node:assert/strict";
 * import { HttpMessageReader } from "./http_stream.ts";
 * const reader = new HttpMessageReader();
 * const bytes = (text: string) => new TextEncoder().encode(text);
 * assert.deepEqual(reader.push(bytes("GET /index.html HT")), []);
 * assert.deepEqual(reader.push(bytes("TP/1.1\r\nHost: 10.0.2.20\r\n")), []);
 * const [request] = reader.push(bytes("\r\n"));
 * assert.equal(request.kind === "request" && request.target, "/index.html");
 * ```
 *
 * @module
 */

import {
  httpHeader,
  type HttpMessage,
  HttpSyntaxError,
  parseHttp,
  TruncatedError,
} from "../wire/mod.ts";

/**
 * Turns a byte stream into HTTP messages; see the module comment.
 *
 * @example Two pipelined responses in one chunk, the second cut short
 * ```ts
 * import assert from "node:assert/strict";
 * const reader = new HttpMessageReader();
 * const text = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab";
 * const first = reader.push(new TextEncoder().encode(text));
 * assert.equal(first.length, 1);
 * assert.equal(reader.buffered, 40);
 * const [second] = reader.push(new TextEncoder().encode("c"));
 * assert.equal(new TextDecoder().decode(second.body), "abc");
 * ```
 */
export class HttpMessageReader {
  #buffer: Uint8Array = new Uint8Array(0);
  #length = 0;
  #wait = 0; // parse again only once this many bytes are buffered
  #ended = false;

  /**
   * Bytes held that do not make a complete message yet.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const reader = new HttpMessageReader();
   * reader.push(new TextEncoder().encode("GET /"));
   * assert.equal(reader.buffered, 5);
   * ```
   */
  get buffered(): number {
    return this.#length;
  }

  /**
   * Add bytes from the stream; returns the messages they complete (often none).
   * Unparseable text throws `HttpSyntaxError` (answer 400 and close).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const reader = new HttpMessageReader();
   * assert.throws(() => reader.push(new TextEncoder().encode("GET /\r\n\r\n")), /request line/);
   * ```
   */
  push(bytes: Uint8Array): HttpMessage[] {
    if (this.#ended) {
      throw new TypeError(
        `Cannot push ${bytes.length} bytes into an HTTP reader after end(): the stream is ` +
          `closed. Make a new HttpMessageReader for a new connection.`,
      );
    }
    this.#append(bytes);
    return this.#drain();
  }

  /**
   * The stream closed: a response delimited by the close is complete now. Bytes left
   * over that make no message throw `HttpSyntaxError` (a message cut short).
   *
   * @example A response without Content-Length ends with the connection
   * ```ts
   * import assert from "node:assert/strict";
   * const reader = new HttpMessageReader();
   * assert.deepEqual(reader.push(new TextEncoder().encode("HTTP/1.0 200 OK\r\n\r\nall of it")), []);
   * const [response] = reader.end();
   * assert.equal(new TextDecoder().decode(response.body), "all of it");
   * ```
   */
  end(): HttpMessage[] {
    this.#ended = true;
    const messages = this.#drain();
    if (this.#length > 0) {
      throw new HttpSyntaxError({
        field: "body",
        offset: this.#length,
        problem: `the connection closed with ${this.#length} bytes of an unfinished message`,
        fix: "The sender must finish the message (Content-Length bytes of body) before closing.",
      });
    }
    return messages;
  }

  #append(bytes: Uint8Array): void {
    const needed = this.#length + bytes.length;
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2, 1024));
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(bytes, this.#length);
    this.#length = needed;
  }

  #drain(): HttpMessage[] {
    const messages: HttpMessage[] = [];
    for (;;) {
      const taken = this.#take();
      if (taken === null) return messages;
      messages.push(taken.message);
      this.#buffer = this.#buffer.slice(taken.used, this.#length);
      this.#length -= taken.used;
      this.#wait = 0;
    }
  }

  // One message from the front of the buffer, with the bytes it used; or null: wait.
  #take(): { message: HttpMessage; used: number } | null {
    if (this.#length === 0 || this.#length < this.#wait) return null;
    const bytes = this.#buffer.subarray(0, this.#length);
    let message: HttpMessage;
    let used = bytes.length;
    try {
      message = parseHttp(bytes);
    } catch (error) {
      if (error instanceof TruncatedError) {
        // Content-Length tells exactly how many bytes the message needs.
        if (error.field === "body") this.#wait = error.needed;
        return null;
      }
      // "n bytes follow the end of the message": the message ends at the offset.
      if (!(error instanceof HttpSyntaxError && error.field === "body")) throw error;
      used = error.offset;
      message = parseHttp(bytes.subarray(0, used));
    }
    if (!this.#ended && closeDelimited(message)) return null;
    return { message: { ...message, body: message.body.slice() }, used };
  }
}

// RFC 9112 §6.3 rule 8: a response with a body but neither Content-Length nor chunked.
function closeDelimited(message: HttpMessage): boolean {
  if (message.kind !== "response") return false;
  if (message.status < 200 || message.status === 204 || message.status === 304) return false;
  return httpHeader(message.headers, "content-length") === undefined &&
    httpHeader(message.headers, "transfer-encoding") === undefined;
}
