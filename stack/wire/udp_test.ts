import assert from "node:assert/strict";
import { ChecksumError, TruncatedError, WireError } from "./errors.ts";
import { parseIpv4 } from "./ipv4.ts";
import { emitUdp, formatUdp, parseUdp, type UdpRepr, UdpView } from "./udp.ts";
import { fromHex, Random, throwsError, toHex } from "./_testing.ts";

// A UDP datagram made with scapy 2.5.0 once:
//   IP(src="10.0.0.1", dst="10.0.0.2", id=7, ttl=64) / UDP(sport=5353, dport=53) / b"hello, udp"
const PACKET = fromHex(
  "4500002600070000401166be0a0000010a00000214e9003500120dc668656c6c6f2c20756470",
);
const DATAGRAM = PACKET.subarray(20);
const ENDPOINTS = { source: "10.0.0.1", destination: "10.0.0.2" };

Deno.test("UdpView", async (t) => {
  await t.step("reads the fields of a real datagram", () => {
    const view = new UdpView(DATAGRAM);
    assert.deepEqual([view.sourcePort, view.destinationPort, view.length, view.checksum], [
      5353,
      53,
      18,
      0x0dc6,
    ]);
    assert.equal(new TextDecoder().decode(view.payload), "hello, udp");
    assert.ok(view.verifyChecksum(ENDPOINTS));
    assert.equal(view.computeChecksum(ENDPOINTS), 0x0dc6);
  });

  await t.step("writes fields in place", () => {
    const bytes = DATAGRAM.slice();
    const view = new UdpView(bytes);
    view.sourcePort = 1;
    view.destinationPort = 2;
    view.fillChecksum(ENDPOINTS);
    assert.equal(toHex(bytes.subarray(0, 6)), "000100020012");
    assert.ok(view.verifyChecksum(ENDPOINTS));
    assert.ok(
      !view.verifyChecksum({ ...ENDPOINTS, destination: "10.0.0.3" }),
      "the pseudo-header counts",
    );
  });
});

Deno.test("parseUdp()", async (t) => {
  await t.step("parses a real datagram, checking the pseudo-header checksum", () => {
    assert.deepEqual(parseUdp(parseIpv4(PACKET).payload, ENDPOINTS), {
      sourcePort: 5353,
      destinationPort: 53,
      payload: new TextEncoder().encode("hello, udp"),
    });
  });

  await t.step("treats a received checksum of 0 as 'no checksum'", () => {
    const bytes = DATAGRAM.slice();
    bytes[6] = bytes[7] = 0;
    assert.equal(parseUdp(bytes, ENDPOINTS).destinationPort, 53);
    assert.equal(parseUdp(bytes).destinationPort, 53, "no addresses needed either");
  });

  await t.step("reports a bad checksum, and needs the addresses to check one", () => {
    const error = throwsError(
      () => parseUdp(DATAGRAM, { ...ENDPOINTS, source: "10.0.0.9" }),
      ChecksumError,
    );
    assert.deepEqual([error.layer, error.field, error.offset, error.found], [
      "UDP",
      "checksum",
      6,
      0x0dc6,
    ]);
    assert.throws(() => parseUdp(DATAGRAM), TypeError);
    assert.equal(parseUdp(DATAGRAM, { verifyChecksum: false }).sourcePort, 5353);
  });

  await t.step("rejects bad lengths naming the length field", () => {
    const short = DATAGRAM.slice();
    short[5] = 7;
    const error = throwsError(() => parseUdp(short, ENDPOINTS), WireError);
    assert.deepEqual([error.field, error.offset], ["length", 4]);
    assert.match(error.message, /length 7 is shorter than the 8-byte header/);
    const long = throwsError(() => parseUdp(DATAGRAM.subarray(0, 17), ENDPOINTS), TruncatedError);
    assert.deepEqual([long.field, long.needed, long.available], ["length", 18, 17]);
    assert.throws(() => parseUdp(DATAGRAM.subarray(0, 7)), TruncatedError);
  });

  await t.step("ignores bytes past the length field", () => {
    const padded = new Uint8Array(30);
    padded.set(DATAGRAM);
    assert.deepEqual(parseUdp(padded, ENDPOINTS), parseUdp(DATAGRAM, ENDPOINTS));
  });
});

Deno.test("emitUdp()", async (t) => {
  await t.step("writes the real datagram byte for byte", () => {
    assert.equal(toHex(emitUdp(parseUdp(DATAGRAM, ENDPOINTS), ENDPOINTS)), toHex(DATAGRAM));
  });

  await t.step("sends a computed checksum of 0 as 0xffff (RFC 768)", () => {
    // With a 2-byte payload equal to the checksum of an empty-payload datagram, the sum
    // becomes 0xffff and the checksum ~0xffff = 0.
    const probe = new UdpView(
      emitUdp({ sourcePort: 7, destinationPort: 7, payload: new Uint8Array(2) }, ENDPOINTS),
    );
    const payload = new Uint8Array([probe.checksum >> 8, probe.checksum & 0xff]);
    const bytes = emitUdp({ sourcePort: 7, destinationPort: 7, payload }, ENDPOINTS);
    assert.equal(new UdpView(bytes).checksum, 0xffff);
    assert.deepEqual(parseUdp(bytes, ENDPOINTS).payload, payload);
  });

  await t.step("can send no checksum", () => {
    const bytes = emitUdp(parseUdp(DATAGRAM, ENDPOINTS), { checksum: false });
    assert.equal(new UdpView(bytes).checksum, 0);
    assert.throws(() => emitUdp(parseUdp(DATAGRAM, ENDPOINTS)), /needs the source and destination/);
  });

  await t.step("rejects out-of-range ports", () => {
    assert.throws(
      () =>
        emitUdp({ sourcePort: 65536, destinationPort: 1, payload: new Uint8Array() }, ENDPOINTS),
      WireError,
    );
  });

  await t.step("round-trips 10^4 random reprs", () => {
    const random = new Random(768);
    for (let n = 0; n < 10_000; n++) {
      const endpoints = { source: random.ipv4(), destination: random.ipv4() };
      const repr: UdpRepr = {
        sourcePort: random.int(0x10000),
        destinationPort: random.int(0x10000),
        payload: random.bytes(random.int(120)),
      };
      assert.deepEqual(parseUdp(emitUdp(repr, endpoints), endpoints), repr);
    }
  });
});

Deno.test("formatUdp() prints tcpdump style", () => {
  assert.equal(
    formatUdp(parseUdp(DATAGRAM, ENDPOINTS), ENDPOINTS),
    "IP 10.0.0.1.5353 > 10.0.0.2.53: UDP, length 10",
  );
});
