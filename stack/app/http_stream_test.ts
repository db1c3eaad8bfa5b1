import assert from "node:assert/strict";
import { emitHttp, type HttpMessage, HttpSyntaxError } from "../wire/mod.ts";
import { HttpMessageReader } from "./http_stream.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

const REQUEST = "GET /index.html HTTP/1.1\r\nHost: 10.0.2.20\r\nAccept: */*\r\n\r\n";
const RESPONSE =
  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world";

function feedOneByteAtATime(reader: HttpMessageReader, data: Uint8Array): HttpMessage[] {
  const messages: HttpMessage[] = [];
  for (let i = 0; i < data.length; i++) messages.push(...reader.push(data.subarray(i, i + 1)));
  return messages;
}

Deno.test("HttpMessageReader completes a request only at its empty line, fed one byte at a time", () => {
  const reader = new HttpMessageReader();
  const data = bytes(REQUEST);
  const early = feedOneByteAtATime(reader, data.subarray(0, data.length - 1));
  assert.deepEqual(early, []);
  const [request] = reader.push(data.subarray(data.length - 1));
  assert.equal(request.kind, "request");
  assert.deepEqual(emitHttp(request), data);
  assert.equal(reader.buffered, 0);
});

Deno.test("HttpMessageReader waits for all Content-Length bytes of the body", () => {
  const reader = new HttpMessageReader();
  const messages = feedOneByteAtATime(reader, bytes(RESPONSE));
  assert.equal(messages.length, 1);
  assert.equal(text(messages[0].body), "hello world");
  assert.deepEqual(emitHttp(messages[0]), bytes(RESPONSE));
});

Deno.test("HttpMessageReader splits pipelined messages and keeps the remainder", () => {
  const reader = new HttpMessageReader();
  const both = reader.push(bytes(REQUEST + REQUEST + "GET /next HT"));
  assert.equal(both.length, 2);
  assert.equal(reader.buffered, 12);
  const [third] = reader.push(bytes("TP/1.1\r\n\r\n"));
  assert.equal(third.kind === "request" && third.target, "/next");
});

Deno.test("HttpMessageReader decodes a chunked body that arrives in pieces", () => {
  const reader = new HttpMessageReader();
  const wire =
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
  const messages = feedOneByteAtATime(reader, bytes(wire));
  assert.equal(messages.length, 1);
  assert.equal(text(messages[0].body), "hello world");
});

Deno.test("HttpMessageReader ends a response without Content-Length at end()", () => {
  const reader = new HttpMessageReader();
  assert.deepEqual(reader.push(bytes("HTTP/1.1 200 OK\r\n\r\npart one, ")), []);
  assert.deepEqual(reader.push(bytes("part two")), []);
  const [response] = reader.end();
  assert.equal(text(response.body), "part one, part two");
  assert.throws(() => reader.push(bytes("x")), /after end\(\)/);
});

Deno.test("HttpMessageReader rejects bad syntax and a message cut short by the close", () => {
  assert.throws(
    () => new HttpMessageReader().push(bytes("GET / HTTP/1.1 extra\r\n\r\n")),
    HttpSyntaxError,
  );
  const reader = new HttpMessageReader();
  reader.push(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"));
  assert.throws(() => reader.end(), /closed with 44 bytes of an unfinished message/);
});
