import assert from "node:assert/strict";
import { HttpSyntaxError, TruncatedError, WireError } from "./errors.ts";
import { emitHttp, formatHttp, httpHeader, type HttpMessage, HttpView, parseHttp } from "./http.ts";
import { parseIpv4 } from "./ipv4.ts";
import { parseTcp } from "./tcp.ts";
import { fromHex, Random, throwsError } from "./_testing.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

// Payloads of TCP segments made with scapy 2.5.0 once (see tcp_test.ts for the request):
//   IP(src="10.0.1.2", dst="10.0.0.1", id=3, flags="DF") /
//     TCP(sport=80, dport=43210, seq=5001, ack=1068, flags="PA", window=509) /
//     b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nhello, world\n"
const RESPONSE_PACKET = fromHex(
  "45000076000340004006257d0a0001020a0000010050a8ca000013890000042c501801fd0cd60000" +
    "485454502f312e3120323030204f4b0d0a436f6e74656e742d547970653a20746578742f706c61696e0d0a" +
    "436f6e74656e742d4c656e6774683a2031330d0a0d0a68656c6c6f2c20776f726c640a",
);
const RESPONSE =
  parseTcp(parseIpv4(RESPONSE_PACKET).payload, { source: "10.0.1.2", destination: "10.0.0.1" })
    .payload;
const REQUEST = encode(
  "GET /index.html HTTP/1.1\r\nHost: 10.0.1.2\r\nUser-Agent: stacklab\r\n\r\n",
);

Deno.test("parseHttp()", async (t) => {
  await t.step("parses a real request", () => {
    assert.deepEqual(parseHttp(REQUEST), {
      kind: "request",
      method: "GET",
      target: "/index.html",
      version: "HTTP/1.1",
      headers: [["Host", "10.0.1.2"], ["User-Agent", "stacklab"]],
      body: new Uint8Array(),
    });
  });

  await t.step("parses a real response with a Content-Length body", () => {
    const message = parseHttp(RESPONSE);
    assert.equal(message.kind, "response");
    if (message.kind !== "response") return;
    assert.deepEqual([message.status, message.reason], [200, "OK"]);
    assert.equal(httpHeader(message.headers, "content-type"), "text/plain");
    assert.equal(decode(message.body), "hello, world\n");
  });

  await t.step("decodes a chunked body (RFC 9112 §7.1) and skips trailers", () => {
    const text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
      "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nExpires: never\r\n\r\n";
    assert.equal(decode(parseHttp(encode(text)).body), "hello, world");
  });

  await t.step("reads a response without length until the end, and no body for 204", () => {
    assert.equal(decode(parseHttp(encode("HTTP/1.0 200 OK\r\n\r\nall of it")).body), "all of it");
    assert.equal(parseHttp(encode("HTTP/1.1 204 No Content\r\n\r\n")).body.length, 0);
    const noReason = parseHttp(encode("HTTP/1.1 200\r\n\r\n"));
    assert.equal(noReason.kind === "response" && noReason.reason, "");
  });

  await t.step("throws HttpSyntaxError naming the field and offset of bad text", () => {
    const cases: [string, string, number, RegExp][] = [
      ["GET /\r\n\r\n", "startLine", 0, /has 2 parts, not 3/],
      ["GET  / HTTP/1.1\r\n\r\n", "startLine", 0, /4 parts/],
      ["G(T / HTTP/1.1\r\n\r\n", "method", 0, /not a token/],
      ["GET / HTTP/2\r\n\r\n", "version", 6, /HTTP\/<digit>\.<digit>/],
      ["GET / HTTP/1.1\r\nHost : a\r\n\r\n", "headers", 16, /no space before the colon/],
      ["GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", "headers", 22, /obsolete line folding/],
      [
        "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
        "headers.content-length",
        16,
        /not a decimal/,
      ],
      [
        "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        "headers.content-length",
        16,
        /both 1 and 2/,
      ],
      [
        "GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n",
        "body",
        18,
        /18 bytes follow the end of the message/,
      ],
      ["HTTP/1.1 2000 OK\r\n\r\n", "status", 9, /3-digit/],
      ["GET / HTTP/1.1\nHost: a\n\n", "startLine", 14, /bare LF/],
      [
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n",
        "body.chunkSize",
        47,
        /not hexadecimal/,
      ],
    ];
    for (const [text, field, offset, message] of cases) {
      const error = throwsError(() => parseHttp(encode(text)), HttpSyntaxError);
      assert.deepEqual([error.layer, error.field, error.offset], ["HTTP", field, offset], text);
      assert.match(error.message, message, text);
      assert.match(error.message, /^Cannot parse HTTP message: /);
    }
  });

  await t.step("throws TruncatedError when the message is not all there yet", () => {
    for (
      const text of [
        "GET / HTTP/1.1",
        "GET / HTTP/1.1\r\nHost: a\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc",
      ]
    ) {
      assert.throws(() => parseHttp(encode(text)), TruncatedError, text);
    }
    assert.throws(
      () => parseHttp(RESPONSE.subarray(0, RESPONSE.length - 1)),
      /Content-Length 13 needs 13 body bytes/,
    );
  });
});

Deno.test("emitHttp()", async (t) => {
  await t.step("writes the real messages byte for byte", () => {
    assert.deepEqual(emitHttp(parseHttp(REQUEST)), REQUEST);
    assert.deepEqual(emitHttp(parseHttp(RESPONSE)), RESPONSE);
  });

  await t.step("writes a chunked body as one chunk", () => {
    const message: HttpMessage = {
      kind: "response",
      version: "HTTP/1.1",
      status: 200,
      reason: "OK",
      headers: [["Transfer-Encoding", "chunked"]],
      body: encode("hello"),
    };
    assert.equal(
      decode(emitHttp(message)),
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    );
    assert.deepEqual(parseHttp(emitHttp(message)), message);
  });

  await t.step("refuses a body its headers do not frame", () => {
    const post = {
      kind: "request",
      method: "POST",
      target: "/",
      version: "HTTP/1.1",
      headers: [],
      body: encode("x=1"),
    } as const;
    assert.throws(() => emitHttp(post), /has no Content-Length/);
    assert.throws(
      () => emitHttp({ ...post, headers: [["Content-Length", "4"]] }),
      /Content-Length 4 differs from the 3-byte body/,
    );
    assert.throws(() => emitHttp({ ...post, headers: [["X", "a\r\nInjected: yes"]] }), WireError);
    assert.throws(() => emitHttp({ ...post, target: "/a b" }), WireError);
  });

  await t.step("round-trips 10^4 random messages", () => {
    const random = new Random(9112);
    const tchar = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const vchar =
      "abcdefghijklmnopqrstuvwxyz0123456789 \t!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\xe9\xff";
    const word = (chars: string, length: number) =>
      Array.from({ length }, () => random.pick([...chars])).join("");
    const value = () => {
      const text = word(vchar, random.int(12));
      return text.trim() === text ? text : "v";
    };
    for (let n = 0; n < 10_000; n++) {
      const headers: [string, string][] = Array.from(
        { length: random.int(5) },
        () => [word(tchar, 1 + random.int(10)), value()],
      );
      const cleaned = headers.filter(([name]) =>
        !/^(content-length|transfer-encoding)$/i.test(name)
      );
      const body = random.bytes(random.int(40));
      const framing: [string, string][] = random.chance()
        ? [["Content-Length", String(body.length)]]
        : [["Transfer-Encoding", "chunked"]];
      const message: HttpMessage = random.chance()
        ? {
          kind: "request",
          method: word(tchar, 1 + random.int(7)),
          target: "/" + word(tchar, random.int(20)),
          version: random.pick(["HTTP/1.1", "HTTP/1.0"]),
          headers: [...cleaned, ...framing],
          body,
        }
        : {
          kind: "response",
          version: "HTTP/1.1",
          status: random.pick([200, 201, 301, 404, 500, 599, 999]), // 1xx, 204 and 304 carry no body
          reason: random.pick(["OK", "Not Found", "", "I'm a teapot"]),
          headers: [...cleaned, ...framing],
          body,
        };
      assert.deepEqual(parseHttp(emitHttp(message)), message);
    }
  });
});

Deno.test("HttpView lists lines with byte ranges even for partial messages", () => {
  const rows = new HttpView(RESPONSE.subarray(0, 30)).fields();
  assert.deepEqual(rows.map((r) => [r.field, r.start, r.end]), [["startLine", 0, 17], [
    "incomplete",
    17,
    30,
  ]]);
  assert.equal(new HttpView(RESPONSE).fields().at(-1)?.field, "body");
});

Deno.test("formatHttp() prints the start line", () => {
  assert.equal(formatHttp(parseHttp(REQUEST)), "HTTP: GET /index.html HTTP/1.1");
  assert.equal(formatHttp(parseHttp(RESPONSE)), "HTTP: HTTP/1.1 200 OK");
});

Deno.test("emitHttp() rejects a mistyped message literal with a TypeError naming the field", async (t) => {
  const base = {
    kind: "request",
    method: "GET",
    target: "/",
    version: "HTTP/1.1",
    headers: [],
    body: new Uint8Array(),
  };
  const cases: [string, unknown, RegExp][] = [
    [
      "headers as an object",
      { ...base, headers: [{ name: "Host", value: "x" }] },
      /headers\[0\] is .* not a \[name, value\] pair/,
    ],
    ["headers missing", { ...base, headers: undefined }, /headers must be an array/],
    ["body as a string", { ...base, body: "hi" }, /body must be a Uint8Array/],
    ["kind misspelt", { ...base, kind: "reqest" }, /kind is "reqest"/],
  ];
  for (const [name, message, pattern] of cases) {
    await t.step(name, () => {
      assert.throws(() => emitHttp(message as HttpMessage), (error: unknown) => {
        assert.ok(error instanceof TypeError);
        assert.match(error.message, pattern);
        return true;
      });
    });
  }
});
