import assert from "node:assert/strict";
import { ArpOperation, type ArpRepr, ArpView, emitArp, formatArp, parseArp } from "./arp.ts";
import { TruncatedError, WireError } from "./errors.ts";
import { fromHex, Random, throwsError, toHex } from "./_testing.ts";

// ARP payloads made with scapy 2.5.0 once (Ethernet header removed):
//   ARP(op=1, hwsrc="02:00:00:00:00:01", psrc="10.0.0.1", hwdst="00:00:00:00:00:00", pdst="10.0.0.2")
//   ARP(op=2, hwsrc="02:00:00:00:00:02", psrc="10.0.0.2", hwdst="02:00:00:00:00:01", pdst="10.0.0.1")
const REQUEST = fromHex("00010800060400010200000000010a0000010000000000000a000002");
const REPLY = fromHex("00010800060400020200000000020a0000020200000000010a000001");

Deno.test("ArpView", async (t) => {
  await t.step("reads the fields of a real request", () => {
    const view = new ArpView(REQUEST);
    assert.deepEqual(
      [
        view.hardwareType,
        view.protocolType,
        view.hardwareLength,
        view.protocolLength,
        view.operation,
      ],
      [1, 0x0800, 6, 4, 1],
    );
    assert.equal(view.senderMac, "02:00:00:00:00:01");
    assert.equal(view.senderIp, "10.0.0.1");
    assert.equal(view.targetMac, "00:00:00:00:00:00");
    assert.equal(view.targetIp, "10.0.0.2");
  });

  await t.step("writes fields: turning the request into the reply", () => {
    const bytes = REQUEST.slice();
    const view = new ArpView(bytes);
    view.operation = ArpOperation.Reply;
    view.senderMac = "02:00:00:00:00:02";
    view.senderIp = "10.0.0.2";
    view.targetMac = "02:00:00:00:00:01";
    view.targetIp = "10.0.0.1";
    assert.equal(toHex(bytes), toHex(REPLY));
  });
});

Deno.test("parseArp()", async (t) => {
  await t.step("parses a real request and reply", () => {
    assert.deepEqual(parseArp(REQUEST), {
      operation: ArpOperation.Request,
      senderMac: "02:00:00:00:00:01",
      senderIp: "10.0.0.1",
      targetMac: "00:00:00:00:00:00",
      targetIp: "10.0.0.2",
    });
    assert.equal(parseArp(REPLY).operation, ArpOperation.Reply);
  });

  await t.step("ignores Ethernet padding after the 28 bytes", () => {
    const padded = new Uint8Array(46);
    padded.set(REQUEST);
    assert.deepEqual(parseArp(padded), parseArp(REQUEST));
  });

  await t.step("rejects truncated packets with TruncatedError", () => {
    assert.throws(() => parseArp(REQUEST.subarray(0, 7)), TruncatedError);
    const error = throwsError(() => parseArp(REQUEST.subarray(0, 27)), TruncatedError);
    assert.deepEqual([error.field, error.offset, error.needed], ["addresses", 8, 28]);
  });

  await t.step("rejects other hardware and protocol types naming the field and offset", () => {
    const cases: [number, number, string, number][] = [
      [1, 6, "hardwareType", 0], // hardware type 6 (IEEE 802)
      [2, 0x86, "protocolType", 2], // 0x8600
      [4, 8, "hardwareLength", 4],
      [5, 16, "protocolLength", 5], // IPv6-sized addresses
    ];
    for (const [at, value, field, offset] of cases) {
      const bytes = REQUEST.slice();
      bytes[at] = value;
      const error = throwsError(() => parseArp(bytes), WireError);
      assert.deepEqual([error.layer, error.field, error.offset], ["ARP", field, offset]);
    }
  });
});

Deno.test("emitArp()", async (t) => {
  await t.step("writes the real packets byte for byte", () => {
    assert.equal(toHex(emitArp(parseArp(REQUEST))), toHex(REQUEST));
    assert.equal(toHex(emitArp(parseArp(REPLY))), toHex(REPLY));
  });

  await t.step("rejects a bad address and operation", () => {
    assert.throws(() => emitArp({ ...parseArp(REQUEST), senderIp: "10.0.0" }), SyntaxError);
    assert.throws(() => emitArp({ ...parseArp(REQUEST), operation: -1 }), WireError);
  });

  await t.step("round-trips 10^4 random reprs", () => {
    const random = new Random(826);
    for (let n = 0; n < 10_000; n++) {
      const repr: ArpRepr = {
        operation: random.chance(0.9) ? random.pick([1, 2]) : random.int(0x10000),
        senderMac: random.mac(),
        senderIp: random.ipv4(),
        targetMac: random.mac(),
        targetIp: random.ipv4(),
      };
      assert.deepEqual(parseArp(emitArp(repr)), repr);
    }
  });
});

Deno.test("formatArp() prints tcpdump style", () => {
  assert.equal(
    formatArp(parseArp(REQUEST)),
    "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28",
  );
  assert.equal(
    formatArp(parseArp(REPLY)),
    "ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28",
  );
});
