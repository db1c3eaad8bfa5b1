import assert from "node:assert/strict";
import {
  crc32,
  internetChecksum,
  onesComplementSum,
  pseudoHeaderSum,
  updateChecksum,
} from "./checksum.ts";
import { Random } from "./_testing.ts";

// Full recomputation by the definition (RFC 1071 §1), for comparison: add 16-bit words
// with end-around carry, bit by bit obvious.
function referenceSum(bytes: number[]): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) {
    sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  return sum;
}

Deno.test("onesComplementSum()", async (t) => {
  await t.step(
    "matches the RFC 1071 §3 worked example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2",
    () => {
      const bytes = new Uint8Array([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]);
      assert.equal(onesComplementSum(bytes), 0xddf2);
      assert.equal(internetChecksum(bytes), 0x220d);
    },
  );

  await t.step("is byte-order independent (RFC 1071 §2(B)): swapping bytes swaps the sum", () => {
    const random = new Random(1071);
    for (let n = 0; n < 200; n++) {
      const bytes = random.bytes(2 * (1 + random.int(40)));
      const swapped = bytes.map((_, i) => bytes[i ^ 1]);
      const sum = onesComplementSum(bytes);
      assert.equal(onesComplementSum(swapped), ((sum & 0xff) << 8) | (sum >> 8));
    }
  });

  await t.step("pads an odd last byte with zero (RFC 1071 §4.1)", () => {
    assert.equal(onesComplementSum(new Uint8Array([0x12, 0x34, 0x56])), 0x1234 + 0x5600);
  });

  await t.step("agrees with the word-by-word definition on random data", () => {
    const random = new Random(2);
    for (let n = 0; n < 500; n++) {
      const bytes = random.bytes(random.int(1500));
      assert.equal(onesComplementSum(bytes), referenceSum([...bytes]));
    }
  });

  await t.step("sums a range and continues from an initial sum", () => {
    const bytes = new Uint8Array([0xff, 0xff, 0x00, 0x01, 0x00, 0x02]);
    assert.equal(onesComplementSum(bytes, { start: 2, end: 6 }), 3);
    const first = onesComplementSum(bytes, { end: 2 });
    assert.equal(onesComplementSum(bytes, { start: 2, initial: first }), onesComplementSum(bytes));
  });

  await t.step("rejects a range outside the buffer with RangeError", () => {
    assert.throws(() => onesComplementSum(new Uint8Array(4), { end: 5 }), RangeError);
    assert.throws(() => onesComplementSum(new Uint8Array(4), { start: 3, end: 2 }), RangeError);
  });
});

Deno.test("pseudoHeaderSum() equals the sum of the 12 pseudo-header bytes", () => {
  const random = new Random(768);
  for (let n = 0; n < 200; n++) {
    const source = random.u32();
    const destination = random.u32();
    const protocol = random.pick([6, 17]);
    const length = random.int(0x10000);
    const bytes = new Uint8Array(12);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, source);
    view.setUint32(4, destination);
    bytes[9] = protocol;
    view.setUint16(10, length);
    assert.equal(
      pseudoHeaderSum({ source, destination, protocol, length }),
      onesComplementSum(bytes),
    );
  }
});

Deno.test("updateChecksum()", async (t) => {
  // RFC 1624 §4: other words sum to 0xcd7a, the field m = 0x5555 changes to m' = 0x3285.
  const before = new Uint8Array([0xcd, 0x7a, 0x55, 0x55]);
  const after = new Uint8Array([0xcd, 0x7a, 0x32, 0x85]);

  await t.step("reproduces RFC 1624 §4: HC = 0xdd2f, recomputed HC' = 0x0000", () => {
    assert.equal(internetChecksum(before), 0xdd2f);
    assert.equal(internetChecksum(after), 0x0000);
    assert.equal(updateChecksum(0xdd2f, { from: 0x5555, to: 0x3285 }), 0x0000);
  });

  await t.step("differs from RFC 1141's HC' = HC + m + ~m', which gives -0 (0xffff) here", () => {
    let rfc1141 = 0xdd2f + 0x5555 + (~0x3285 & 0xffff);
    while (rfc1141 > 0xffff) rfc1141 = (rfc1141 & 0xffff) + (rfc1141 >>> 16);
    assert.equal(rfc1141, 0xffff);
    assert.notEqual(rfc1141, internetChecksum(after));
  });

  await t.step("equals a full recomputation for random headers and random field changes", () => {
    const random = new Random(1624);
    for (let n = 0; n < 2000; n++) {
      const bytes = random.bytes(20);
      bytes[10] = bytes[11] = 0;
      const checksum = internetChecksum(bytes);
      const word = 2 * random.int(10);
      if (word === 10) continue; // the checksum field itself
      const from = (bytes[word] << 8) | bytes[word + 1];
      const to = random.int(0x10000);
      bytes[word] = to >> 8;
      bytes[word + 1] = to;
      assert.equal(updateChecksum(checksum, { from, to }), internetChecksum(bytes));
    }
  });
});

Deno.test("crc32()", async (t) => {
  await t.step('gives the standard check value 0xcbf43926 for "123456789"', () => {
    assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  });
  await t.step(
    "agrees with Python's zlib.crc32 (run once: 0x414fa339 for the fox sentence)",
    () => {
      const text = new TextEncoder().encode("The quick brown fox jumps over the lazy dog");
      assert.equal(crc32(text), 0x414fa339);
      assert.equal(crc32(text, { start: 4, end: 9 }), crc32(text.subarray(4, 9)));
    },
  );
});
