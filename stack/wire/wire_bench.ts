/**
 * Benchmark of the wire layer's hot path: build the reprs of an Ethernet/IPv4/TCP frame,
 * emit it (both checksums included), and parse it back verifying both checksums.
 *
 *     deno bench stack/wire/wire_bench.ts          Deno.bench's statistics
 *     deno run -A stack/wire/wire_bench.ts         frames/s for us and for scapy
 *                                                  (stack/wire/_scapy_bench.py, Debian's
 *                                                  /usr/bin/python3), side by side, and the ratio
 *
 * The frame is a data segment as Linux sends it: NOP, NOP, timestamps options and a
 * 64-byte payload (118 bytes on the wire). scapy does the same build and emit, and parses
 * all layers, but does not verify checksums when parsing, so the comparison favours it.
 *
 * @module
 */

import { emitEthernet, EtherType, parseEthernet } from "./ethernet.ts";
import { emitIpv4, IpProtocol, parseIpv4 } from "./ipv4.ts";
import { emitTcp, parseTcp, tcpFlags } from "./tcp.ts";

const ENDPOINTS = { source: "10.0.0.1", destination: "10.0.1.2" };
const PAYLOAD = new Uint8Array(64).fill(0x61);
const FLAGS = tcpFlags({ psh: true, ack: true });
const NO_OPTIONS = new Uint8Array();

/**
 * Build, emit and parse one frame whose sequence number is `i`; returns the parsed
 * sequence number (so the work cannot be optimised away).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(roundTripFrame(7), 7);
 * ```
 */
export function roundTripFrame(i: number): number {
  const segment = emitTcp({
    sourcePort: 43210,
    destinationPort: 80,
    sequenceNumber: i >>> 0,
    acknowledgmentNumber: 5001,
    flags: FLAGS,
    window: 502,
    urgentPointer: 0,
    options: [{ kind: "nop" }, { kind: "nop" }, {
      kind: "timestamps",
      value: i >>> 0,
      echoReply: 0,
    }],
    payload: PAYLOAD,
  }, ENDPOINTS);
  const packet = emitIpv4({
    dscp: 0,
    ecn: 0,
    identification: i & 0xffff,
    dontFragment: true,
    moreFragments: false,
    fragmentOffset: 0,
    ttl: 64,
    protocol: IpProtocol.Tcp,
    source: ENDPOINTS.source,
    destination: ENDPOINTS.destination,
    options: NO_OPTIONS,
    payload: segment,
  });
  const frame = emitEthernet({
    destination: "02:00:00:00:00:02",
    source: "02:00:00:00:00:01",
    etherType: EtherType.Ipv4,
    payload: packet,
  });
  const ethernet = parseEthernet(frame);
  const ip = parseIpv4(ethernet.payload);
  const tcp = parseTcp(ip.payload, ip);
  return tcp.sequenceNumber;
}

/**
 * Frames per second of {@link roundTripFrame}, measured for about `seconds` after a warm-up.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(measureFramesPerSecond(0.05) > 0);
 * ```
 */
export function measureFramesPerSecond(seconds = 2): number {
  for (let i = 0; i < 20_000; i++) roundTripFrame(i); // warm up the JIT
  let frames = 0;
  let check = 0;
  const start = performance.now();
  let now = start;
  while (now - start < seconds * 1000) {
    for (let i = 0; i < 10_000; i++) check ^= roundTripFrame(frames + i);
    frames += 10_000;
    now = performance.now();
  }
  if (check === 0.5) console.log(check); // keep `check` alive
  return frames / ((now - start) / 1000);
}

Deno.bench("build + emit + checksum + parse an Ethernet/IPv4/TCP frame", () => {
  roundTripFrame(12345);
});

if (import.meta.main) {
  const ours = measureFramesPerSecond(3);
  const script = new URL("./_scapy_bench.py", import.meta.url).pathname;
  const output = await new Deno.Command("/usr/bin/python3", {
    args: [script],
    stdout: "piped",
    stderr: "inherit",
  })
    .output();
  if (!output.success) {
    throw new Error(
      "scapy benchmark failed (needs Debian's python3-scapy: apt-get install python3-scapy)",
    );
  }
  const scapy = JSON.parse(new TextDecoder().decode(output.stdout)).framesPerSecond as number;
  const format = (n: number) => Math.round(n).toLocaleString("en-US").padStart(12);
  console.log("Ethernet/IPv4/TCP frame (118 bytes): build + emit + checksums + parse");
  console.log(`  stack/wire (Deno ${Deno.version.deno})   ${format(ours)} frames/s`);
  console.log(`  scapy (/usr/bin/python3)     ${format(scapy)} frames/s`);
  console.log(`  ratio                        ${(ours / scapy).toFixed(0).padStart(12)} x`);
}
