import assert from "node:assert/strict";
import { Ipv4View, parseIpv4 } from "./ipv4.ts";
import { copiedIpv4Options, DontFragmentError, fragmentIpv4 } from "./ipv4_fragment.ts";
import { WireError } from "./errors.ts";
import { testIpv4Datagram } from "./_testing.ts";

const datagram = (length: number, extra: Parameters<typeof testIpv4Datagram>[1] = {}) =>
  testIpv4Datagram(length, { identification: 0x1234, ...extra });

Deno.test("fragmentIpv4() cuts a 4000-byte datagram for MTU 1500 as RFC 791 §3.2 computes", async (t) => {
  // Hand-worked: 4000 bytes = 20 header + 3980 data. NFB = (1500 − 5·4) / 8 = 185 blocks
  // = 1480 data bytes. Fragment 1: offset 0, 1480 data, TL 1500, MF. Fragment 2: offset
  // 0 + 185 = 185, 1480 data, TL 1500, MF. Fragment 3: offset 370, 3980 − 2960 = 1020
  // data, TL 1040, MF = original MF = 0.
  const original = datagram(3980);
  assert.equal(original.length, 4000);
  const fragments = fragmentIpv4(original, 1500);
  await t.step("offsets, lengths and flags", () => {
    const rows = fragments.map((bytes) => {
      const view = new Ipv4View(bytes);
      return [view.fragmentOffset, view.totalLength, view.moreFragments, bytes.length];
    });
    assert.deepEqual(rows, [[0, 1500, true, 1500], [185, 1500, true, 1500], [
      370,
      1040,
      false,
      1040,
    ]]);
  });
  await t.step("every fragment has a valid checksum and the original's identification", () => {
    for (const bytes of fragments) {
      const repr = parseIpv4(bytes); // throws on a bad checksum
      assert.equal(repr.identification, 0x1234);
      assert.equal(repr.dontFragment, false);
    }
  });
  await t.step("the data, laid at offset × 8, is the original data", () => {
    const data = new Uint8Array(3980);
    for (const bytes of fragments) {
      const repr = parseIpv4(bytes);
      data.set(repr.payload, repr.fragmentOffset * 8);
    }
    assert.deepEqual(data, parseIpv4(original).payload);
  });
});

Deno.test("fragmentIpv4() returns a packet that fits as one copy", () => {
  const original = datagram(1480);
  const [only, ...rest] = fragmentIpv4(original, 1500);
  assert.deepEqual(only, original);
  assert.equal(rest.length, 0);
  assert.notEqual(only.buffer, original.buffer);
});

Deno.test("fragmentIpv4() refuses a DF packet with the MTU to report (RFC 1191 §4)", () => {
  const original = datagram(1000, { dontFragment: true });
  assert.throws(() => fragmentIpv4(original, 576), (error: unknown) => {
    assert.ok(error instanceof DontFragmentError);
    assert.equal(error.mtu, 576);
    assert.equal(error.packetLength, 1020);
    assert.match(error.message, /DF .*next-hop MTU 576/);
    return true;
  });
  assert.equal(fragmentIpv4(original, 1500).length, 1); // fits: DF does not matter
});

Deno.test("fragmentIpv4() refuses an MTU below RFC 791's 68 octets", () => {
  assert.throws(() => fragmentIpv4(datagram(100), 67), RangeError);
  assert.throws(() => fragmentIpv4(datagram(100), 1500.5), /integer from 68/);
  // 68 itself works: 20-byte header + 48 data bytes (6 blocks) per fragment.
  const pieces = fragmentIpv4(datagram(100), 68).map((bytes) => parseIpv4(bytes));
  assert.deepEqual(pieces.map((p) => [p.fragmentOffset, p.payload.length]), [[0, 48], [6, 48], [
    12,
    4,
  ]]);
});

Deno.test("fragmentIpv4() re-fragments a fragment: offsets add, the last keeps MF", () => {
  // A middle fragment (offset 185, MF) of 1480 data bytes crossing a 576-byte link:
  // NFB = (576 − 20) / 8 = 69 blocks = 552 bytes → pieces 552, 552, 376 at offsets
  // 185, 185 + 69 = 254, 254 + 69 = 323, all with MF set (the original had MF).
  const middle = datagram(1480, { fragmentOffset: 185, moreFragments: true });
  const pieces = fragmentIpv4(middle, 576).map((bytes) => parseIpv4(bytes));
  assert.deepEqual(pieces.map((p) => [p.fragmentOffset, p.payload.length, p.moreFragments]), [
    [185, 552, true],
    [254, 552, true],
    [323, 376, true],
  ]);
});

Deno.test("non-first fragments keep only options with the copy flag (RFC 791 §3.1)", () => {
  // Record Route (type 7, copy bit clear, 7 bytes) + Loose Source Route (131, copy bit
  // set, 7 bytes) + EOL + pad = 16 option bytes; IHL 9 (36 bytes). Later fragments keep
  // only LSRR padded to 8 bytes: IHL 7 (28 bytes).
  const options = new Uint8Array([7, 7, 4, 0, 0, 0, 0, 131, 7, 4, 10, 0, 0, 1, 0, 0]);
  const pieces = fragmentIpv4(datagram(200, { options }), 100).map((bytes) => parseIpv4(bytes));
  assert.deepEqual([...pieces[0].options], [...options]);
  for (const piece of pieces.slice(1)) {
    assert.deepEqual([...piece.options], [131, 7, 4, 10, 0, 0, 1, 0]);
  }
  // First: NFB = (100 − 36) / 8 = 8 → 64 bytes. Then NFB = (100 − 28) / 8 = 9 → 72 bytes.
  assert.deepEqual(pieces.map((p) => [p.fragmentOffset, p.payload.length]), [[0, 64], [8, 72], [
    17,
    64,
  ]]);
  assert.throws(() => copiedIpv4Options(new Uint8Array([131, 9, 4, 0])), WireError);
});
