import assert from "node:assert/strict";
import {
  emitEthernet,
  type EthernetRepr,
  EthernetView,
  EtherType,
  etherTypeName,
  formatEthernet,
  formatMacAddress,
  MAC_BROADCAST,
  parseEthernet,
  parseMacAddress,
} from "./ethernet.ts";
import { ChecksumError, TruncatedError, WireError } from "./errors.ts";
import { fromHex, Random, throwsError, toHex } from "./_testing.ts";

// An ARP request frame made with scapy 2.5.0 (Debian python3-scapy), once:
//   bytes(Ether(src="02:00:00:00:00:01", dst="ff:ff:ff:ff:ff:ff") /
//         ARP(op=1, hwsrc="02:00:00:00:00:01", psrc="10.0.0.1", pdst="10.0.0.2")).hex()
// scapy does not pad to the 60-byte minimum; a NIC would.
const ARP_FRAME = fromHex(
  "ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002",
);
// zlib.crc32() of ARP_FRAME padded with 18 zero bytes, from Python once: 0xf84d6fe8.
const ARP_FRAME_FCS = 0xf84d6fe8;

Deno.test("EthernetView", async (t) => {
  await t.step("reads the fields of a real frame", () => {
    const view = new EthernetView(ARP_FRAME);
    assert.equal(view.destination, MAC_BROADCAST);
    assert.equal(view.source, "02:00:00:00:00:01");
    assert.equal(view.etherType, EtherType.Arp);
    assert.equal(view.payload.length, 28);
  });

  await t.step("writes the fields in place", () => {
    const bytes = ARP_FRAME.slice();
    const view = new EthernetView(bytes);
    view.destination = "02:00:00:00:00:0A";
    view.source = "02-00-00-00-00-0b";
    view.etherType = EtherType.Ipv4;
    assert.equal(toHex(bytes.subarray(0, 14)), "02000000000a02000000000b0800");
    assert.deepEqual(bytes.subarray(14), ARP_FRAME.subarray(14));
  });

  await t.step("works on a short buffer: missing bytes read as zero", () => {
    const view = new EthernetView(ARP_FRAME.subarray(0, 8));
    assert.equal(view.source, "02:00:00:00:00:00");
    assert.equal(view.etherType, 0);
    assert.deepEqual(view.fields().map((f) => f.field), ["destination"]);
  });
});

Deno.test("parseEthernet()", async (t) => {
  await t.step("parses a real frame", () => {
    const repr = parseEthernet(ARP_FRAME);
    assert.equal(repr.destination, MAC_BROADCAST);
    assert.equal(repr.source, "02:00:00:00:00:01");
    assert.equal(repr.etherType, EtherType.Arp);
    assert.deepEqual(repr.payload, ARP_FRAME.subarray(14));
  });

  await t.step("rejects a truncated header with TruncatedError naming the layer", () => {
    const error = throwsError(() => parseEthernet(ARP_FRAME.subarray(0, 13)), TruncatedError);
    assert.deepEqual([error.layer, error.field, error.offset, error.needed, error.available], [
      "Ethernet",
      "header",
      0,
      14,
      13,
    ]);
    assert.match(error.message, /^Cannot parse Ethernet frame: header needs 14 bytes but only 13/);
  });

  await t.step("keeps an unknown EtherType as a number", () => {
    const bytes = ARP_FRAME.slice();
    bytes[12] = 0x88;
    bytes[13] = 0xcc; // LLDP
    assert.equal(parseEthernet(bytes).etherType, 0x88cc);
    assert.equal(etherTypeName(0x88cc), "0x88cc");
  });

  await t.step("verifies the FCS against Python's zlib.crc32", () => {
    const frame = emitEthernet(parseEthernet(ARP_FRAME), { fcs: true });
    assert.equal(frame.length, 64);
    const fcs = frame[60] | (frame[61] << 8) | (frame[62] << 16) | (frame[63] << 24);
    assert.equal(fcs >>> 0, ARP_FRAME_FCS);
    assert.equal(parseEthernet(frame, { fcs: true }).payload.length, 46);
  });

  await t.step("reports a bad FCS with ChecksumError that still carries the repr", () => {
    const frame = emitEthernet(parseEthernet(ARP_FRAME), { fcs: true });
    frame[20] ^= 0xff;
    const error = throwsError(() => parseEthernet(frame, { fcs: true }), ChecksumError);
    assert.equal(error.offset, 60);
    assert.equal(error.found, ARP_FRAME_FCS); // the FCS is intact; the data changed
    assert.notEqual(error.expected, ARP_FRAME_FCS);
    assert.equal((error.repr as EthernetRepr).etherType, EtherType.Arp);
  });
});

Deno.test("emitEthernet()", async (t) => {
  await t.step("writes the real frame, padded with zeros to 60 bytes", () => {
    const frame = emitEthernet(parseEthernet(ARP_FRAME));
    assert.equal(frame.length, 60);
    assert.equal(toHex(frame), toHex(ARP_FRAME) + "00".repeat(18));
    assert.equal(toHex(emitEthernet(parseEthernet(ARP_FRAME), { pad: false })), toHex(ARP_FRAME));
  });

  await t.step("rejects a payload above the MTU and a bad EtherType", () => {
    const repr = parseEthernet(ARP_FRAME);
    assert.throws(() => emitEthernet({ ...repr, payload: new Uint8Array(1501) }), WireError);
    assert.equal(
      emitEthernet({ ...repr, payload: new Uint8Array(9000) }, { mtu: 9000 }).length,
      9014,
    );
    assert.throws(() => emitEthernet({ ...repr, etherType: 0x10000 }), /etherType 65536/);
    assert.throws(() => emitEthernet({ ...repr, source: "02:00:00:00:00" }), SyntaxError);
  });

  await t.step("round-trips 10^4 random reprs: parse(emit(x)) deep-equals x", () => {
    const random = new Random(802);
    for (let n = 0; n < 10_000; n++) {
      // Payloads of 46+ bytes need no padding, so the parsed payload is exactly the original.
      const repr: EthernetRepr = {
        destination: random.mac(),
        source: random.mac(),
        etherType: random.int(0x10000),
        payload: random.bytes(46 + random.int(200)),
      };
      const fcs = random.chance();
      assert.deepEqual(parseEthernet(emitEthernet(repr, { fcs }), { fcs }), repr);
    }
  });
});

Deno.test("MAC addresses", async (t) => {
  await t.step("parse and format round trip, lowercase colons canonical", () => {
    assert.equal(formatMacAddress(parseMacAddress("02:AB:cd:00:00:01")), "02:ab:cd:00:00:01");
  });
  await t.step("reject malformed text with a SyntaxError naming the byte", () => {
    assert.throws(() => parseMacAddress("02:00:00:00:00:0g"), /byte 6 "0g"/);
    assert.throws(() => parseMacAddress("02:00:00:00:00:01:"), SyntaxError);
    assert.throws(() => parseMacAddress("0200.0000.0001"), SyntaxError);
  });
});

Deno.test("formatEthernet() prints tcpdump -e style", () => {
  assert.equal(
    formatEthernet(parseEthernet(ARP_FRAME)),
    "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42",
  );
  assert.match(formatEthernet({ ...parseEthernet(ARP_FRAME), etherType: 46 }), /802\.3 length 46/);
});
