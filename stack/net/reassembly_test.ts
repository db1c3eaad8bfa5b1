import assert from "node:assert/strict";
import { Random } from "../../src/sim/mod.ts";
import { parseIpv4 } from "../wire/ipv4.ts";
import { fragmentIpv4 } from "../wire/ipv4_fragment.ts";
import { Reassembly, type ReassemblyResult } from "./reassembly.ts";
import { testIpv4Datagram } from "../wire/_testing.ts";

const datagram = testIpv4Datagram;

/** A hand-made fragment: `size` data bytes at `offset` 8-byte blocks. */
function piece(offset: number, size: number, moreFragments: boolean, id = 42): Uint8Array {
  return datagram(size, { fragmentOffset: offset, moreFragments, identification: id });
}

Deno.test("fragment → shuffle (with duplicates) → reassemble gives the original bytes", () => {
  const random = new Random(2026);
  for (let trial = 0; trial < 300; trial++) {
    const size = random.int(0, 65515);
    const mtu = random.int(68, 1500);
    // Options on a third of the datagrams: a copied LSRR and an uncopied Record Route.
    const options = trial % 3 === 0
      ? new Uint8Array([7, 7, 4, 0, 0, 0, 0, 131, 7, 4, 10, 0, 0, 1, 0, 0])
      : new Uint8Array();
    const original = datagram(Math.min(size, 65515 - options.length), { options });
    const fragments = fragmentIpv4(original, mtu);
    const duplicates = fragments.filter(() => random.next() < 0.1);
    const order = random.shuffle([...fragments, ...duplicates]);
    const buffers = new Reassembly();
    const results: ReassemblyResult[] = order.map((bytes) => buffers.add(bytes, 0));
    const complete = results.filter((r) => r.status === "complete");
    const context = `trial ${trial}: ${original.length} bytes, MTU ${mtu}`;
    if (fragments.length === 1) {
      // A packet that fits is not a fragment; Reassembly still passes it through whole.
      assert.equal(complete.length, order.length, context);
      continue;
    }
    assert.equal(complete.length, 1, context);
    assert.ok(
      results.every((r) =>
        r.status === "complete" || r.status === "incomplete" || r.status === "duplicate"
      ),
      context,
    );
    assert.deepEqual(complete[0].status === "complete" && complete[0].packet, original, context);
    // A duplicate arriving after completion starts a new buffer, which will time out.
    const late = results.findIndex((r) => r.status === "complete") < results.length - 1;
    assert.equal(buffers.size, late ? 1 : 0, context);
  }
});

Deno.test("the hole list follows RFC 815 on the RFC 791 example, in reverse order", () => {
  const fragments = fragmentIpv4(datagram(3980), 1500);
  const buffers = new Reassembly();
  assert.deepEqual(buffers.add(fragments[2], 0), {
    status: "incomplete",
    key: "10.0.1.10>10.0.2.20 proto 17 id 42",
    started: true,
  });
  assert.equal(buffers.add(fragments[1], 0).status, "incomplete");
  const done = buffers.add(fragments[0], 0);
  assert.equal(done.status, "complete");
  const repr = parseIpv4(done.status === "complete" ? done.packet : new Uint8Array());
  assert.deepEqual([repr.moreFragments, repr.fragmentOffset, repr.payload.length], [
    false,
    0,
    3980,
  ]);
});

Deno.test("fragments of different datagrams (by identification) stay apart", () => {
  const buffers = new Reassembly();
  assert.equal(buffers.add(piece(0, 8, true, 1), 0).status, "incomplete");
  assert.equal(buffers.add(piece(0, 8, true, 2), 0).status, "incomplete");
  assert.equal(buffers.size, 2);
  assert.equal(buffers.add(piece(1, 4, false, 2), 0).status, "complete");
  assert.equal(buffers.size, 1);
});

Deno.test("overlaps drop the datagram, duplicates are ignored (Linux, RFC 5722 §4)", async (t) => {
  await t.step("an exact duplicate is ignored and the datagram still completes", () => {
    const buffers = new Reassembly();
    buffers.add(piece(0, 16, true), 0);
    assert.equal(buffers.add(piece(0, 16, true), 0).status, "duplicate");
    assert.equal(buffers.add(piece(2, 8, false), 0).status, "complete");
  });
  await t.step("a fragment inside received data is a duplicate too", () => {
    const buffers = new Reassembly();
    buffers.add(piece(0, 24, true), 0);
    assert.equal(buffers.add(piece(1, 8, true), 0).status, "duplicate");
  });
  await t.step("a partial overlap (the teardrop shape) discards everything", () => {
    const buffers = new Reassembly();
    buffers.add(piece(0, 24, true), 0);
    const result = buffers.add(piece(2, 24, false), 0); // bytes 16–40 overlap 0–24
    assert.deepEqual(result, {
      status: "dropped",
      reason: "overlap",
      key: "10.0.1.10>10.0.2.20 proto 17 id 42",
    });
    assert.equal(buffers.size, 0);
  });
  await t.step("data past a known end, or two different ends, are dropped", () => {
    const buffers = new Reassembly();
    buffers.add(piece(1, 8, false), 0); // data ends at 16
    assert.equal(buffers.add(piece(2, 8, true), 0).status, "dropped");
    buffers.add(piece(1, 8, false), 0);
    assert.equal(buffers.add(piece(0, 4, false), 0).status, "dropped");
  });
  await t.step("a non-last fragment whose data is not whole 8-byte blocks is dropped", () => {
    assert.deepEqual(new Reassembly().add(piece(0, 12, true), 0).status, "dropped");
  });
  await t.step("more than 65535 bytes in all (ping of death) is dropped", () => {
    const result = new Reassembly().add(piece(8189, 40, false), 0); // 65512 + 40 + 20 > 65535
    assert.deepEqual(result.status === "dropped" && result.reason, "too-long");
  });
});

Deno.test("expire() removes buffers after the timeout and returns the first fragment if any", () => {
  const buffers = new Reassembly({ timeout: 30 });
  buffers.add(piece(0, 8, true, 1), 0); // has its first fragment
  buffers.add(piece(1, 8, false, 2), 10); // has not
  assert.deepEqual(buffers.expire(29), []);
  const first = buffers.expire(30);
  assert.deepEqual(first.map((row) => [row.key, row.first?.length]), [[
    "10.0.1.10>10.0.2.20 proto 17 id 1",
    28,
  ]]);
  assert.deepEqual(buffers.expire(40).map((row) => row.first), [null]);
  assert.throws(() => new Reassembly({ timeout: -1 }), /timeout/);
});
