import assert from "node:assert/strict";
import { ms, seconds } from "../../src/sim/mod.ts";
import { network, twoLansTwoRouters } from "../net/mod.ts";
import type { TcpSocket } from "./tcp/socket.ts";
import { tcpStack } from "./tcp_host.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const encode = (value: string) => new TextEncoder().encode(value);

/** `length` bytes of a pattern no run of segments can fake by repetition. */
function pattern(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + (i >>> 8) * 7) % 251;
  return bytes;
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes.slice()));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Everything a socket receives, gathered as it becomes readable. */
function collect(socket: TcpSocket): { chunks: Uint8Array[]; bytes(): Uint8Array } {
  const chunks: Uint8Array[] = [];
  socket.onReadable(() => {
    const chunk = socket.recv();
    if (chunk.length > 0) chunks.push(chunk);
  });
  return {
    chunks,
    bytes() {
      const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
      let at = 0;
      for (const chunk of chunks) out.set(chunk, at), at += chunk.length;
      return out;
    },
  };
}

Deno.test("connect, accept, send, recv and close across two routers", () => {
  const { net, a, b } = twoLansTwoRouters({ seed: 1 });
  let server: TcpSocket | undefined;
  const serverGot: string[] = [];
  tcpStack(b).listen(80, {
    onAccept: (socket) => {
      server = socket;
      socket.onReadable(() => {
        const data = socket.recv();
        if (data.length > 0) {
          serverGot.push(text(data));
          socket.send(encode(`echo: ${text(data)}`));
        }
        if (socket.ended) socket.close();
      });
    },
  });
  const client = tcpStack(a).connect("10.0.2.20", 80);
  const clientGot = collect(client);
  client.onState((_, to) => {
    if (to === "ESTABLISHED") client.send(encode("hello over IP"));
  });
  net.run({ until: ms(50) });
  assert.equal(client.state, "ESTABLISHED");
  assert.equal(server?.remote, `10.0.1.10:${client.localPort}`);
  assert.ok(client.localPort >= 32768 && client.localPort <= 60999);
  assert.deepEqual(serverGot, ["hello over IP"]);
  assert.equal(text(clientGot.bytes()), "echo: hello over IP");
  client.close();
  net.run({ until: seconds(1) });
  assert.equal(client.state, "TIME-WAIT"); // the active closer waits 2·MSL
  assert.equal(server!.state, "CLOSED");
  net.run();
  assert.equal(client.state, "CLOSED");
  assert.equal(tcpStack(a).stats.checksumErrors, 0);
  assert.equal(tcpStack(a).stats.segmentsOut, tcpStack(b).stats.segmentsIn);
  // Every segment crossed two routers: TTL 64 − 2 at the far host.
  const atB = net.journey!.where({ node: "b", protocol: 6 });
  assert.ok(atB.length >= 4);
  assert.ok(atB.every((row) => row.ttl === 62 && row.srcIp === "10.0.1.10"));
});

Deno.test("a SYN to a closed port is answered with RST: connection refused", () => {
  const { net, a, b } = twoLansTwoRouters({ seed: 1 });
  tcpStack(b); // TCP runs on b, nobody listens on 81
  const capture = net.capture(a, { direction: "in" });
  const socket = tcpStack(a).connect("10.0.2.20", 81);
  const states: string[] = [];
  socket.onState((_, to) => states.push(to));
  net.run({ until: seconds(1) });
  assert.equal(socket.state, "CLOSED");
  assert.equal(socket.error, "connection refused");
  assert.deepEqual(states, ["CLOSED"]);
  assert.equal(tcpStack(b).resetsSent, 1);
  assert.ok(
    capture.rows.column("summary").some((line) =>
      line.startsWith(`IP 10.0.2.20.81 > 10.0.1.10.${socket.localPort}: Flags [R.]`)
    ),
    capture.rows.column("summary").join("\n"),
  );
});

Deno.test("a host without TCP answers with ICMP protocol unreachable instead", () => {
  const { net, a } = twoLansTwoRouters({ seed: 1 });
  const capture = net.capture(a, { direction: "in" });
  tcpStack(a).connect("10.0.2.20", 80);
  net.run({ until: ms(100) });
  assert.ok(capture.rows.column("summary").some((line) => /ICMP protocol unreachable/.test(line)));
});

Deno.test("TCP transfer over a lossy link completes with all bytes in order", async () => {
  const { net, a, b } = twoLansTwoRouters({
    seed: 7,
    wan: { loss: 0.03, corruption: 0.01, delay: ms(10), bandwidth: 10e6 },
  });
  const sent = pattern(300_000);
  let received: ReturnType<typeof collect> | undefined;
  tcpStack(b).listen(5001, {
    onAccept: (socket) => {
      received = collect(socket);
      socket.onReadable(() => socket.ended && socket.close());
    },
  });
  const client = tcpStack(a).connect("10.0.2.20", 5001);
  client.send(sent); // queued until the handshake completes
  client.onState((_, to) => to === "ESTABLISHED" && client.close()); // (close() in SYN-SENT aborts)
  net.run({ until: seconds(120) });
  const got = received!.bytes();
  assert.equal(got.length, sent.length);
  assert.equal(await sha256(got), await sha256(sent));
  assert.ok(client.connection.stats.retransmissions > 0, "the loss caused retransmissions");
  const wan = net.links.find((link) => link.name === "r1-r2")!;
  assert.ok(wan.counters.lost > 0 && wan.counters.corrupted > 0);
  // A flipped bit in TCP's part is caught by TCP's checksum (bits in the IP header by IP's).
  const dropped = tcpStack(a).stats.checksumErrors + tcpStack(b).stats.checksumErrors;
  assert.ok(dropped > 0, "some corrupted segment reached a host and was dropped");
});

function transferPcap(seed: number): Uint8Array {
  const { net, a, b } = twoLansTwoRouters({ seed, wan: { loss: 0.02 } });
  const capture = net.capture(net.nodes);
  tcpStack(b).listen(80, {
    onAccept: (socket) => socket.onReadable(() => socket.recv()),
  });
  const client = tcpStack(a).connect("10.0.2.20", 80);
  client.send(pattern(50_000));
  client.onState((_, to) => to === "ESTABLISHED" && client.close());
  net.run({ until: seconds(20) });
  return capture.pcap();
}

Deno.test("the same seed gives identical pcap bytes; another seed does not", () => {
  const first = transferPcap(11);
  assert.deepEqual(transferPcap(11), first);
  assert.notDeepEqual(transferPcap(12), first);
});

Deno.test("tcpStack() needs an address and takes options only once", () => {
  const net = network({ seed: 1 });
  const lonely = net.addHost("lonely");
  assert.throws(() => tcpStack(lonely), /has no IPv4 address yet/);
  const { a } = twoLansTwoRouters({ seed: 1 });
  tcpStack(a, { settings: { congestion: "cubic" } });
  assert.throws(() => tcpStack(a, {}), /already exists/);
  const { c } = twoLansTwoRouters({ seed: 1 });
  assert.throws(() => tcpStack(c, { setting: {} } as never), /setting/);
});

Deno.test("ephemeral ports come from the seed and never repeat a four-tuple", () => {
  const ports = (seed: number) => {
    const { a } = twoLansTwoRouters({ seed });
    const stack = tcpStack(a);
    return [1, 2, 3].map(() => stack.connect("10.0.2.20", 80).localPort);
  };
  const first = ports(3);
  assert.deepEqual(ports(3), first);
  assert.equal(new Set(first).size, 3);
  assert.notDeepEqual(ports(4), first);
});
