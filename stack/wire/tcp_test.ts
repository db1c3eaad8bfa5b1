import assert from "node:assert/strict";
import { ChecksumError, TruncatedError, WireError } from "./errors.ts";
import { parseIpv4 } from "./ipv4.ts";
import {
  emitTcp,
  formatTcp,
  parseTcp,
  tcpFlags,
  type TcpOption,
  type TcpRepr,
  TcpView,
} from "./tcp.ts";
import { fromHex, Random, throwsError, toHex } from "./_testing.ts";

// TCP segments made with scapy 2.5.0 once (whole IPv4 packets):
//   IP(src="10.0.0.1", dst="10.0.1.2", id=1, flags="DF", ttl=64) /
//     TCP(sport=43210, dport=80, seq=1000, flags="S", window=65535,
//         options=[("MSS", 1460), ("SAckOK", b""), ("Timestamp", (12345, 0)), ("NOP", None), ("WScale", 7)])
const SYN = fromHex(
  "4500003c00014000400625b90a0000010a000102a8ca0050000003e800000000a002ffff55c20000" +
    "020405b40402080a000030390000000001030307",
);
//   IP(src="10.0.0.1", dst="10.0.1.2", id=2, flags="DF", ttl=64) /
//     TCP(sport=43210, dport=80, seq=1001, ack=5001, flags="PA", window=502) /
//     b"GET /index.html HTTP/1.1\r\nHost: 10.0.1.2\r\nUser-Agent: stacklab\r\n\r\n"
const REQUEST = fromHex(
  "4500006a000240004006258a0a0000010a000102a8ca0050000003e900001389501801f6b0a50000" +
    "474554202f696e6465782e68746d6c20485454502f312e310d0a486f73743a2031302e302e312e320d0a" +
    "557365722d4167656e743a20737461636b6c61620d0a0d0a",
);
//   IP(src="10.0.0.1", dst="10.0.1.2") / TCP(sport=1, dport=2, flags="A", ack=100,
//     options=[("NOP", None), ("NOP", None), ("SAck", (1000, 2000, 3000, 4000))])
const SACK = fromHex(
  "4500003c00010000400665b90a0000010a000102000100020000000000000064a0102000fd330000" +
    "01010512000003e8000007d000000bb800000fa0",
);
const ENDPOINTS = { source: "10.0.0.1", destination: "10.0.1.2" };
const segment = (packet: Uint8Array) => parseIpv4(packet).payload;

Deno.test("TcpView", async (t) => {
  await t.step("reads the fields of a real SYN", () => {
    const view = new TcpView(segment(SYN));
    assert.deepEqual([
      view.sourcePort,
      view.destinationPort,
      view.sequenceNumber,
      view.acknowledgmentNumber,
    ], [
      43210,
      80,
      1000,
      0,
    ]);
    assert.deepEqual([view.dataOffset, view.headerLength, view.reserved, view.flagsByte], [
      10,
      40,
      0,
      0x02,
    ]);
    assert.deepEqual([view.syn, view.ack, view.fin], [true, false, false]);
    assert.deepEqual([view.window, view.checksum, view.urgentPointer], [65535, 0x55c2, 0]);
    assert.equal(view.options.length, 20);
    assert.ok(view.verifyChecksum(ENDPOINTS));
  });
  await t.step("writes every flag bit to its own place", () => {
    const bytes = segment(SYN).slice();
    const view = new TcpView(bytes);
    const names = ["fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr"] as const;
    view.flagsByte = 0;
    names.forEach((name, bit) => {
      view[name] = true;
      assert.equal(view.flagsByte, (2 << bit) - 1, name);
    });
    view.syn = false;
    assert.equal(view.flagsByte, 0xfd);
    view.reserved = 0xf;
    view.dataOffset = 5;
    assert.equal(bytes[12], 0x5f);
  });
  await t.step("lists options with byte ranges for dissection", () => {
    const rows = new TcpView(segment(SYN)).fields().filter((f) => f.field.startsWith("options"));
    assert.deepEqual(rows.map((r) => [r.field, r.start, r.end]), [
      ["options.mss", 20, 24],
      ["options.sackPermitted", 24, 26],
      ["options.timestamps", 26, 36],
      ["options.nop", 36, 37],
      ["options.windowScale", 37, 40],
    ]);
  });
});

Deno.test("parseTcp()", async (t) => {
  await t.step("parses a real SYN with all of Linux's options", () => {
    assert.deepEqual(parseTcp(segment(SYN), ENDPOINTS), {
      sourcePort: 43210,
      destinationPort: 80,
      sequenceNumber: 1000,
      acknowledgmentNumber: 0,
      flags: tcpFlags({ syn: true }),
      window: 65535,
      urgentPointer: 0,
      options: [
        { kind: "mss", value: 1460 },
        { kind: "sackPermitted" },
        { kind: "timestamps", value: 12345, echoReply: 0 },
        { kind: "nop" },
        { kind: "windowScale", shift: 7 },
      ],
      payload: new Uint8Array(),
    });
  });
  await t.step("parses a real data segment and a real SACK", () => {
    const repr = parseTcp(segment(REQUEST), ENDPOINTS);
    assert.deepEqual(repr.flags, tcpFlags({ psh: true, ack: true }));
    assert.equal(repr.acknowledgmentNumber, 5001);
    assert.match(new TextDecoder().decode(repr.payload), /^GET \/index\.html HTTP\/1\.1\r\n/);
    assert.deepEqual(parseTcp(segment(SACK), ENDPOINTS).options, [
      { kind: "nop" },
      { kind: "nop" },
      { kind: "sack", blocks: [{ left: 1000, right: 2000 }, { left: 3000, right: 4000 }] },
    ]);
  });
  await t.step("rejects a data offset below 5 or past the end", () => {
    const bytes = segment(REQUEST).slice();
    bytes[12] = 0x40;
    const low = throwsError(() => parseTcp(bytes, ENDPOINTS), WireError);
    assert.deepEqual([low.field, low.offset], ["dataOffset", 12]);
    assert.match(low.message, /data offset 4 \(16 bytes\) is shorter than the 20-byte minimum/);
    const high = throwsError(
      () => parseTcp(segment(SYN).subarray(0, 30), ENDPOINTS),
      TruncatedError,
    );
    assert.deepEqual([high.field, high.needed, high.available], ["dataOffset", 40, 30]);
    assert.throws(() => parseTcp(segment(SYN).subarray(0, 19)), TruncatedError);
  });
  await t.step(
    "rejects options that overrun the header, naming the option and its byte offset",
    () => {
      // 24-byte header whose options are NOP, NOP, then an MSS (length 4) starting at byte 22.
      const bytes = emitTcp({
        ...parseTcp(segment(REQUEST), ENDPOINTS),
        options: [{ kind: "nop" }, { kind: "nop" }, { kind: "nop" }, { kind: "nop" }],
      }, ENDPOINTS);
      bytes[22] = 2;
      bytes[23] = 4;
      const error = throwsError(() => parseTcp(bytes, { verifyChecksum: false }), WireError);
      assert.deepEqual([error.layer, error.field, error.offset], ["TCP", "options.mss", 22]);
      assert.match(
        error.message,
        /option mss of length 4 runs to byte 26, past the end of the 24-byte header/,
      );
    },
  );

  await t.step("reports a bad checksum and needs addresses to check one", () => {
    const error = throwsError(
      () => parseTcp(segment(SYN), { ...ENDPOINTS, destination: "10.0.1.3" }),
      ChecksumError,
    );
    assert.deepEqual([error.layer, error.field, error.offset, error.found], [
      "TCP",
      "checksum",
      16,
      0x55c2,
    ]);
    assert.equal((error.repr as TcpRepr).sequenceNumber, 1000);
    assert.throws(() => parseTcp(segment(SYN)), TypeError);
  });
});

Deno.test("emitTcp()", async (t) => {
  await t.step("writes the real segments byte for byte", () => {
    for (const packet of [SYN, REQUEST, SACK]) {
      assert.equal(
        toHex(emitTcp(parseTcp(segment(packet), ENDPOINTS), ENDPOINTS)),
        toHex(segment(packet)),
      );
    }
  });

  await t.step("rejects too many option bytes and out-of-range values", () => {
    const repr = parseTcp(segment(SYN), ENDPOINTS);
    const sack = {
      kind: "sack",
      blocks: [1, 2, 3, 4].map((n) => ({ left: n, right: n + 1 })),
    } as const;
    assert.throws(
      () =>
        emitTcp(
          { ...repr, options: [sack, { kind: "timestamps", value: 1, echoReply: 2 }] },
          ENDPOINTS,
        ),
      /more than the 40/,
    );
    assert.throws(
      () => emitTcp({ ...repr, options: [{ kind: "mss", value: 70000 }] }, ENDPOINTS),
      /options\.mss/,
    );
    assert.throws(
      () => emitTcp({ ...repr, options: [{ kind: "sack", blocks: [] }] }, ENDPOINTS),
      /0 SACK blocks/,
    );
    assert.throws(() => emitTcp({ ...repr, sequenceNumber: 2 ** 32 }, ENDPOINTS), /sequenceNumber/);
    assert.throws(
      () =>
        emitTcp(
          { ...repr, options: [{ kind: "unknown", type: 1, data: new Uint8Array() }] },
          ENDPOINTS,
        ),
      WireError,
    );
  });
  await t.step("round-trips 10^4 random reprs with random options", () => {
    const random = new Random(9293);
    const option = (): TcpOption => {
      switch (random.int(8)) {
        case 0:
          return { kind: "nop" };
        case 1:
          return { kind: "mss", value: random.int(0x10000) };
        case 2:
          return { kind: "windowScale", shift: random.int(15) };
        case 3:
          return { kind: "sackPermitted" };
        case 4:
          return {
            kind: "sack",
            blocks: Array.from(
              { length: 1 + random.int(3) },
              () => ({ left: random.u32(), right: random.u32() }),
            ),
          };
        case 5:
          return { kind: "timestamps", value: random.u32(), echoReply: random.u32() };
        case 6:
          return {
            kind: "unknown",
            type: random.pick([6, 7, 28, 30, 34, 253, 254]),
            data: random.bytes(random.int(6)),
          };
        default:
          return { kind: "eol" };
      }
    };
    for (let n = 0; n < 10_000; n++) {
      const options: TcpOption[] = [];
      let length = 0;
      for (let k = random.int(6); k > 0; k--) {
        const next = option();
        if (next.kind === "eol") break;
        const size = next.kind === "nop"
          ? 1
          : next.kind === "mss"
          ? 4
          : next.kind === "windowScale"
          ? 3
          : next.kind === "sackPermitted"
          ? 2
          : next.kind === "sack"
          ? 2 + 8 * next.blocks.length
          : next.kind === "timestamps"
          ? 10
          : 2 + next.data.length;
        if (length + size > 39) break;
        options.push(next);
        length += size;
      }
      if (length % 4 !== 0) options.push({ kind: "eol" }); // the padding reads back as EOL
      const flags = random.int(256);
      const repr: TcpRepr = {
        sourcePort: random.int(0x10000),
        destinationPort: random.int(0x10000),
        sequenceNumber: random.u32(),
        acknowledgmentNumber: random.u32(),
        flags: tcpFlags({
          fin: (flags & 1) !== 0,
          syn: (flags & 2) !== 0,
          rst: (flags & 4) !== 0,
          psh: (flags & 8) !== 0,
          ack: (flags & 16) !== 0,
          urg: (flags & 32) !== 0,
          ece: (flags & 64) !== 0,
          cwr: (flags & 128) !== 0,
        }),
        window: random.int(0x10000),
        urgentPointer: random.int(0x10000),
        options,
        payload: random.bytes(random.int(100)),
      };
      const endpoints = { source: random.ipv4(), destination: random.ipv4() };
      assert.deepEqual(parseTcp(emitTcp(repr, endpoints), endpoints), repr);
    }
  });
});

Deno.test("formatTcp() prints tcpdump -S style", () => {
  assert.equal(
    formatTcp(parseTcp(segment(SYN), ENDPOINTS), ENDPOINTS),
    "IP 10.0.0.1.43210 > 10.0.1.2.80: Flags [S], seq 1000, win 65535, " +
      "options [mss 1460,sackOK,TS val 12345 ecr 0,nop,wscale 7], length 0",
  );
  assert.equal(
    formatTcp(parseTcp(segment(REQUEST), ENDPOINTS), ENDPOINTS),
    "IP 10.0.0.1.43210 > 10.0.1.2.80: Flags [P.], seq 1001:1067, ack 5001, win 502, length 66",
  );
  assert.equal(
    formatTcp(parseTcp(segment(SACK), ENDPOINTS)),
    "1 > 2: Flags [.], seq 0, ack 100, win 8192, options [nop,nop,sack 2 {1000:2000}{3000:4000}], length 0",
  );
});
