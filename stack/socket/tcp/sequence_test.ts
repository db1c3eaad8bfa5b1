import assert from "node:assert/strict";
import { seqAdd, seqDiff, seqGe, seqGt, seqInWindow, seqLe, seqLt } from "./sequence.ts";

Deno.test("seqLt() orders numbers across the 2^32 wrap", () => {
  const near = 0xffff_fff0;
  assert.ok(seqLt(near, seqAdd(near, 0x20)));
  assert.ok(seqGt(seqAdd(near, 0x20), near));
  assert.equal(seqAdd(near, 0x20), 0x10);
  assert.ok(seqLe(5, 5) && seqGe(5, 5) && !seqLt(5, 5) && !seqGt(5, 5));
});

Deno.test("seqDiff() is the signed distance, at most 2^31 either way", () => {
  assert.equal(seqDiff(0x10, 0xffff_fff0), 0x20);
  assert.equal(seqDiff(0xffff_fff0, 0x10), -0x20);
  // Half the circle away is the ambiguous point: it reads as "before".
  assert.equal(seqDiff(2 ** 31, 0), -(2 ** 31));
});

Deno.test("seqInWindow() handles a window that straddles zero", () => {
  const low = 0xffff_ff00;
  const high = seqAdd(low, 0x200); // 0x100
  assert.ok(seqInWindow(0xffff_ffff, low, high));
  assert.ok(seqInWindow(0, low, high));
  assert.ok(seqInWindow(0xff, low, high));
  assert.ok(!seqInWindow(0x100, low, high));
  assert.ok(!seqInWindow(0xffff_feff, low, high));
});
