/**
 * Benchmark: how many simulated frames per second of wall time the internetwork model
 * moves. 1000 UDP datagrams go from a to b across two switches and two routers
 * (`twoLansTwoRouters`, ARP already resolved by a warm-up datagram); each datagram is 5
 * frame deliveries (a→sw1, sw1→r1, r1→r2, r2→sw2, sw2→b) and 2 router forwards.
 *
 *     deno bench -A stack/net/net_bench.ts
 *
 * frames/s = 5000 / (time per iteration); forwards/s = 2000 / (time per iteration).
 *
 * @module
 */

import { twoLansTwoRouters } from "./topologies.ts";
import { udpSocket } from "../socket/udp.ts";

const DATAGRAMS = 1000;

function setup(journey: boolean) {
  const { net, a, b, r1, r2 } = twoLansTwoRouters({ seed: 1, journey });
  const server = udpSocket(b);
  server.bind({ port: 9 });
  let received = 0;
  server.onMessage(() => received++);
  const client = udpSocket(a);
  client.sendto("warm-up", { address: "10.0.2.20", port: 9 });
  net.run({ until: 1_000_000_000 });
  const payload = new Uint8Array(64);
  return {
    run() {
      for (let i = 0; i < DATAGRAMS; i++) client.sendto(payload, { address: "10.0.2.20", port: 9 });
      net.run({ until: net.sim.now + 1_000_000_000 });
    },
    check: () => ({ received, forwarded: r1.forwarded + r2.forwarded }),
  };
}

for (const journey of [false, true]) {
  Deno.bench({
    name: journey
      ? "the same with the journey trace on (a row per frame per interface)"
      : "1000 UDP datagrams across 2 switches + 2 routers (5000 frames, 2000 forwards)",
    group: "internetwork",
    baseline: !journey,
    fn(b) {
      const model = setup(journey); // a fresh network each time, built outside the timing
      b.start();
      model.run();
      b.end();
    },
  });
}

// The model really forwarded what the names claim (checked once, outside the timing).
const probe = setup(false);
probe.run();
const { received, forwarded } = probe.check();
if (received !== DATAGRAMS + 1 || forwarded !== 2 * (DATAGRAMS + 1)) {
  throw new Error(`benchmark model broken: received ${received}, forwarded ${forwarded}`);
}
