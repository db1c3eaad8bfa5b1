import assert from "node:assert/strict";
import { internetChecksum } from "./checksum.ts";
import { ChecksumError, TruncatedError, WireError } from "./errors.ts";
import {
  decrementTtl,
  emitIpv4,
  formatIpv4,
  IpProtocol,
  type Ipv4Repr,
  Ipv4View,
  parseIpv4,
} from "./ipv4.ts";
import { fromHex, Random, throwsError, toHex } from "./_testing.ts";

// IPv4 packets made with scapy 2.5.0 once:
//   IP(src="10.0.0.1", dst="10.0.0.2", id=0x1234, flags="DF", ttl=64) /
//     ICMP(type=8, id=0x42, seq=1) / b"stacklab-ping!!!"
const ECHO = fromHex(
  "4500002c123440004001149b0a0000010a000002080036f500420001737461636b6c61622d70696e67212121",
);
//   IP(src="10.0.0.1", dst="10.0.0.2", id=9, ttl=1, options=[IPOption_Router_Alert()]) / UDP(sport=1, dport=2)
const ROUTER_ALERT = fromHex("4600002000090000011110be0a0000010a00000294040000000100020008ebd8");

Deno.test("Ipv4View", async (t) => {
  await t.step("reads the fields of a real packet", () => {
    const view = new Ipv4View(ECHO);
    assert.deepEqual(
      [view.version, view.ihl, view.headerLength, view.dscp, view.ecn, view.totalLength],
      [4, 5, 20, 0, 0, 44],
    );
    assert.deepEqual(
      [view.identification, view.dontFragment, view.moreFragments, view.fragmentOffset],
      [0x1234, true, false, 0],
    );
    assert.deepEqual([view.ttl, view.protocol, view.checksum], [64, IpProtocol.Icmp, 0x149b]);
    assert.deepEqual([view.source, view.destination], ["10.0.0.1", "10.0.0.2"]);
    assert.ok(view.verifyChecksum());
    assert.equal(view.computeChecksum(), 0x149b);
  });

  await t.step("writes fields without disturbing their neighbours", () => {
    const bytes = ECHO.slice();
    const view = new Ipv4View(bytes);
    view.dscp = 46; // expedited forwarding
    view.ecn = 1;
    view.moreFragments = true;
    view.fragmentOffset = 0x1fff;
    view.reservedFlag = true;
    assert.deepEqual([view.dscp, view.ecn, view.dontFragment, view.moreFragments], [
      46,
      1,
      true,
      true,
    ]);
    assert.equal(toHex(bytes.subarray(0, 8)), "45b9002c1234ffff");
    view.reservedFlag = false;
    view.dontFragment = false;
    view.moreFragments = false;
    view.fragmentOffset = 0;
    view.dscp = 0;
    view.ecn = 0;
    view.ttl = 63;
    view.fillChecksum();
    assert.equal(internetChecksum(bytes.subarray(0, 20)), 0); // an intact header sums to 0xffff
    assert.ok(view.verifyChecksum());
    assert.equal(parseIpv4(bytes).ttl, 63);
  });

  await t.step("describes options byte by byte", () => {
    const options = new Ipv4View(ROUTER_ALERT).fields().filter((f) =>
      f.field.startsWith("options")
    );
    assert.deepEqual(options, [{
      field: "options",
      value: "Router Alert (148), length 4",
      start: 20,
      end: 24,
    }]);
  });
});

Deno.test("parseIpv4()", async (t) => {
  await t.step("parses a real packet", () => {
    assert.deepEqual(parseIpv4(ECHO), {
      dscp: 0,
      ecn: 0,
      identification: 0x1234,
      dontFragment: true,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 64,
      protocol: IpProtocol.Icmp,
      source: "10.0.0.1",
      destination: "10.0.0.2",
      options: new Uint8Array(),
      payload: ECHO.subarray(20),
    });
  });

  await t.step("parses options (IHL 6)", () => {
    const repr = parseIpv4(ROUTER_ALERT);
    assert.equal(toHex(repr.options), "94040000");
    assert.equal(repr.payload.length, 8);
  });

  await t.step("ignores bytes past the total length (Ethernet padding)", () => {
    const padded = new Uint8Array(46);
    padded.set(ECHO);
    assert.deepEqual(parseIpv4(padded), parseIpv4(ECHO));
  });

  await t.step("names the field and byte offset of each malformation", () => {
    const cases: [string, (bytes: Uint8Array) => Uint8Array, string, number, RegExp][] = [
      ["truncated", (b) => b.subarray(0, 19), "header", 0, /header needs 20 bytes but only 19/],
      ["version 6", (b) => (b[0] = 0x65, b), "version", 0, /version 6 is not 4/],
      ["IHL 3", (b) => (b[0] = 0x43, b), "ihl", 0, /IHL 3 \(12 bytes\) is shorter/],
      [
        "IHL past the end",
        (b) => (b[0] = 0x4f, b.subarray(0, 44)),
        "options",
        20,
        /60-byte header/,
      ],
      ["total length short", (b) => (b[2] = 0, b[3] = 12, b), "totalLength", 2, /total length 12/],
      ["total length long", (b) => (b[3] = 45, b), "totalLength", 2, /total length 45 is longer/],
    ];
    for (const [name, mutate, field, offset, message] of cases) {
      const error = throwsError(() => parseIpv4(mutate(ECHO.slice())), WireError);
      assert.deepEqual([error.layer, error.field, error.offset], ["IPv4", field, offset], name);
      assert.match(error.message, message, name);
    }
    assert.ok(
      throwsError(() => parseIpv4(ECHO.subarray(0, 3)), WireError) instanceof TruncatedError,
    );
  });

  await t.step("words the short total length error as the style guide does", () => {
    const bytes = ECHO.slice();
    bytes[2] = 0;
    bytes[3] = 12;
    assert.equal(
      throwsError(() => parseIpv4(bytes), WireError).message,
      "Cannot parse IPv4 header: total length 12 is shorter than the 20-byte header (byte offset 2). " +
        "Check the IHL and total length fields.",
    );
  });

  await t.step("reports a bad checksum but keeps the packet inspectable", () => {
    const bytes = ECHO.slice();
    bytes[8] = 1; // TTL changed, checksum not
    const error = throwsError(() => parseIpv4(bytes), ChecksumError);
    assert.deepEqual([error.layer, error.field, error.offset, error.found], [
      "IPv4",
      "checksum",
      10,
      0x149b,
    ]);
    assert.equal((error.repr as Ipv4Repr).ttl, 1);
    assert.ok(error.view instanceof Ipv4View);
    assert.equal(error.expected, (error.view as Ipv4View).computeChecksum());
    assert.equal(parseIpv4(bytes, { verifyChecksum: false }).ttl, 1);
  });
});

Deno.test("emitIpv4()", async (t) => {
  await t.step("writes the real packets byte for byte, scapy's checksum included", () => {
    assert.equal(toHex(emitIpv4(parseIpv4(ECHO))), toHex(ECHO));
    assert.equal(toHex(emitIpv4(parseIpv4(ROUTER_ALERT))), toHex(ROUTER_ALERT));
  });

  await t.step("can leave the checksum zero on purpose", () => {
    const bytes = emitIpv4(parseIpv4(ECHO), { checksum: false });
    assert.equal(new Ipv4View(bytes).checksum, 0);
    assert.throws(() => parseIpv4(bytes), ChecksumError);
  });

  await t.step("rejects out-of-range fields and unaligned options", () => {
    const repr = parseIpv4(ECHO);
    assert.throws(() => emitIpv4({ ...repr, ttl: 256 }), /ttl 256 is not an integer from 0 to 255/);
    assert.throws(() => emitIpv4({ ...repr, dscp: 64 }), WireError);
    assert.throws(() => emitIpv4({ ...repr, fragmentOffset: 8192 }), WireError);
    assert.throws(() => emitIpv4({ ...repr, options: new Uint8Array(3) }), /not a multiple of 4/);
    assert.throws(() => emitIpv4({ ...repr, options: new Uint8Array(44) }), WireError);
    assert.throws(() => emitIpv4({ ...repr, payload: new Uint8Array(65516) }), /above 65535/);
    assert.throws(() => emitIpv4({ ...repr, source: "10.0.0.300" }), SyntaxError);
  });

  await t.step("round-trips 10^4 random reprs", () => {
    const random = new Random(791);
    for (let n = 0; n < 10_000; n++) {
      const repr: Ipv4Repr = {
        dscp: random.int(64),
        ecn: random.int(4),
        identification: random.int(0x10000),
        dontFragment: random.chance(),
        moreFragments: random.chance(),
        fragmentOffset: random.int(0x2000),
        ttl: random.int(256),
        protocol: random.int(256),
        source: random.ipv4(),
        destination: random.ipv4(),
        options: random.bytes(4 * random.int(11)),
        payload: random.bytes(random.int(100)),
      };
      assert.deepEqual(parseIpv4(emitIpv4(repr)), repr);
    }
  });
});

Deno.test("decrementTtl()", async (t) => {
  await t.step("matches a full checksum recomputation for every TTL and random headers", () => {
    const random = new Random(1624);
    for (let ttl = 1; ttl < 256; ttl++) {
      for (let n = 0; n < 20; n++) {
        const bytes = emitIpv4({
          ...parseIpv4(ROUTER_ALERT),
          ttl,
          identification: random.int(0x10000),
          source: random.ipv4(),
        });
        assert.equal(decrementTtl(bytes), ttl - 1);
        const view = new Ipv4View(bytes);
        assert.equal(view.checksum, view.computeChecksum());
      }
    }
  });

  await t.step("refuses a TTL of 0: the router must send time exceeded instead", () => {
    const bytes = emitIpv4({ ...parseIpv4(ECHO), ttl: 0 });
    const error = throwsError(() => decrementTtl(bytes), WireError);
    assert.deepEqual([error.field, error.offset], ["ttl", 8]);
    assert.throws(() => decrementTtl(new Uint8Array(10)), TruncatedError);
  });
});

Deno.test("formatIpv4() prints tcpdump -v style", () => {
  assert.equal(
    formatIpv4(parseIpv4(ECHO)),
    "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto ICMP (1), length 44) 10.0.0.1 > 10.0.0.2",
  );
  assert.equal(
    formatIpv4(parseIpv4(ROUTER_ALERT)),
    "IP (tos 0x0, ttl 1, id 9, offset 0, flags [none], proto UDP (17), length 32, options (4 bytes)) " +
      "10.0.0.1 > 10.0.0.2",
  );
});
