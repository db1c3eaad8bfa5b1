import assert from "node:assert/strict";
import { ChecksumError, TruncatedError } from "./errors.ts";
import {
  emitIcmp,
  formatIcmp,
  type IcmpRepr,
  IcmpType,
  IcmpView,
  parseIcmp,
  TimeExceededCode,
  UnreachableCode,
} from "./icmp.ts";
import { Ipv4View, parseIpv4 } from "./ipv4.ts";
import { readU16 } from "./_bytes.ts";
import { fromHex, Random, throwsError, toHex } from "./_testing.ts";

// ICMP messages made with scapy 2.5.0 once (the IPv4 header removed, see ipv4_test.ts):
//   ICMP(type=8, id=0x42, seq=1) / b"stacklab-ping!!!"
const ECHO = fromHex("080036f500420001737461636b6c61622d70696e67212121");
// A router's reply to a traceroute probe, whole IPv4 packet:
//   orig = IP(src="10.0.0.1", dst="10.0.2.9", id=77, ttl=1) / UDP(sport=33434, dport=33435) / b"traceroute"
//   IP(src="10.0.0.254", dst="10.0.0.1", id=5) / ICMP(type=11, code=0) / bytes(orig)[:28]
const TIME_EXCEEDED_PACKET = fromHex(
  "4500003800050000400165c20a0000fe0a0000010b002a500000000045000026004d00000111a3710a0000010a000209829a829b0012c567",
);
//   orig = IP(src="10.0.0.1", dst="10.0.0.2", id=78) / UDP(sport=40000, dport=9) / b"x"
//   IP(src="10.0.0.2", dst="10.0.0.1", id=6) / ICMP(type=3, code=3) / bytes(orig)[:28]
const PORT_UNREACHABLE_PACKET = fromHex(
  "4500003800060000400166bd0a0000020a0000010303891a000000004500001d004e0000401166800a0000010a0000029c4000090009d78f",
);

Deno.test("IcmpView", async (t) => {
  await t.step("reads the fields of a real echo request", () => {
    const view = new IcmpView(ECHO);
    assert.deepEqual([view.type, view.code, view.checksum], [8, 0, 0x36f5]);
    assert.deepEqual([view.identifier, view.sequence], [0x42, 1]);
    assert.equal(new TextDecoder().decode(view.data), "stacklab-ping!!!");
    assert.ok(view.verifyChecksum());
  });

  await t.step("writes fields; turning a request into its reply needs a new checksum", () => {
    const bytes = ECHO.slice();
    const view = new IcmpView(bytes);
    view.type = IcmpType.EchoReply;
    assert.ok(!view.verifyChecksum());
    view.fillChecksum();
    assert.ok(view.verifyChecksum());
    assert.equal(view.checksum, 0x3ef5); // type 8 -> 0 lowers the sum by 0x0800
  });
});

Deno.test("parseIcmp()", async (t) => {
  await t.step("parses a real echo request", () => {
    assert.deepEqual(parseIcmp(ECHO), {
      kind: "echoRequest",
      identifier: 0x42,
      sequence: 1,
      data: ECHO.subarray(8),
    });
  });

  await t.step("parses a real time exceeded quoting the probe's header", () => {
    const repr = parseIcmp(parseIpv4(TIME_EXCEEDED_PACKET).payload);
    assert.equal(repr.kind, "timeExceeded");
    assert.equal(repr.kind === "timeExceeded" && repr.code, TimeExceededCode.TtlExceeded);
    // The quote is cut after 8 payload bytes, so parse refuses it but a view reads it.
    assert.throws(() => parseIpv4(repr.data), TruncatedError);
    const quoted = new Ipv4View(repr.data);
    assert.deepEqual([quoted.destination, quoted.ttl, quoted.totalLength], ["10.0.2.9", 1, 38]);
    assert.deepEqual([readU16(quoted.payload, 0), readU16(quoted.payload, 2)], [33434, 33435]);
  });

  await t.step("parses a real port unreachable", () => {
    const repr = parseIcmp(parseIpv4(PORT_UNREACHABLE_PACKET).payload);
    assert.equal(repr.kind, "destinationUnreachable");
    if (repr.kind !== "destinationUnreachable") return;
    assert.equal(repr.code, UnreachableCode.Port);
    assert.equal(repr.data.length, 28);
  });

  await t.step("parses unknown types and odd echo codes as kind other", () => {
    const bytes = emitIcmp({
      kind: "other",
      type: 13,
      code: 0,
      rest: 0x01020304,
      data: new Uint8Array(12),
    });
    assert.deepEqual(parseIcmp(bytes), {
      kind: "other",
      type: 13,
      code: 0,
      rest: 0x01020304,
      data: new Uint8Array(12),
    });
    const odd = emitIcmp({
      kind: "other",
      type: 8,
      code: 1,
      rest: 0x00420001,
      data: new Uint8Array(),
    });
    assert.equal(parseIcmp(odd).kind, "other");
  });

  await t.step("rejects a truncated header", () => {
    const error = throwsError(() => parseIcmp(ECHO.subarray(0, 7)), TruncatedError);
    assert.deepEqual([error.layer, error.field, error.needed, error.available], [
      "ICMP",
      "header",
      8,
      7,
    ]);
  });

  await t.step("reports a bad checksum with the repr", () => {
    const bytes = ECHO.slice();
    bytes[7] = 2; // sequence 2
    const error = throwsError(() => parseIcmp(bytes), ChecksumError);
    assert.deepEqual([error.layer, error.field, error.offset], ["ICMP", "checksum", 2]);
    assert.equal((error.repr as { sequence: number }).sequence, 2);
    assert.equal(parseIcmp(bytes, { verifyChecksum: false }).kind, "echoRequest");
  });
});

Deno.test("emitIcmp()", async (t) => {
  await t.step("writes the real messages byte for byte", () => {
    assert.equal(toHex(emitIcmp(parseIcmp(ECHO))), toHex(ECHO));
    for (const packet of [TIME_EXCEEDED_PACKET, PORT_UNREACHABLE_PACKET]) {
      const icmp = parseIpv4(packet).payload;
      assert.equal(toHex(emitIcmp(parseIcmp(icmp))), toHex(icmp));
    }
  });

  await t.step("rejects out-of-range fields", () => {
    assert.throws(
      () => emitIcmp({ kind: "echoReply", identifier: 70000, sequence: 0, data: new Uint8Array() }),
      /identifier 70000/,
    );
    assert.throws(
      () => emitIcmp({ kind: "timeExceeded", code: 256, data: new Uint8Array() }),
      RangeError,
    );
  });

  await t.step("round-trips 10^4 random reprs of every kind", () => {
    const random = new Random(792);
    for (let n = 0; n < 10_000; n++) {
      const data = random.bytes(random.int(64));
      let repr: IcmpRepr;
      switch (random.int(5)) {
        case 0:
          repr = {
            kind: "echoRequest",
            identifier: random.int(0x10000),
            sequence: random.int(0x10000),
            data,
          };
          break;
        case 1:
          repr = {
            kind: "echoReply",
            identifier: random.int(0x10000),
            sequence: random.int(0x10000),
            data,
          };
          break;
        case 2:
          repr = {
            kind: "destinationUnreachable",
            code: random.int(256),
            nextHopMtu: random.int(0x10000),
            data,
          };
          break;
        case 3:
          repr = { kind: "timeExceeded", code: random.int(256), data };
          break;
        default:
          repr = {
            kind: "other",
            type: random.pick([4, 5, 12, 13, 14, 42, 255]),
            code: random.int(256),
            rest: random.u32(),
            data,
          };
      }
      assert.deepEqual(parseIcmp(emitIcmp(repr)), repr);
    }
  });
});

Deno.test("formatIcmp() prints tcpdump style", () => {
  assert.equal(
    formatIcmp(parseIcmp(ECHO), { source: "10.0.0.1", destination: "10.0.0.2" }),
    "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 66, seq 1, length 24",
  );
  assert.equal(
    formatIcmp(parseIcmp(parseIpv4(TIME_EXCEEDED_PACKET).payload)),
    "ICMP time exceeded in-transit, length 36",
  );
  assert.equal(
    formatIcmp(parseIcmp(parseIpv4(PORT_UNREACHABLE_PACKET).payload)),
    "ICMP port unreachable, length 36",
  );
});
