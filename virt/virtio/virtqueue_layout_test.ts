import assert from "node:assert/strict";
import {
  availableRingSize,
  usedRingSize,
  vringLayout,
  vringNeedEvent,
  vringSize,
} from "./virtqueue_layout.ts";

Deno.test("vringSize() matches Linux vring_size() worked by hand for 256 entries, align 4096", () => {
  // include/uapi/linux/virtio_ring.h:
  //   ((sizeof(vring_desc) * num + sizeof(__virtio16) * (3 + num) + align - 1) & ~(align - 1))
  //     + sizeof(__virtio16) * 3 + sizeof(vring_used_elem) * num
  // num = 256: 16·256 = 4096; 2·259 = 518; 4096 + 518 = 4614 → rounded up to 8192;
  // + 6 + 8·256 = 2054 → 10246.
  assert.equal(vringSize(256, 4096), 10246);
  // num = 128: 2048 + 262 = 2310 → 4096; + 6 + 1024 = 5126.
  assert.equal(vringSize(128, 4096), 5126);
  // virtio 1.x alignments (16/2/4) with align 4 just pack: 16·8 + 2·11 = 150 → 152; + 6 + 64 = 222.
  assert.equal(vringSize(8, 4), 222);
});

Deno.test("the ring sizes follow virtio §2.7: 6 + 2n and 6 + 8n bytes", () => {
  assert.equal(availableRingSize(32), 70);
  assert.equal(usedRingSize(32), 262);
  const layout = vringLayout(32, 0x8000, 4);
  assert.equal(layout.available - layout.descriptors, 512);
  assert.equal(layout.used % 4, 0);
});

Deno.test("vringSize() rejects a queue size that is not a power of two", () => {
  assert.throws(() => vringSize(100, 4096), /power of two.*got 100/);
  assert.throws(() => vringSize(0, 4096), RangeError);
  assert.throws(() => vringSize(16, 3000), /alignment must be a power of two/);
});

Deno.test("vringNeedEvent() is Linux vring_need_event, including 16-bit wrap-around", () => {
  // (u16)(new - event - 1) < (u16)(new - old)
  assert.equal(vringNeedEvent(0, 1, 0), true); // the other side asked at 0, we moved past it
  assert.equal(vringNeedEvent(1, 1, 0), false); // it asked for 1: "when you pass 1", not yet
  assert.equal(vringNeedEvent(3, 8, 0), true); // batch 0→8 crosses 3
  assert.equal(vringNeedEvent(10, 8, 0), false);
  assert.equal(vringNeedEvent(0xffff, 2, 0xfffe), true); // crosses the wrap
  assert.equal(vringNeedEvent(5, 2, 0xfffe), false);
});
