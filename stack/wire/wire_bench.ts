/**
 * Benchmark of the wire layer's hot path: build an Ethernet/IPv4/TCP frame, emit it (both
 * checksums included), and parse it back verifying both checksums, two ways:
 *
 *     convenience path  reprs → emitTcp → emitIpv4 → emitEthernet, then parseEthernet →
 *                       parseIpv4 → parseTcp (a new buffer and repr per layer)
 *     zero-allocation   writeTcpFrame into one reused buffer, then readTcpFrame into one
 *                       reused fields object (tcp_frame.ts)
 *
 *     deno bench stack/wire/wire_bench.ts          Deno.bench's statistics
 *     deno run -A stack/wire/wire_bench.ts [s]     frames/s of both paths and of scapy
 *                                                  (stack/wire/_scapy_bench.py, Debian's
 *                                                  /usr/bin/python3), side by side, and the
 *                                                  ratios; s seconds per measurement (3)
 *
 * The machine may be shared: run it several times and read the spread, not one figure.
 *
 * The frame is a data segment as Linux sends it: NOP, NOP, timestamps options and a
 * 64-byte payload (118 bytes on the wire). scapy does the same build and emit, and parses
 * all layers, but does not verify checksums when parsing, so the comparison favours it.
 *
 * @module
 */

import { emitEthernet, EtherType, parseEthernet } from "./ethernet.ts";
import { emitIpv4, IpProtocol, parseIpv4 } from "./ipv4.ts";
import { emitTcp, parseTcp, TcpFlag, tcpFlags } from "./tcp.ts";
import {
  createTcpFrameFields,
  macAddressToNumber,
  readTcpFrame,
  writeTcpFrame,
} from "./tcp_frame.ts";
import { parseIpv4Address } from "./ipv4.ts";

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

/** The frame buffer and the two fields objects the zero-allocation path reuses. */
const FRAME = new Uint8Array(1514);
const OUTGOING = createTcpFrameFields({
  destinationMac: macAddressToNumber("02:00:00:00:00:02"),
  sourceMac: macAddressToNumber("02:00:00:00:00:01"),
  source: parseIpv4Address(ENDPOINTS.source),
  destination: parseIpv4Address(ENDPOINTS.destination),
  sourcePort: 43210,
  destinationPort: 80,
  acknowledgmentNumber: 5001,
  flags: TcpFlag.Psh | TcpFlag.Ack,
  window: 502,
  timestamps: true, // NOP, NOP, timestamps: the same option bytes as roundTripFrame
  payload: PAYLOAD,
  payloadLength: PAYLOAD.length,
});
const INCOMING = createTcpFrameFields();

/**
 * {@link roundTripFrame} through the zero-allocation path: set the fields that change,
 * `writeTcpFrame` into a reused 1514-byte buffer, `readTcpFrame` (both checksums verified)
 * into a reused fields object. The same 118 bytes; returns the parsed sequence number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(roundTripFrameInPlace(7), 7);
 * ```
 */
export function roundTripFrameInPlace(i: number): number {
  OUTGOING.sequenceNumber = i >>> 0;
  OUTGOING.identification = i & 0xffff;
  OUTGOING.timestampValue = i >>> 0;
  writeTcpFrame(FRAME, OUTGOING);
  // Read the frame where it lies, as from a receive ring slot: bytes past the IPv4 total
  // length count as padding, so no `subarray` (a view costs an allocation) is needed.
  const result = readTcpFrame(FRAME, INCOMING);
  if (result !== true) throw result;
  return INCOMING.sequenceNumber;
}

/**
 * Frames per second of `roundTrip` ({@link roundTripFrame} unless given), measured for
 * about `seconds` after a warm-up.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(measureFramesPerSecond(0.05) > 0);
 * assert.ok(measureFramesPerSecond(0.05, roundTripFrameInPlace) > 0);
 * ```
 */
export function measureFramesPerSecond(
  seconds = 2,
  roundTrip: (i: number) => number = roundTripFrame,
): number {
  for (let i = 0; i < 20_000; i++) roundTrip(i); // warm up the JIT
  let frames = 0;
  let check = 0;
  const start = performance.now();
  let now = start;
  while (now - start < seconds * 1000) {
    for (let i = 0; i < 10_000; i++) check ^= roundTrip(frames + i);
    frames += 10_000;
    now = performance.now();
  }
  if (check === 0.5) console.log(check); // keep `check` alive
  return frames / ((now - start) / 1000);
}

Deno.bench("convenience API: build + emit + checksum + parse an Ethernet/IPv4/TCP frame", {
  group: "frame",
  baseline: true,
}, () => {
  roundTripFrame(12345);
});

Deno.bench("zero-allocation: writeTcpFrame + readTcpFrame of the same frame", {
  group: "frame",
}, () => {
  roundTripFrameInPlace(12345);
});

if (import.meta.main) {
  const seconds = Number(Deno.args[0] ?? 3);
  const ours = measureFramesPerSecond(seconds);
  const inPlace = measureFramesPerSecond(seconds, roundTripFrameInPlace);
  const script = new URL("./_scapy_bench.py", import.meta.url).pathname;
  const output = await new Deno.Command("/usr/bin/python3", {
    args: [script, String(seconds)],
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
  const ratio = (n: number) => `${(n / scapy).toFixed(0).padStart(6)} x scapy`;
  console.log("Ethernet/IPv4/TCP frame (118 bytes): build + emit + checksums + parse");
  console.log(`  stack/wire convenience API    ${format(ours)} frames/s ${ratio(ours)}`);
  console.log(`  stack/wire zero-allocation    ${format(inPlace)} frames/s ${ratio(inPlace)}`);
  console.log(`  scapy (/usr/bin/python3)      ${format(scapy)} frames/s`);
  console.log(`  (Deno ${Deno.version.deno}; ${seconds} s per measurement)`);
}
