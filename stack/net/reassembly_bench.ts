/**
 * Benchmark: fragment and reassemble the largest IPv4 datagram (65535 bytes: 20-byte
 * header + 65515 bytes, i.e. a maximal 65507-byte UDP payload) at MTU 1500 — 45
 * fragments (⌈65515 / 1480⌉) — with `fragmentIpv4()` and `Reassembly`, fragments fed in
 * reverse order.
 *
 *     deno bench -A stack/net/reassembly_bench.ts
 *     deno run -A stack/net/reassembly_bench.ts [seconds]   # side by side with scapy
 *
 * The `import.meta.main` section times the same work with scapy's `fragment()` and
 * `defragment()` (Debian's python3-scapy) and prints both figures.
 *
 * @module
 */

import { emitIpv4 } from "../wire/ipv4.ts";
import { fragmentIpv4 } from "../wire/ipv4_fragment.ts";
import { Reassembly } from "./reassembly.ts";

const MTU = 1500;
const datagram = emitIpv4({
  dscp: 0,
  ecn: 0,
  identification: 1,
  dontFragment: false,
  moreFragments: false,
  fragmentOffset: 0,
  ttl: 64,
  protocol: 17,
  source: "10.0.0.1",
  destination: "10.0.0.2",
  options: new Uint8Array(),
  payload: new Uint8Array(65515).fill(0x61),
}).slice();

function roundTrip(): number {
  const fragments = fragmentIpv4(datagram, MTU);
  const buffers = new Reassembly();
  let length = 0;
  for (let i = fragments.length - 1; i >= 0; i--) {
    const result = buffers.add(fragments[i], 0);
    if (result.status === "complete") length = result.packet.length;
  }
  if (length !== 65535) throw new Error(`reassembled ${length} bytes, expected 65535`);
  return fragments.length;
}

Deno.bench("fragment a 65535-byte datagram at MTU 1500 (45 fragments)", () => {
  fragmentIpv4(datagram, MTU);
});

Deno.bench("fragment + reassemble a 65535-byte datagram at MTU 1500", () => {
  roundTrip();
});

const SCAPY = `
import json, logging, sys, time
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import IP, Raw, fragment, defragment
packet = IP(src="10.0.0.1", dst="10.0.0.2", id=1, proto=17) / Raw(b"a" * 65515)
seconds = float(sys.argv[1]); n = 0; start = time.perf_counter()
while time.perf_counter() - start < seconds:
    fragments = fragment(packet, fragsize=1480)
    whole = defragment(list(reversed(fragments)))
    assert len(bytes(whole[0])) == 65535
    n += 1
print(json.dumps({"perSecond": n / (time.perf_counter() - start), "fragments": len(fragments)}))
`;

if (import.meta.main) {
  const seconds = Number(Deno.args[0] ?? 3);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    roundTrip();
    n++;
  }
  const ours = n / ((performance.now() - start) / 1000);
  const output = await new Deno.Command("/usr/bin/python3", {
    args: ["-c", SCAPY, String(seconds)],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!output.success) {
    throw new Error("scapy benchmark failed (needs python3-scapy: apt-get install python3-scapy)");
  }
  const scapy = JSON.parse(new TextDecoder().decode(output.stdout));
  const format = (x: number) => Math.round(x).toLocaleString("en-US").padStart(10);
  console.log("65535-byte IPv4 datagram at MTU 1500: fragment + reassemble (reverse order)");
  console.log(
    `  stack (fragmentIpv4 + Reassembly)  ${format(ours)} datagrams/s ` +
      `(${roundTrip()} fragments, ${(1e6 / ours).toFixed(1)} µs each)`,
  );
  console.log(
    `  scapy fragment() + defragment()    ${format(scapy.perSecond)} datagrams/s ` +
      `(${scapy.fragments} fragments) → ${(ours / scapy.perSecond).toFixed(0)} x scapy`,
  );
  console.log(`  (Deno ${Deno.version.deno}; ${seconds} s per measurement)`);
}
