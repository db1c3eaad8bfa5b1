import assert from "node:assert/strict";
import { TruncatedError, WireError } from "./errors.ts";
import { emitPcap, emitPcapHeader, emitPcapRecord, formatPcap, parsePcap } from "./pcap.ts";
import { fromHex, Random, throwsError, toHex } from "./_testing.ts";

// Written by scapy 2.5.0's wrpcap() once: the ARP request of ethernet_test.ts padded to 60
// bytes, with p.time = 1.5. Little-endian, magic a1b2c3d4, snaplen 65535, linktype 1.
const SCAPY_PCAP = fromHex(
  "d4c3b2a1020004000000000000000000ffff000001000000" +
    "0100000020a107003c0000003c000000" +
    "ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002" +
    "000000000000000000000000000000000000",
);

// Written by hand from pcap-savefile(5): a big-endian writer, nanosecond magic, snaplen
// 4, one 6-byte frame captured as its first 4 bytes, at 3 s + 7 ns.
const BIG_ENDIAN_NS = fromHex(
  "a1b23c4d 0002 0004 00000000 00000000 00000004 00000001" +
    "00000003 00000007 00000004 00000006 deadbeef",
);

Deno.test("parsePcap()", async (t) => {
  await t.step("reads a file written by scapy", () => {
    const file = parsePcap(SCAPY_PCAP);
    assert.deepEqual(
      [
        file.precision,
        file.byteOrder,
        file.version,
        file.snapLength,
        file.linkType,
        file.fcsLength,
      ],
      ["microsecond", "little", [2, 4], 65535, 1, 0],
    );
    assert.equal(file.records.length, 1);
    assert.equal(file.records[0].timestampNs, 1_500_000_000n);
    assert.equal(file.records[0].originalLength, 60);
    assert.equal(toHex(file.records[0].data.subarray(0, 6)), "ffffffffffff");
  });

  await t.step("reads a byte-swapped (big-endian) nanosecond file", () => {
    const file = parsePcap(BIG_ENDIAN_NS);
    assert.deepEqual([file.precision, file.byteOrder, file.snapLength], ["nanosecond", "big", 4]);
    assert.deepEqual(file.records, [{
      timestampNs: 3_000_000_007n,
      data: fromHex("deadbeef"),
      originalLength: 6,
    }]);
  });

  await t.step("rejects other magics, naming pcapng", () => {
    const pcapng = fromHex("0a0d0d0a" + "00".repeat(20));
    const error = throwsError(() => parsePcap(pcapng), WireError);
    assert.deepEqual([error.layer, error.field, error.offset], ["pcap", "magic", 0]);
    assert.match(error.message, /0a0d0d0a is not a pcap magic.*editcap/);
  });

  await t.step("rejects truncated headers and records", () => {
    assert.throws(() => parsePcap(SCAPY_PCAP.subarray(0, 23)), TruncatedError);
    const header = throwsError(() => parsePcap(SCAPY_PCAP.subarray(0, 30)), TruncatedError);
    assert.deepEqual([header.field, header.offset], ["records[0].header", 24]);
    const data = throwsError(() => parsePcap(SCAPY_PCAP.subarray(0, 99)), TruncatedError);
    assert.deepEqual([data.field, data.offset], ["records[0].capturedLength", 32]);
  });
});

Deno.test("emitPcap()", async (t) => {
  await t.step("writes scapy's file byte for byte", () => {
    const record = parsePcap(SCAPY_PCAP).records[0];
    assert.equal(toHex(emitPcap([record], { snapLength: 65535 })), toHex(SCAPY_PCAP));
  });

  await t.step("writes the hand-made big-endian nanosecond file byte for byte", () => {
    const bytes = emitPcap([{ timestampNs: 3_000_000_007n, data: fromHex("deadbeef0102") }], {
      byteOrder: "big",
      precision: "nanosecond",
      snapLength: 4,
    });
    assert.equal(toHex(bytes), toHex(BIG_ENDIAN_NS));
  });

  await t.step("truncates microsecond timestamps, keeps nanoseconds exact", () => {
    const records = [{ timestampNs: 1_234_567_891, data: new Uint8Array(1) }];
    assert.equal(parsePcap(emitPcap(records)).records[0].timestampNs, 1_234_567_000n);
    assert.equal(
      parsePcap(emitPcap(records, { precision: "nanosecond" })).records[0].timestampNs,
      1_234_567_891n,
    );
  });

  await t.step("marks a 4-byte FCS in the link-type word (F bit, length in 16-bit units)", () => {
    const header = emitPcapHeader({ fcsLength: 4 });
    assert.equal(toHex(header.subarray(20)), "01000024"); // 0x24000001 little-endian
    assert.equal(parsePcap(header).fcsLength, 4);
    assert.throws(() => emitPcapHeader({ fcsLength: 3 }), /odd/);
  });

  await t.step("rejects negative or too-late timestamps and short original lengths", () => {
    assert.throws(
      () => emitPcapRecord({ timestampNs: -1, data: new Uint8Array() }),
      /timestamp -1 ns/,
    );
    assert.throws(
      () => emitPcapRecord({ timestampNs: 2n ** 32n * 1_000_000_000n, data: new Uint8Array() }),
      WireError,
    );
    assert.throws(
      () => emitPcapRecord({ timestampNs: 0, data: new Uint8Array(4), originalLength: 3 }),
      /original length 3/,
    );
  });

  await t.step("round-trips 1000 random files in all four magic/byte-order forms", () => {
    const random = new Random(1988);
    for (let n = 0; n < 1000; n++) {
      const precision = random.pick(["microsecond", "nanosecond"] as const);
      const byteOrder = random.pick(["little", "big"] as const);
      const snapLength = 1 + random.int(100);
      const records = Array.from({ length: random.int(5) }, () => {
        const ns = BigInt(random.u32()) * 1_000_000_000n + BigInt(random.int(1_000_000_000));
        return { timestampNs: ns, data: random.bytes(random.int(120)) };
      });
      const file = parsePcap(emitPcap(records, { precision, byteOrder, snapLength }));
      assert.deepEqual([file.precision, file.byteOrder, file.snapLength], [
        precision,
        byteOrder,
        snapLength,
      ]);
      file.records.forEach((record, i) => {
        const expected = precision === "nanosecond"
          ? records[i].timestampNs
          : (records[i].timestampNs / 1000n) * 1000n;
        assert.equal(record.timestampNs, expected);
        assert.deepEqual(record.data, records[i].data.subarray(0, snapLength));
        assert.equal(record.originalLength, records[i].data.length);
      });
    }
  });
});

Deno.test("formatPcap() summarises a file", () => {
  assert.equal(
    formatPcap(parsePcap(SCAPY_PCAP)),
    "pcap 2.4, linktype 1 (Ethernet), microsecond timestamps, snaplen 65535, 1 record, 60 bytes",
  );
});
