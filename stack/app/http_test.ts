import assert from "node:assert/strict";
import { ms, seconds } from "../../src/sim/mod.ts";
import { twoLansTwoRouters } from "../net/mod.ts";
import { tcpStack } from "../socket/tcp_host.ts";
import { httpHeader } from "../wire/mod.ts";
import { httpGet } from "./http_client.ts";
import { httpResponse, httpServer } from "./http_server.ts";

const text = (data: Uint8Array | undefined) => new TextDecoder().decode(data);
const encode = (value: string) => new TextEncoder().encode(value);

/** A body of `length` bytes with no repeating period short enough to hide a misplaced segment. */
function body(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = 1;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0; // a fixed LCG: test data, not model randomness
    bytes[i] = x >>> 24;
  }
  return bytes;
}

Deno.test("httpGet() fetches a 200 kB body byte-exact over a lossy WAN", () => {
  const { net, a, b } = twoLansTwoRouters({
    seed: 9,
    wan: { loss: 0.03, delay: ms(10), bandwidth: 20e6 },
  });
  const payload = body(200_000);
  httpServer(b, { routes: { "/big.bin": () => payload } });
  const fetch = httpGet(a, "http://10.0.2.20/big.bin");
  net.run({ until: seconds(60) });
  assert.equal(fetch.error, null);
  assert.equal(httpHeader(fetch.response!.headers, "content-type"), "application/octet-stream");
  assert.deepEqual(fetch.response!.body, payload);
  assert.ok(tcpStack(a).stats.segmentsIn > 100);
  assert.ok(net.links.find((link) => link.name === "r1-r2")!.counters.lost > 0);
});

Deno.test("the server answers 404 for an unknown path and 500 when a handler throws", () => {
  const { net, a, b } = twoLansTwoRouters({ seed: 1 });
  const server = httpServer(b, {
    routes: {
      "/": () => "home\n",
      "/broken": () => {
        throw new Error("division by zero");
      },
      "/forgot": (() => undefined) as never,
    },
  });
  const missing = httpGet(a, "http://10.0.2.20/missing");
  const broken = httpGet(a, { address: "10.0.2.20", path: "/broken" });
  const home = httpGet(a, { address: "10.0.2.20", path: "/?q=1" });
  const forgot = httpGet(a, "http://10.0.2.20/forgot");
  net.run();
  assert.equal(missing.response?.status, 404);
  assert.match(text(missing.response?.body), /No route for \/missing/);
  assert.equal(broken.response?.status, 500);
  assert.match(text(broken.response?.body), /division by zero/);
  assert.equal(text(home.response?.body), "home\n"); // the query is not part of the route
  assert.equal(forgot.response?.status, 500);
  assert.match(text(forgot.response?.body), /returns a string, a Uint8Array/);
  assert.deepEqual(server.log.map((row) => row.status).sort(), [200, 404, 500, 500]);
});

Deno.test("a fetch from a closed port fails with connection refused and an error row", async () => {
  const { net, a, b } = twoLansTwoRouters({ seed: 1 });
  tcpStack(b);
  const errors: string[] = [];
  const fetch = httpGet(a, "http://10.0.2.20:8080/", { onError: (error) => errors.push(error) });
  net.run();
  assert.equal(fetch.error, "connection refused");
  assert.deepEqual(errors, ["connection refused"]);
  assert.deepEqual(fetch.timing.map((row) => row.event), ["start", "error"]);
  await assert.rejects(fetch.result(), /GET \/ from a failed: connection refused/);
});

Deno.test("a request that says Connection: close makes the server close first", () => {
  const { net, a, b } = twoLansTwoRouters({ seed: 1 });
  httpServer(b, { routes: { "/": () => "bye" } });
  const capture = net.capture(b); // both directions, in the order b saw them
  const fetch = httpGet(a, "http://10.0.2.20/", { headers: [["Connection", "close"]] });
  net.run();
  assert.equal(text(fetch.response?.body), "bye");
  // b sends its FIN right after the response, before the client's FIN reaches it.
  const first = capture.rows.rows.find((row) => /Flags \[F/.test(row.summary));
  assert.equal(first?.dir, "out");
  assert.match(first?.summary ?? "", /^IP 10\.0\.2\.20\.80 > 10\.0\.1\.10\.\d+: Flags \[F/);
  assert.equal(fetch.timing.at(-1)?.event, "closed");
});

Deno.test("the server answers pipelined requests in order and 400 to garbage", () => {
  const { net, a, b } = twoLansTwoRouters({ seed: 1 });
  httpServer(b, { routes: { "/one": () => "1", "/two": () => "2" } });
  const client = tcpStack(a).connect("10.0.2.20", 80);
  const got: Uint8Array[] = [];
  client.onReadable(() => got.push(client.recv()));
  client.send(encode("GET /one HTTP/1.1\r\nHost: b\r\n\r\nGET /two HTTP/1.1\r\nHost: b\r\n\r\n"));
  net.run({ until: ms(50) });
  const answers = text(new Uint8Array(got.flatMap((chunk) => [...chunk])));
  assert.match(answers, /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\n1HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\n2$/);
  const rude = tcpStack(a).connect("10.0.2.20", 80);
  const reply: Uint8Array[] = [];
  rude.onReadable(() => reply.push(rude.recv()));
  rude.send(encode("HELLO THERE\r\n\r\n"));
  net.run({ until: ms(100) });
  assert.match(text(reply[0]), /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.ok(rude.ended, "the server closed after the 400");
});

Deno.test("httpResponse() fills in Content-Type and Content-Length", () => {
  const html = httpResponse("<p>hi</p>");
  assert.deepEqual(html.headers, [
    ["Content-Type", "text/html; charset=utf-8"],
    ["Content-Length", "9"],
  ]);
  const custom = httpResponse({ status: 201, reason: "Created", headers: [["X-Id", "7"]] });
  assert.deepEqual([custom.status, custom.reason, custom.headers], [201, "Created", [
    ["X-Id", "7"],
    [
      "Content-Length",
      "0",
    ],
  ]]);
  assert.deepEqual(httpResponse({ status: 204 }).headers, []);
});

Deno.test("httpGet() and httpServer() name a bad option, value and fix", () => {
  const { a, b } = twoLansTwoRouters({ seed: 1 });
  assert.throws(() => httpGet(a, "https://10.0.2.20/"), /no TLS here/);
  assert.throws(() => httpGet(a, "not a url"), /not a URL/);
  assert.throws(() => httpGet(a, { address: "10.0.2.20", port: 0 }), /port/);
  assert.throws(() => httpGet(a, "http://10.0.2.20/", { header: [] } as never), /header/);
  assert.throws(() => httpServer(b, { routes: { "/": "hello" as never } }), /routes/);
  assert.throws(() => httpServer(b, { routes: {}, port: 70000 }), /port/);
});

Deno.test("a fetch from a host that does not exist fails on the router's ICMP error", () => {
  const { net, a } = twoLansTwoRouters({ seed: 1 });
  const fetch = httpGet(a, "http://10.0.2.99/");
  net.run();
  // r2 answers from its interface towards a (Linux icmp_errors_use_inbound_ifaddr = 0).
  assert.equal(fetch.error, "no route to host: ICMP from 10.0.12.2");
  assert.equal(fetch.socket.state, "CLOSED");
  // r2's ARP gives up after 3 requests 1 s apart (Linux mcast_solicit 3, retrans_time 1 s).
  const failed = fetch.timing.at(-1)!;
  assert.equal(failed.event, "error");
  assert.ok(failed.elapsed > seconds(3) && failed.elapsed < seconds(4), `${failed.elapsed}`);
});

Deno.test("a fetch from a host without TCP fails with protocol unreachable", () => {
  const { net, a } = twoLansTwoRouters({ seed: 1 });
  const fetch = httpGet(a, "http://10.0.2.20/"); // b never ran tcpStack()
  net.run();
  assert.equal(fetch.error, "protocol unreachable: ICMP from 10.0.2.20");
});
