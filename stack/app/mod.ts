/**
 * `stack/app`: the application layer on simulated hosts. An HTTP/1.1 server and client
 * over `tcpStack(host)`, the framing that turns TCP's byte stream back into messages,
 * and the rows that follow one message through every layer at every hop.
 *
 * @example A page across two routers, and where the request went
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "@stack/net/mod.ts";
 * import { encapsulationJourney, httpGet, httpServer } from "@stack/app/mod.ts";
 * const { net, a, b } = twoLansTwoRouters({ seed: 1 });
 * const capture = net.capture(net.nodes);
 * httpServer(b, { routes: { "/": () => "<h1>StackLab</h1>" } });
 * const page = httpGet(a, "http://10.0.2.20/");
 * net.run();
 * assert.equal(new TextDecoder().decode(page.response!.body), "<h1>StackLab</h1>");
 * const hops = encapsulationJourney(net, capture).filter((row) => row.httpLine === "GET / HTTP/1.1");
 * assert.deepEqual([...new Set(hops.map((row) => row.srcIp))], ["10.0.1.10"]);
 * assert.deepEqual([...new Set(hops.map((row) => row.ttl))], [64, 63, 62]);
 * ```
 *
 * @module
 */

// 1. Messages out of a byte stream: HTTP framing across TCP segments (RFC 9112 §6.3).
export * from "./http_stream.ts";
// 2. HTTP server: routes → handlers, Content-Length framing, an access log.
export * from "./http_server.ts";
// 3. HTTP client: httpGet(host, url), with curl-style timing rows.
export * from "./http_client.ts";
// 4. One message at every hop: MACs, IPs, TTL, TCP sequence numbers, the HTTP line.
export * from "./encapsulation_journey.ts";
