import assert from "node:assert/strict";
import { ChecksumError, TruncatedError, WireError } from "./errors.ts";
import { emitEthernet, EtherType, parseEthernet } from "./ethernet.ts";
import { emitIpv4, IpProtocol, parseIpv4, parseIpv4Address } from "./ipv4.ts";
import { emitTcp, parseTcp, TcpFlag, tcpFlags, type TcpOption } from "./tcp.ts";
import {
  createTcpFrameFields,
  emitTcpFrame,
  macAddressFromNumber,
  macAddressToNumber,
  readTcpFrame,
  type TcpFrameFields,
  writeTcpFrame,
} from "./tcp_frame.ts";
import { fromHex, Random, throwsError } from "./_testing.ts";

// The SYN of tcp_test.ts (made with scapy 2.5.0), behind an Ethernet header:
//   Ether(dst="02:00:00:00:00:02", src="02:00:00:00:00:01") /
//   IP(src="10.0.0.1", dst="10.0.1.2", id=1, flags="DF", ttl=64) /
//     TCP(sport=43210, dport=80, seq=1000, flags="S", window=65535,
//         options=[("MSS", 1460), ("SAckOK", b""), ("Timestamp", (12345, 0)), ("NOP", None), ("WScale", 7)])
// Its options are in Linux's layout, the one writeTcpFrame uses.
const SYN_FRAME = fromHex(
  "020000000002020000000001" + "0800" +
    "4500003c00014000400625b90a0000010a000102a8ca0050000003e800000000a002ffff55c20000" +
    "020405b40402080a000030390000000001030307",
);

/** The error the convenience parsers throw for `frame`, or undefined. */
function parsersError(frame: Uint8Array): WireError | undefined {
  try {
    const ip = parseIpv4(parseEthernet(frame).payload);
    parseTcp(ip.payload, ip);
  } catch (error) {
    if (error instanceof WireError) return error;
    throw error;
  }
  return undefined;
}

function assertSameError(actual: unknown, expected: WireError | undefined, context: string): void {
  assert.ok(expected, `${context}: the parsers accept this frame`);
  assert.ok(actual instanceof WireError, `${context}: got ${actual}`);
  assert.equal(actual.name, expected.name, context);
  assert.equal(actual.layer, expected.layer, context);
  assert.equal(actual.field, expected.field, context);
  assert.equal(actual.offset, expected.offset, context);
  assert.equal(actual.message, expected.message, context);
}

/** Random fields whose options fit in 40 bytes. */
function randomFields(random: Random): TcpFrameFields {
  const payloadLength = random.pick([0, 1, 7, 64, 200, 1400]);
  const fields = createTcpFrameFields({
    destinationMac: random.u32() * 0x10000 + random.int(0x10000),
    sourceMac: random.u32() * 0x10000 + random.int(0x10000),
    dscp: random.int(64),
    ecn: random.int(4),
    identification: random.int(0x10000),
    dontFragment: random.chance(),
    moreFragments: random.chance(0.1),
    fragmentOffset: random.chance(0.1) ? random.int(0x2000) : 0,
    ttl: random.int(256),
    source: random.u32(),
    destination: random.u32(),
    sourcePort: random.int(0x10000),
    destinationPort: random.int(0x10000),
    sequenceNumber: random.u32(),
    acknowledgmentNumber: random.u32(),
    flags: random.int(256),
    window: random.int(0x10000),
    urgentPointer: random.int(0x10000),
    mss: random.chance() ? random.int(0x10000) : -1,
    windowScale: random.chance() ? random.int(15) : -1,
    sackPermitted: random.chance(),
    timestamps: random.chance(),
    timestampValue: random.u32(),
    timestampEchoReply: random.u32(),
    payload: random.bytes(payloadLength + 10),
    payloadOffset: random.int(11),
    payloadLength,
  });
  if (!fields.timestamps) {
    fields.timestampValue = 0;
    fields.timestampEchoReply = 0;
  }
  const room = (40 - ((fields.mss !== -1 ? 4 : 0) + (fields.timestamps ? 12 : 0) +
    (!fields.timestamps && fields.sackPermitted ? 4 : 0) + (fields.windowScale !== -1 ? 4 : 0) +
    4)) >> 3;
  fields.sackBlockCount = random.int(Math.max(0, Math.min(4, room)) + 1);
  for (let i = 0; i < 2 * fields.sackBlockCount; i++) fields.sackBlocks[i] = random.u32();
  return fields;
}

/** The fields a reader reports, with the payload as its bytes, for deepEqual. */
function comparable(fields: TcpFrameFields) {
  const { payload, payloadOffset, payloadLength, sackBlocks, ...rest } = fields;
  return {
    ...rest,
    sackBlocks: [...sackBlocks.subarray(0, 2 * fields.sackBlockCount)],
    payload: [...payload.subarray(payloadOffset, payloadOffset + payloadLength)],
  };
}

Deno.test("readTcpFrame() reads scapy's SYN, and writeTcpFrame() writes it back byte for byte", () => {
  const into = createTcpFrameFields();
  assert.equal(readTcpFrame(SYN_FRAME, into), true);
  assert.equal(macAddressFromNumber(into.destinationMac), "02:00:00:00:00:02");
  assert.equal(macAddressFromNumber(into.sourceMac), "02:00:00:00:00:01");
  assert.equal(into.source, parseIpv4Address("10.0.0.1"));
  assert.equal(into.destination, parseIpv4Address("10.0.1.2"));
  assert.equal(into.identification, 1);
  assert.equal(into.sourcePort, 43210);
  assert.equal(into.sequenceNumber, 1000);
  assert.equal(into.flags, TcpFlag.Syn);
  assert.equal(into.window, 65535);
  assert.equal(into.mss, 1460);
  assert.equal(into.sackPermitted, true);
  assert.equal(into.timestamps, true);
  assert.equal(into.timestampValue, 12345);
  assert.equal(into.windowScale, 7);
  assert.equal(into.sackBlockCount, 0);
  assert.equal(into.payloadOffset, 74);
  assert.equal(into.payloadLength, 0);
  const out = new Uint8Array(100).fill(0xee); // dirty: every byte must be written
  assert.equal(writeTcpFrame(out, into, 3), 74);
  assert.deepEqual(out.subarray(3, 77), SYN_FRAME);
  assert.equal(out[2], 0xee);
  assert.equal(out[77], 0xee);
});

Deno.test("writeTcpFrame() matches emitEthernet(emitIpv4(emitTcp())) for 2000 seeded field sets", () => {
  const random = new Random(20261130);
  const out = new Uint8Array(1600);
  const into = createTcpFrameFields();
  for (let n = 0; n < 2000; n++) {
    const fields = randomFields(random);
    out.fill(n & 0xff);
    const offset = random.int(40);
    const length = writeTcpFrame(out, fields, offset);
    const expected = emitTcpFrame(fields);
    assert.deepEqual(out.subarray(offset, offset + length), expected, `field set ${n}`);
    // ... and both readers agree with the fields.
    assert.equal(readTcpFrame(out.subarray(0, offset + length), into, offset), true);
    assert.deepEqual(comparable(into), comparable(fields), `field set ${n}`);
    const ip = parseIpv4(parseEthernet(expected).payload);
    const tcp = parseTcp(ip.payload, ip);
    assert.equal(tcp.sequenceNumber, fields.sequenceNumber);
  }
});

Deno.test("readTcpFrame() reads frames whose options come in any order", () => {
  const random = new Random(7);
  const into = createTcpFrameFields();
  const kinds: (() => TcpOption)[] = [
    () => ({ kind: "nop" }),
    () => ({ kind: "mss", value: random.int(0x10000) }),
    () => ({ kind: "windowScale", shift: random.int(15) }),
    () => ({ kind: "sackPermitted" }),
    () => ({ kind: "timestamps", value: random.u32(), echoReply: random.u32() }),
    () => ({ kind: "sack", blocks: [{ left: random.u32(), right: random.u32() }] }),
    () => ({ kind: "unknown", type: 30, data: random.bytes(random.int(4)) }),
  ];
  for (let n = 0; n < 500; n++) {
    const options: TcpOption[] = [];
    for (let i = random.int(5); i > 0; i--) options.push(random.pick(kinds)());
    const endpoints = { source: random.ipv4(), destination: random.ipv4() };
    const segment = emitTcp({
      sourcePort: 1,
      destinationPort: 2,
      sequenceNumber: n,
      acknowledgmentNumber: 0,
      flags: tcpFlags({ ack: true }),
      window: 100,
      urgentPointer: 0,
      options,
      payload: random.bytes(random.int(30)),
    }, endpoints);
    const frame = emitEthernet({
      destination: random.mac(),
      source: random.mac(),
      etherType: EtherType.Ipv4,
      payload: emitIpv4({
        dscp: 0,
        ecn: 0,
        identification: n,
        dontFragment: true,
        moreFragments: false,
        fragmentOffset: 0,
        ttl: 64,
        protocol: IpProtocol.Tcp,
        ...endpoints,
        options: new Uint8Array(random.chance(0.2) ? 4 : 0), // EOL padding as IPv4 options
        payload: segment,
      }),
    });
    assert.equal(readTcpFrame(frame, into), true);
    const tcp = parseTcp(segment, endpoints);
    const last = <K extends TcpOption["kind"]>(kind: K) =>
      tcp.options.findLast((o) => o.kind === kind) as Extract<TcpOption, { kind: K }> | undefined;
    assert.equal(into.mss, last("mss")?.value ?? -1);
    assert.equal(into.windowScale, last("windowScale")?.shift ?? -1);
    assert.equal(into.sackPermitted, last("sackPermitted") !== undefined);
    assert.equal(into.timestamps, last("timestamps") !== undefined);
    assert.equal(into.timestampValue, last("timestamps")?.value ?? 0);
    assert.equal(into.sackBlockCount, last("sack")?.blocks.length ?? 0);
    assert.deepEqual(
      frame.subarray(into.payloadOffset, into.payloadOffset + into.payloadLength),
      tcp.payload,
    );
  }
});

Deno.test("readTcpFrame() reports a bad IPv4 or TCP checksum as the parsers' ChecksumError", () => {
  const into = createTcpFrameFields();
  for (const [at, layer, offset] of [[14 + 8, "IPv4", 10], [34 + 4, "TCP", 16]] as const) {
    const frame = SYN_FRAME.slice();
    frame[at] ^= 0x01;
    const error = readTcpFrame(frame, into);
    assert.ok(error instanceof ChecksumError);
    assert.equal(error.layer, layer);
    assert.equal(error.offset, offset);
    assertSameError(error, parsersError(frame), `${layer} checksum`);
  }
});

Deno.test("readTcpFrame() reports every truncation as the parsers' TruncatedError", () => {
  const into = createTcpFrameFields();
  for (let length = 0; length < SYN_FRAME.length; length++) {
    const frame = SYN_FRAME.subarray(0, length);
    const error = readTcpFrame(frame, into);
    assertSameError(error, parsersError(frame), `truncated to ${length} bytes`);
    if (length < 14) assert.ok(error instanceof TruncatedError);
  }
});

Deno.test("readTcpFrame() agrees with the parsers on 20000 corrupted frames, and never throws", () => {
  const random = new Random(99);
  const into = createTcpFrameFields();
  const base = new Uint8Array(1600);
  let accepted = 0;
  for (let n = 0; n < 20000; n++) {
    const fields = randomFields(random);
    fields.payloadLength = Math.min(fields.payloadLength, 64);
    const length = writeTcpFrame(base, fields);
    const frame = base.slice(0, length - random.int(3));
    // Flip 1-3 bytes, mostly in the headers (where the checks are).
    for (let flips = 1 + random.int(3); flips > 0; flips--) {
      const at = random.chance(0.8)
        ? random.int(Math.min(frame.length, 80))
        : random.int(frame.length);
      frame[at] = random.chance(0.5) ? random.int(256) : frame[at] ^ (1 << random.int(8));
    }
    const result = readTcpFrame(frame, into);
    const expected = parsersError(frame);
    const etherType = (frame[12] << 8) | frame[13];
    const ipv4Passes = expected === undefined || expected.layer === "TCP";
    if (frame.length >= 14 && etherType !== 0x0800) {
      // Checks the parsers do not make: readTcpFrame wants IPv4 ...
      assert.ok(result !== true && result.field === "etherType", `frame ${n}`);
    } else if (ipv4Passes && frame[14 + 9] !== IpProtocol.Tcp) {
      // ... carrying TCP.
      assert.ok(result !== true && result.field === "protocol", `frame ${n}`);
    } else if (result === true) {
      accepted++;
      assert.equal(expected, undefined, `frame ${n}: the parsers reject what readTcpFrame accepts`);
    } else {
      assertSameError(result, expected, `frame ${n}`);
    }
  }
  assert.ok(accepted > 100, `some frames survive corruption (a flip of a 0 bit), got ${accepted}`);
});

Deno.test("readTcpFrame() names a frame that is not IPv4 or not TCP", () => {
  const into = createTcpFrameFields();
  const arp = SYN_FRAME.slice();
  arp[13] = 0x06;
  const notIpv4 = readTcpFrame(arp, into);
  assert.ok(notIpv4 instanceof WireError);
  assert.equal(notIpv4.layer, "Ethernet");
  assert.equal(notIpv4.field, "etherType");
  assert.equal(notIpv4.offset, 12);
  assert.match(notIpv4.message, /EtherType ARP \(0x0806\) is not IPv4/);
  const udp = emitEthernet({
    destination: "02:00:00:00:00:02",
    source: "02:00:00:00:00:01",
    etherType: EtherType.Ipv4,
    payload: emitIpv4({
      dscp: 0,
      ecn: 0,
      identification: 1,
      dontFragment: false,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 64,
      protocol: IpProtocol.Udp,
      source: "10.0.0.1",
      destination: "10.0.0.2",
      options: new Uint8Array(),
      payload: new Uint8Array(8),
    }),
  });
  const notTcp = readTcpFrame(udp, into);
  assert.ok(notTcp instanceof WireError);
  assert.equal(notTcp.layer, "IPv4");
  assert.equal(notTcp.field, "protocol");
  assert.equal(notTcp.offset, 9);
  assert.ok(readTcpFrame(SYN_FRAME, into, 75) instanceof WireError); // offset past the end
});

Deno.test("writeTcpFrame() rejects bad fields with the emit functions' WireError", () => {
  const out = new Uint8Array(1514);
  const cases: [string, Partial<TcpFrameFields>][] = [
    ["window", { window: 70000 }],
    ["sequenceNumber", { sequenceNumber: -1 }],
    ["ttl", { ttl: 256 }],
    ["dscp", { dscp: 64 }],
    ["options.mss", { mss: 65536 }],
    ["options.windowScale", { windowScale: 256 }],
    ["options.timestamps.value", { timestamps: true, timestampValue: 2 ** 32 }],
    ["options (too long)", { mss: 1, timestamps: true, windowScale: 1, sackBlockCount: 3 }],
    ["totalLength", { payload: new Uint8Array(70000), payloadLength: 70000 }],
    ["Ethernet payload (MTU)", { payload: new Uint8Array(1481), payloadLength: 1481 }],
  ];
  for (const [name, change] of cases) {
    const fields = createTcpFrameFields(change);
    const ours = throwsError(() => writeTcpFrame(out, fields), WireError);
    const theirs = throwsError(() => emitTcpFrame(fields), WireError);
    assertSameError(ours, theirs, name);
  }
});

Deno.test("writeTcpFrame() rejects a buffer too small, a bad payload range and a bad MAC", () => {
  const fields = createTcpFrameFields({ payload: new Uint8Array(10), payloadLength: 10 });
  const small = throwsError(() => writeTcpFrame(new Uint8Array(63), fields), WireError);
  assert.match(small.message, /a 64-byte frame at offset 0 does not fit the 63-byte buffer/);
  throwsError(() => writeTcpFrame(new Uint8Array(100), fields, 40), WireError);
  fields.payloadOffset = 5;
  const range = throwsError(() => writeTcpFrame(new Uint8Array(100), fields), WireError);
  assert.equal(range.field, "payload");
  fields.payloadOffset = 0;
  fields.sourceMac = 2 ** 48;
  assert.equal(
    throwsError(() => writeTcpFrame(new Uint8Array(100), fields), WireError).field,
    "source",
  );
});

Deno.test("a frame read with readTcpFrame() can be written back from its own buffer", () => {
  const frame = SYN_FRAME.slice();
  const fields = createTcpFrameFields();
  const request = fromHex("474554202f20485454502f312e310d0a0d0a"); // "GET / HTTP/1.1\r\n\r\n"
  const built = new Uint8Array(200);
  readTcpFrame(frame, fields);
  fields.payload = request;
  fields.payloadOffset = 0;
  fields.payloadLength = request.length;
  const length = writeTcpFrame(built, fields);
  assert.equal(readTcpFrame(built.subarray(0, length), fields), true);
  // Now forward it: same bytes, TTL 63, written into the same buffer, one byte later.
  fields.ttl = 63;
  const moved = writeTcpFrame(built, fields, 1);
  assert.equal(readTcpFrame(built.subarray(1, 1 + moved), fields), true);
  assert.equal(fields.ttl, 63);
  assert.deepEqual(
    fields.payload.subarray(fields.payloadOffset, fields.payloadOffset + fields.payloadLength),
    request,
  );
  assert.equal(macAddressToNumber(macAddressFromNumber(fields.sourceMac)), fields.sourceMac);
});
