import assert from "node:assert/strict";
import { seconds } from "../../src/sim/mod.ts";
import { UnreachableCode } from "../wire/icmp.ts";
import { network, twoLansTwoRouters } from "../net/mod.ts";
import { AddressInUseError, type Datagram, udpSocket, udpTable } from "./udp.ts";

const text = (datagram: Datagram) => new TextDecoder().decode(datagram.data);

function twoHosts() {
  const net = network({ seed: 1 });
  const a = net.addHost("a");
  const b = net.addHost("b");
  net.connect(a, b, { addresses: ["10.0.0.1/24", "10.0.0.2/24"] });
  return { net, a, b };
}

Deno.test("a request/response exchange across two routers, each side seeing the other's address", () => {
  const { net, a, b } = twoLansTwoRouters({ seed: 1 });
  const server = udpSocket(b);
  server.bind({ port: 5353 });
  const requests: Datagram[] = [];
  server.onMessage((request) => {
    requests.push(request);
    server.sendto(`answer to ${text(request)}`, request);
  });
  const client = udpSocket(a);
  const replies: Datagram[] = [];
  client.sendto("question 1", { address: "10.0.2.20", port: 5353 });
  client.recvfrom((reply) => {
    replies.push(reply);
    client.sendto("question 2", { address: "10.0.2.20", port: 5353 });
    client.recvfrom((second) => replies.push(second));
  });
  net.run();
  const port = client.local!.port;
  assert.deepEqual(requests.map((r) => [r.address, r.port, text(r)]), [
    ["10.0.1.10", port, "question 1"],
    ["10.0.1.10", port, "question 2"],
  ]);
  assert.deepEqual(replies.map((r) => [r.address, r.port, text(r)]), [
    ["10.0.2.20", 5353, "answer to question 1"],
    ["10.0.2.20", 5353, "answer to question 2"],
  ]);
  assert.ok(replies[0].t < replies[1].t);
});

Deno.test("a datagram for a closed port draws ICMP port unreachable, recorded on the sender's socket", () => {
  const { net, a } = twoLansTwoRouters({ seed: 1 });
  const client = udpSocket(a);
  client.sendto("hello?", { address: "10.0.2.20", port: 9 });
  net.run();
  assert.deepEqual(
    client.errors.map((e) => [e.kind, e.code, e.from, e.address, e.port]),
    [["destinationUnreachable", UnreachableCode.Port, "10.0.2.20", "10.0.2.20", 9]],
  );
  assert.equal(udpTable(net.node("b") as typeof a).dropped.noPort, 1);
});

Deno.test("bind() to a port in use throws AddressInUseError (EADDRINUSE), wildcard included", () => {
  const { a } = twoHosts();
  const first = udpSocket(a);
  first.bind({ port: 53 });
  assert.throws(
    () => udpSocket(a).bind({ port: 53 }),
    (error: Error) =>
      error instanceof AddressInUseError && error.code === "EADDRINUSE" &&
      /0\.0\.0\.0:53 on a: address in use/.test(error.message),
  );
  // A specific address conflicts with the wildcard holder too.
  assert.throws(() => udpSocket(a).bind({ address: "10.0.0.1", port: 53 }), AddressInUseError);
  // Different port: fine.
  udpSocket(a).bind({ address: "10.0.0.1", port: 54 });
  assert.throws(() => udpSocket(a).bind({ port: 54 }), AddressInUseError);
  first.close();
  udpSocket(a).bind({ port: 53 });
});

Deno.test("bind() checks the port range and that the address belongs to the host", () => {
  const { a } = twoHosts();
  assert.throws(
    () => udpSocket(a).bind({ port: 65536 }),
    /option port must be an integer from 0 to 65535 \(got 65536\)/,
  );
  assert.throws(
    () => udpSocket(a).bind({ address: "10.0.0.2", port: 1 }),
    /EADDRNOTAVAIL.*10\.0\.0\.1/,
  );
  const socket = udpSocket(a);
  socket.bind({ port: 7 });
  assert.throws(() => socket.bind({ port: 8 }), /already bound/);
});

Deno.test("ephemeral ports come from 32768–60999, are distinct, and replay with the seed", () => {
  const ports = (seed: number) => {
    const net = network({ seed });
    const a = net.addHost("a");
    a.addInterface({ address: "10.0.0.1/24" });
    return Array.from({ length: 20 }, () => udpSocket(a).bind().port);
  };
  const first = ports(1);
  assert.ok(first.every((port) => port >= 32768 && port <= 60999));
  assert.equal(new Set(first).size, 20);
  assert.deepEqual(ports(1), first);
  assert.notDeepEqual(ports(2), first);
});

Deno.test("demultiplexing: the specific-address socket wins over the wildcard one", () => {
  const { net, a, b } = twoHosts();
  b.addInterface({ address: "10.0.5.1/24" });
  const wildcard = udpSocket(b);
  wildcard.bind({ port: 4000 });
  const got: string[] = [];
  wildcard.onMessage((d) => got.push(`wildcard ${text(d)}`));
  udpSocket(a).sendto("one", { address: "10.0.0.2", port: 4000 });
  udpSocket(a).sendto("two", { address: "10.0.0.2", port: 4001 });
  net.run({ until: seconds(1) });
  assert.deepEqual(got, ["wildcard one"]);
  assert.deepEqual(udpTable(b).sockets, [{ address: "0.0.0.0", port: 4000 }]);
});

Deno.test("recvfrom() buffers datagrams until asked, and the promise form resolves after run()", async () => {
  const { net, a, b } = twoHosts();
  const server = udpSocket(b);
  server.bind({ port: 9000 });
  const client = udpSocket(a);
  for (const word of ["alpha", "beta"]) client.sendto(word, { address: "10.0.0.2", port: 9000 });
  net.run();
  assert.equal(server.received, 2);
  assert.equal(text(await server.recvfrom()), "alpha");
  const second = await new Promise<Datagram>((resolve) => server.recvfrom(resolve));
  assert.equal(text(second), "beta");
});

Deno.test("a full receive buffer drops datagrams", () => {
  const { net, a, b } = twoHosts();
  const server = udpSocket(b);
  server.bind({ port: 9000 });
  a.neighbors().set("10.0.0.2", b.interfaces[0].mac); // else ARP's 101-packet queue drops first
  const client = udpSocket(a);
  for (let i = 0; i < 160; i++) {
    client.sendto(new Uint8Array(1400), { address: "10.0.0.2", port: 9000 });
  }
  net.run();
  // 212992 bytes hold 152 datagrams of 1400 bytes.
  assert.deepEqual([server.received, server.dropped], [152, 8]);
});

Deno.test("sendto() refuses datagrams over IPv4's 64 KiB and a closed socket", () => {
  const { a } = twoHosts();
  const socket = udpSocket(a);
  assert.throws(
    () => socket.sendto(new Uint8Array(65508), { address: "10.0.0.2", port: 9 }),
    /exceeds IPv4's 65535-byte total length \(EMSGSIZE\)\. Send at most 65507 bytes\./,
  );
  assert.throws(
    () => socket.sendto("x", { address: "10.0.0.2", port: 0 }),
    /destination ports are 1–65535/,
  );
  socket.close();
  assert.throws(
    () => socket.sendto("x", { address: "10.0.0.2", port: 9 }),
    /closed UDP socket.*EBADF/,
  );
});

Deno.test("a corrupted datagram fails its checksum and is dropped, not delivered", () => {
  const net = network({ seed: 3 });
  const a = net.addHost("a");
  const b = net.addHost("b");
  net.connect(a, b, { addresses: ["10.0.0.1/24", "10.0.0.2/24"] });
  a.neighbors().set("10.0.0.2", b.interfaces[0].mac);
  b.neighbors().set("10.0.0.1", a.interfaces[0].mac);
  const server = udpSocket(b);
  server.bind({ port: 9000 });
  const payload = new Uint8Array(1000).fill(0xaa);
  // Flip one bit of the UDP payload of the frame in flight, by tapping a's interface.
  a.interfaces[0].tap((frame, direction) => {
    if (direction === "out") frame[14 + 20 + 8 + 500] ^= 0x01;
  });
  udpSocket(a).sendto(payload, { address: "10.0.0.2", port: 9000 });
  net.run();
  assert.equal(server.received, 0);
  assert.equal(udpTable(b).dropped.checksum, 1);
});
