import assert from "node:assert/strict";
import { DeviceQueue, DriverQueue, VirtqueueError } from "./virtqueue.ts";
import { DescriptorFlag, vringLayout } from "./virtqueue_layout.ts";

function pair(eventIdx: boolean) {
  const memory = new Uint8Array(0x10000);
  const layout = vringLayout(8, 0x1000, 4);
  return {
    memory,
    layout,
    driver: new DriverQueue(memory, layout, { eventIdx }),
    device: new DeviceQueue(memory, layout, { eventIdx }),
  };
}

Deno.test("descriptors are written byte-exact: addr u64, len u32, flags u16, next u16", () => {
  const { memory, driver } = pair(true);
  driver.add([{ address: 0x2000, length: 16, write: false }, {
    address: 0x3000,
    length: 512,
    write: true,
  }]);
  const view = new DataView(memory.buffer);
  assert.equal(view.getUint32(0x1000, true), 0x2000);
  assert.equal(view.getUint32(0x1004, true), 0);
  assert.equal(view.getUint32(0x1008, true), 16);
  assert.equal(view.getUint16(0x100c, true), DescriptorFlag.NEXT);
  assert.equal(view.getUint16(0x100e, true), 1);
  assert.equal(view.getUint16(0x1010 + 12, true), DescriptorFlag.WRITE);
});

Deno.test("with EVENT_IDX, a device that asked at avail_event gets one kick per batch", () => {
  const { device, driver } = pair(true);
  for (let batch = 0; batch < 3; batch++) {
    for (let i = 0; i < 4; i++) {
      driver.add([{ address: 0x2000 + i * 16, length: 16, write: false }]);
    }
    assert.equal(driver.publish(), true, `batch ${batch} kicks`);
    let interrupts = 0;
    for (let head = device.pop(); head !== -1; head = device.pop()) {
      if (device.pushUsed(head, 0)) interrupts++;
    }
    // The driver never set used_event, so it stays 0: only the first completion of the
    // first batch crosses it.
    assert.equal(interrupts, batch === 0 ? 1 : 0);
    assert.equal(driver.reclaim().length, 4);
  }
});

Deno.test("with EVENT_IDX, a kick is suppressed while the device has not caught up", () => {
  const { device, driver } = pair(true);
  driver.add([{ address: 0x2000, length: 16, write: false }]);
  assert.equal(driver.publish(), true);
  // The device has not popped yet, so avail_event is still 0 and idx moves 1 → 2: no kick.
  driver.add([{ address: 0x2010, length: 16, write: false }]);
  assert.equal(driver.publish(), false);
  assert.equal(device.pop(), 0);
  assert.equal(device.pop(), 1);
  assert.equal(device.pop(), -1); // writes avail_event = 2
  driver.add([{ address: 0x2020, length: 16, write: false }]);
  assert.equal(driver.publish(), true);
});

Deno.test("without EVENT_IDX the device interrupts every completion unless NO_INTERRUPT", () => {
  const { memory, layout, device, driver } = pair(false);
  for (let i = 0; i < 3; i++) driver.add([{ address: 0x2000, length: 4, write: false }]);
  assert.equal(driver.publish(), true);
  assert.equal(device.pushUsed(device.pop(), 0), true);
  new DataView(memory.buffer).setUint16(layout.available, 1, true); // VRING_AVAIL_F_NO_INTERRUPT
  assert.equal(device.pushUsed(device.pop(), 0), false);
});

Deno.test("indirect descriptors are followed; loops and bad indices are VirtqueueError", () => {
  const { memory, layout, device } = pair(true);
  const view = new DataView(memory.buffer);
  const writeDescriptor = (
    at: number,
    address: number,
    length: number,
    flags: number,
    next: number,
  ) => {
    view.setUint32(at, address, true);
    view.setUint32(at + 8, length, true);
    view.setUint16(at + 12, flags, true);
    view.setUint16(at + 14, next, true);
  };
  // Descriptor 0 points at a table of two at 0x4000.
  writeDescriptor(layout.descriptors, 0x4000, 32, DescriptorFlag.INDIRECT, 0);
  writeDescriptor(0x4000, 0x5000, 16, DescriptorFlag.NEXT, 1);
  writeDescriptor(0x4010, 0x5100, 1, DescriptorFlag.WRITE, 0);
  assert.deepEqual(device.chain(0).map((d) => d.address), [0x5000, 0x5100]);
  // Descriptor 1 → 2 → 1: a loop.
  writeDescriptor(layout.descriptors + 16, 0x5000, 1, DescriptorFlag.NEXT, 2);
  writeDescriptor(layout.descriptors + 32, 0x5000, 1, DescriptorFlag.NEXT, 1);
  assert.throws(() => device.chain(1), VirtqueueError);
  writeDescriptor(layout.descriptors + 48, 0x5000, 1, DescriptorFlag.NEXT, 99);
  assert.throws(() => device.chain(3), /descriptor index 99 is past the table of 8/);
  writeDescriptor(layout.descriptors + 64, 0xfff0, 0x100, 0, 0);
  assert.throws(() => device.chain(4), /outside guest memory/);
});
